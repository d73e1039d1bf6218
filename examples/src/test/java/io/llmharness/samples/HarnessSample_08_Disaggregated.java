package io.llmharness.samples;

import static io.llmharness.junit.HarnessAssertions.assertThat;

import io.llmharness.annotations.Scenario;
import io.llmharness.junit.LlmBenchmark;
import io.llmharness.junit.ScenarioTest;
import io.llmharness.results.LatencyMetric;
import io.llmharness.results.ProxyTiming;
import io.llmharness.results.ScenarioResult;
import io.llmharness.scenario.Backend;
import java.util.Locale;
import java.util.Map;

/*
 * Prefill/decode disaggregation: one server (the producer) computes the prompt, another (the
 * consumer) pulls its KV cache and generates the answer, and a proxy in front of them makes the
 * pair look like one OpenAI server. It is what the Phase 15 study measures: the same prompt served
 * unified, or split with the KV cache moving over EFA (RDMA) or TCP.
 *
 * A scenario asks for it with `backend`: EFA or TCP. The deployment then is three processes: the
 * decode server, the prefill server (both started with vLLM's NixlConnector --kv-transfer-config,
 * NIXL backend LIBFABRIC for EFA and UCX for TCP, each with its own side-channel port), and the
 * P/D proxy (harness-proxy), which the harness starts and puts in front of them. Requests go to the
 * proxy, exactly as in production; the prefix cache defaults to off for these backends, as in the
 * Phase 15 guide. On the emulated target all three are emulator and proxy processes on this
 * machine, and the emulator models the links: 100 Gbit/s for LIBFABRIC and 25 Gbit/s for UCX in the
 * `fast` profile.
 *
 * Per request, the proxy sends the prompt to the prefill server with max_tokens 1, takes the
 * kv_transfer_params from its answer, sends the decode request with them, and streams the decode
 * server's answer back. It reports how long each leg took, and every request record keeps it:
 *
 *   proxy_prefill_time              header X-Proxy-Prefill-Time: request received to the prefill
 *                                   server's full answer (the producer's prefill and its queue)
 *   proxy_kv_extract_time           header X-Proxy-KV-Extract-Time: prefill answer to the decode
 *                                   request built
 *   proxy_decode_first_token_time   SSE comment: decode request sent to the first data line, i.e.
 *                                   the consumer's admission, its KV pull, and its first step
 *   proxy_total_time                SSE comment: the whole request inside the proxy
 *
 * METRICS.md defines them; assertThat(result).hasProxyTimings() checks that every request went
 * through the proxy, and proxy(ProxyTiming.PREFILL) asserts on one of them.
 */

@LlmBenchmark
@Scenario(promptTokens = 8192, maxTokens = 16, warmup = 5, iterations = 20)
class HarnessSample_08_Disaggregated {

  @ScenarioTest
  @Scenario(
      id = "s08-{backend}",
      backend = {Backend.EFA, Backend.TCP})
  void disaggregated(ScenarioResult result) {
    assertThat(result).hasNoErrors().hasProxyTimings();
    Map<ProxyTiming, LatencyMetric> proxy = result.metrics().proxy();
    System.out.printf(
        Locale.ROOT,
        "%-8s TTFT p50 %5.1f = proxy prefill %5.1f + KV extract %4.2f + decode first token %5.1f"
            + " + the rest %4.1f ms; TPOT p50 %.2f ms; proxy total p50 %5.1f, E2E p50 %5.1f ms%n",
        result.scenarioId(),
        p50(result.metrics().ttft()),
        p50(proxy.get(ProxyTiming.PREFILL)),
        p50(proxy.get(ProxyTiming.KV_EXTRACT)),
        p50(proxy.get(ProxyTiming.DECODE_FIRST_TOKEN)),
        p50(result.metrics().ttft())
            - p50(proxy.get(ProxyTiming.PREFILL))
            - p50(proxy.get(ProxyTiming.KV_EXTRACT))
            - p50(proxy.get(ProxyTiming.DECODE_FIRST_TOKEN)),
        p50(result.metrics().tpot()),
        p50(proxy.get(ProxyTiming.TOTAL)),
        p50(result.metrics().e2e()));
  }

  @ScenarioTest
  @Scenario(id = "s08-unified", prefixCache = false)
  void unified(ScenarioResult result) {
    assertThat(result).hasNoErrors();
    System.out.printf(
        Locale.ROOT,
        "%-8s TTFT p50 %5.1f ms; TPOT p50 %.2f ms; no proxy timings: %s%n",
        result.scenarioId(),
        p50(result.metrics().ttft()),
        p50(result.metrics().tpot()),
        result.metrics().proxy().isEmpty());
  }

  private static double p50(LatencyMetric metric) {
    return metric.summary().orElseThrow().p50();
  }

  /*
   * ============================== HOW TO RUN THIS SAMPLE: ==============================
   *
   * a) From the repository root:
   *
   *      mvn -B -pl examples -am verify -Dit.test='HarnessSample_08*' \
   *          -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false \
   *          -Dfailsafe.failIfNoSpecifiedTests=false
   *
   *    Printout: examples/target/failsafe-reports/
   *    io.llmharness.samples.HarnessSample_08_Disaggregated-output.txt; the logs of the three
   *    processes of each deployment in examples/target/harness/logs/ (efa-32768-nocache-<n>-decode,
   *    -prefill and -proxy).
   *
   * b) From the IDE: run this class as a JUnit test (working directory: the examples module).
   *
   * c) On two real nodes: -Dharness.target=ssh -Dharness.nodes=<prefill node>,<decode node>
   *    (README, "Target and servers"); the scenario does not change.
   */
}
