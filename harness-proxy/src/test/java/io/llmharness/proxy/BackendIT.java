package io.llmharness.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmharness.proxy.testing.Emulator;
import io.llmharness.proxy.testing.Prompts;
import io.llmharness.proxy.testing.ProxyProcess;
import io.llmharness.proxy.testing.Streamed;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two disaggregated deployments that differ only in the NIXL backend (EFA = LIBFABRIC, TCP = UCX):
 * a 30K-token prompt moves ~370 MB of KV cache, which the emulator's profile prices at 100 versus
 * 25 Gbit/s. The proxy's decode-first-token time must show the difference the decode servers
 * themselves report ({@code vllm:nixl_xfer_time_seconds}); only relative comparisons, medians of
 * alternating requests.
 */
class BackendIT {

  private static final int TOKENS = 30_000;
  private static final int ROUNDS = 5;

  private static final List<AutoCloseable> open = new ArrayList<>();
  private static Deployment efa;
  private static Deployment tcp;

  private record Deployment(Emulator prefill, Emulator decode, ProxyProcess proxy) {
    static Deployment start(String backend) {
      Emulator p = Emulator.pd(backend);
      open.add(p);
      Emulator d = Emulator.pd(backend);
      open.add(d);
      ProxyProcess x = ProxyProcess.start(p.url(), d.url());
      open.add(x);
      return new Deployment(p, d, x);
    }

    double firstTokenMillis() {
      Streamed r =
          Streamed.post(
              proxy.port(),
              "/v1/completions",
              Prompts.streaming(Prompts.uniqueTokenIds(TOKENS), 2));
      return r.commentMillis(ProxyHeaders.DECODE_FIRST_TOKEN_TIME_KEY);
    }

    double transferMillisSum() {
      return decode.metric("vllm:nixl_xfer_time_seconds_sum") * 1000;
    }
  }

  @BeforeAll
  static void start() {
    efa = Deployment.start(Emulator.EFA);
    tcp = Deployment.start(Emulator.TCP);
    efa.firstTokenMillis();
    tcp.firstTokenMillis();
  }

  @AfterAll
  static void stop() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
  }

  private static double median(List<Double> xs) {
    List<Double> s = new ArrayList<>(xs);
    s.sort(null);
    return s.get(s.size() / 2);
  }

  @Test
  void tcpDecodeWaitsLongerForTheKvCacheByWhatTheDecodeServersReport() {
    double efaXferBefore = efa.transferMillisSum();
    double tcpXferBefore = tcp.transferMillisSum();
    List<Double> efaFirst = new ArrayList<>();
    List<Double> tcpFirst = new ArrayList<>();
    for (int i = 0; i < ROUNDS; i++) {
      efaFirst.add(efa.firstTokenMillis());
      tcpFirst.add(tcp.firstTokenMillis());
    }
    double efaXfer = (efa.transferMillisSum() - efaXferBefore) / ROUNDS;
    double tcpXfer = (tcp.transferMillisSum() - tcpXferBefore) / ROUNDS;
    double modelled = tcpXfer - efaXfer;
    double observed = median(tcpFirst) - median(efaFirst);
    System.out.printf(
        "decode first token EFA %s TCP %s ms; reported transfer EFA %.2f TCP %.2f ms%n",
        efaFirst, tcpFirst, efaXfer, tcpXfer);

    assertThat(tcpXfer).as("TCP transfer per the decode server").isGreaterThan(efaXfer);
    assertThat(observed)
        .as("proxy-observed TCP-EFA difference %s vs reported %s", observed, modelled)
        .isBetween(0.5 * modelled, 1.5 * modelled);
  }
}
