package io.llmharness.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.llmharness.proxy.testing.Emulator;
import io.llmharness.proxy.testing.HttpWire;
import io.llmharness.proxy.testing.Prompts;
import io.llmharness.proxy.testing.ProxyProcess;
import io.llmharness.proxy.testing.RawHttp;
import io.llmharness.proxy.testing.Streamed;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The proxy's timings against what the emulators report about the same request: requests run one at
 * a time, so the difference of an emulator's histogram sums before and after a request is that
 * request's own time. Rounding to two decimals allows 0.01 ms per reported value.
 */
class TimingIT {

  private static final double ROUNDING = 0.03;

  private static Emulator prefill;
  private static Emulator decode;
  private static ProxyProcess proxy;

  @BeforeAll
  static void start() {
    prefill = Emulator.pd(Emulator.TCP);
    decode = Emulator.pd(Emulator.TCP);
    proxy = ProxyProcess.start(prefill.url(), decode.url());
  }

  @AfterAll
  static void stop() {
    proxy.close();
    prefill.close();
    decode.close();
  }

  @BeforeEach
  void warmUp() {
    Streamed.post(
        proxy.port(), "/v1/completions", Prompts.streaming(Prompts.uniqueTokenIds(64), 2));
  }

  private static Streamed request() {
    return Streamed.post(
        proxy.port(), "/v1/completions", Prompts.streaming(Prompts.uniqueTokenIds(8000), 8));
  }

  @Test
  void prefillTimeCoversThePrefillServersWholeRequest() {
    String series = "vllm:e2e_request_latency_seconds_sum";
    double before = prefill.metric(series);
    Streamed r = request();
    double serverMillis = (prefill.metric(series) - before) * 1000;
    assertThat(serverMillis).isPositive();
    assertThat(r.headerMillis(ProxyHeaders.PREFILL_TIME))
        .isGreaterThanOrEqualTo(serverMillis - ROUNDING);
  }

  @Test
  void decodeFirstTokenTimeCoversTheKvPullAndTheDecodeServersFirstToken() {
    double ttftBefore = decode.metric("vllm:time_to_first_token_seconds_sum");
    double xferBefore = decode.metric("vllm:nixl_xfer_time_seconds_sum");
    Streamed r = request();
    double ttft = (decode.metric("vllm:time_to_first_token_seconds_sum") - ttftBefore) * 1000;
    double xfer = (decode.metric("vllm:nixl_xfer_time_seconds_sum") - xferBefore) * 1000;
    double firstToken = r.commentMillis(ProxyHeaders.DECODE_FIRST_TOKEN_TIME_KEY);
    assertThat(xfer).isPositive();
    assertThat(firstToken).isGreaterThanOrEqualTo(ttft - ROUNDING);
    assertThat(firstToken).isGreaterThanOrEqualTo(xfer - ROUNDING);
  }

  @Test
  void totalCoversThePhasesInOrder() {
    Streamed r = request();
    double prefillTime = r.headerMillis(ProxyHeaders.PREFILL_TIME);
    double kv = r.headerMillis(ProxyHeaders.KV_EXTRACT_TIME);
    double firstToken = r.commentMillis(ProxyHeaders.DECODE_FIRST_TOKEN_TIME_KEY);
    double total = r.commentMillis(ProxyHeaders.TOTAL_TIME_KEY);
    assertThat(kv).isGreaterThanOrEqualTo(0);
    assertThat(firstToken).isGreaterThanOrEqualTo(0);
    assertThat(total).isGreaterThanOrEqualTo(prefillTime + kv + firstToken - ROUNDING);
  }

  @Test
  void kvExtractIsTheProxysOwnWorkAndFarBelowThePrefill() {
    Streamed r = request();
    assertThat(r.headerMillis(ProxyHeaders.KV_EXTRACT_TIME))
        .isLessThan(r.headerMillis(ProxyHeaders.PREFILL_TIME));
  }

  @Test
  void theClientSeesAtLeastWhatTheProxyMeasured() {
    Streamed r = request();
    double proxyFirst =
        r.headerMillis(ProxyHeaders.PREFILL_TIME)
            + r.headerMillis(ProxyHeaders.KV_EXTRACT_TIME)
            + r.commentMillis(ProxyHeaders.DECODE_FIRST_TOKEN_TIME_KEY);
    assertThat(r.firstDataMillis()).isGreaterThanOrEqualTo(proxyFirst - ROUNDING);
    assertThat(r.endMillis())
        .isGreaterThanOrEqualTo(r.commentMillis(ProxyHeaders.TOTAL_TIME_KEY) - ROUNDING);
  }

  /**
   * A text prompt whose byte bound (33,600 bytes) exceeds the decode server's 32,768-token context
   * makes the proxy count it with {@code /tokenize} on D before the prefill. Non-streamed, every
   * phase is a header, and total = length check + prefill + KV extract + decode exactly: the check
   * is reported once, apart from the prefill, and the histograms agree with the headers.
   */
  @Test
  void theLengthCheckIsReportedApartFromThePrefill() {
    String body =
        "{\"model\":\"m\",\"prompt\":\"" + "hello world ".repeat(2800) + "\",\"max_tokens\":4}";
    double tokenizeCalls = proxy.metric("proxy_tokenize_calls_total");
    double prefillSum = proxy.metric("proxy_phase_seconds_sum{phase=\"prefill\"}");
    double checkSum = proxy.metric("proxy_phase_seconds_sum{phase=\"length_check\"}");
    HttpWire.Message r = RawHttp.post(proxy.port(), "/v1/completions", body);
    assertThat(r.status()).isEqualTo(200);
    assertThat(proxy.metric("proxy_tokenize_calls_total")).isEqualTo(tokenizeCalls + 1);
    double check = millis(r, ProxyHeaders.LENGTH_CHECK_TIME);
    double prefillTime = millis(r, ProxyHeaders.PREFILL_TIME);
    double rest =
        millis(r, ProxyHeaders.TOTAL_TIME)
            - millis(r, ProxyHeaders.DECODE_TIME)
            - millis(r, ProxyHeaders.KV_EXTRACT_TIME)
            - prefillTime;
    assertThat(check).as("a /tokenize round trip").isGreaterThan(ROUNDING);
    assertThat(rest).isCloseTo(check, within(ROUNDING));
    assertThat((proxy.metric("proxy_phase_seconds_sum{phase=\"prefill\"}") - prefillSum) * 1000)
        .isCloseTo(prefillTime, within(0.01));
    assertThat((proxy.metric("proxy_phase_seconds_sum{phase=\"length_check\"}") - checkSum) * 1000)
        .isCloseTo(check, within(0.01));
  }

  private static double millis(HttpWire.Message r, String header) {
    return Double.parseDouble(r.header(header));
  }

  @Test
  void theProxysHistogramsCountEveryPhase() {
    double before = proxy.metric("proxy_phase_seconds_count{phase=\"decode_first_token\"}");
    request();
    assertThat(proxy.metric("proxy_phase_seconds_count{phase=\"decode_first_token\"}"))
        .isEqualTo(before + 1);
    assertThat(proxy.metric("proxy_phase_seconds_count{phase=\"prefill\"}")).isPositive();
    assertThat(proxy.metric("proxy_phase_seconds_count{phase=\"kv_extract\"}")).isPositive();
    assertThat(proxy.metric("proxy_phase_seconds_count{phase=\"total\"}")).isPositive();
  }
}
