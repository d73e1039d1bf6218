package io.llmharness.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmharness.proxy.testing.BlackHole;
import io.llmharness.proxy.testing.Emulator;
import io.llmharness.proxy.testing.Envelope;
import io.llmharness.proxy.testing.HttpWire;
import io.llmharness.proxy.testing.JavaProcess;
import io.llmharness.proxy.testing.Prompts;
import io.llmharness.proxy.testing.ProxyProcess;
import io.llmharness.proxy.testing.RawHttp;
import io.llmharness.proxy.testing.ScriptedPeer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What the client gets when the prefill side fails, with real emulator processes. */
class PrefillFailuresIT {

  private static final String BODY = Prompts.streaming("\"Tell me a story\"", 8);

  private static final String JSON_200 = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n";

  private static final String DECODE_CALLS = "vllm:e2e_request_latency_seconds_count";

  private static Emulator decode;

  @BeforeAll
  static void start() {
    decode = Emulator.pd(Emulator.TCP);
  }

  @AfterAll
  static void stop() {
    decode.close();
  }

  @Test
  void anUnreachablePrefillServerIs502NamingIt() {
    String dead = "http://127.0.0.1:" + JavaProcess.freePort();
    try (ProxyProcess proxy = ProxyProcess.start(dead, decode.url())) {
      HttpWire.Message r = RawHttp.post(proxy.port(), "/v1/completions", BODY);
      assertThat(r.status()).isEqualTo(502);
      Envelope e = Envelope.of(r.body());
      assertThat(e.type()).isEqualTo("Bad Gateway");
      assertThat(e.code()).isEqualTo(502);
      assertThat(e.message()).contains("prefill server " + dead).contains("unreachable");
      assertThat(r.header(ProxyHeaders.ERROR_SIDE)).isEqualTo("prefill");
      assertThat(proxy.metric("proxy_errors_total{cause=\"prefill_unreachable\"}")).isEqualTo(1);
    }
  }

  @Test
  void aPrefillServerThatNeverAnswersIs504AfterThePrefillTimeout() {
    try (BlackHole hole = new BlackHole();
        ProxyProcess proxy =
            ProxyProcess.start(hole.url(), decode.url(), "--prefill-timeout", "500ms")) {
      HttpWire.Message r = RawHttp.post(proxy.port(), "/v1/completions", BODY);
      assertThat(r.status()).isEqualTo(504);
      Envelope e = Envelope.of(r.body());
      assertThat(e.type()).isEqualTo("Gateway Timeout");
      assertThat(e.message()).contains("prefill server").contains("--prefill-timeout");
      assertThat(r.header(ProxyHeaders.ERROR_SIDE)).isEqualTo("prefill");
    }
  }

  @Test
  void aPrefillErrorIsRelayedAndDecodeIsNeverCalled() {
    double decodeRequests = decode.metric("vllm:e2e_request_latency_seconds_count");
    try (Emulator failing = Emulator.pd(Emulator.TCP, "--fault-error-rate", "1");
        ProxyProcess proxy = ProxyProcess.start(failing.url(), decode.url())) {
      HttpWire.Message direct = RawHttp.post(failing.port(), "/v1/completions", BODY);
      HttpWire.Message r = RawHttp.post(proxy.port(), "/v1/completions", BODY);
      assertThat(r.status()).isEqualTo(direct.status()).isEqualTo(500);
      assertThat(r.text()).isEqualTo(direct.text());
      assertThat(r.header(ProxyHeaders.ERROR_SIDE)).isEqualTo("prefill");
      assertThat(r.header(ProxyHeaders.PREFILL_TIME)).matches("\\d+\\.\\d{2}");
      assertThat(proxy.metric("proxy_errors_total{cause=\"prefill_error_status\"}")).isEqualTo(1);
    }
    assertThat(decode.metric("vllm:e2e_request_latency_seconds_count")).isEqualTo(decodeRequests);
  }

  @Test
  void aPrefillServerWithoutKvTransferParamsIs502ByDefault() {
    try (Emulator plain = Emulator.plain();
        ProxyProcess proxy = ProxyProcess.start(plain.url(), decode.url())) {
      HttpWire.Message r = RawHttp.post(proxy.port(), "/v1/completions", BODY);
      assertThat(r.status()).isEqualTo(502);
      assertThat(Envelope.of(r.body()).message())
          .contains("without kv_transfer_params")
          .contains("--on-missing-kv-params recompute");
      assertThat(r.header(ProxyHeaders.ERROR_SIDE)).isEqualTo("prefill");
      assertThat(proxy.metric("proxy_errors_total{cause=\"missing_kv_params\"}")).isEqualTo(1);
    }
  }

  @Test
  void recomputeLetsTheDecodeServerPrefillAndSaysSo() {
    double transfers = decode.metric("vllm:nixl_xfer_time_seconds_count");
    double prompts = decode.metric("vllm:prompt_tokens_total");
    try (Emulator plain = Emulator.plain();
        ProxyProcess proxy =
            ProxyProcess.start(plain.url(), decode.url(), "--on-missing-kv-params", "recompute")) {
      HttpWire.Message r =
          RawHttp.post(proxy.port(), "/v1/completions", Prompts.streaming("[5,6,7,8,9]", 3));
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.header(ProxyHeaders.KV_PARAMS)).isEqualTo("missing");
      assertThat(r.text()).endsWith("data: [DONE]\n\n");
      assertThat(proxy.metric("proxy_kv_params_missing_total")).isEqualTo(1);
    }
    assertThat(decode.metric("vllm:nixl_xfer_time_seconds_count")).isEqualTo(transfers);
    assertThat(decode.metric("vllm:prompt_tokens_total")).isEqualTo(prompts + 5);
  }

  @Test
  void aPrefillConnectionThatBreaksMidAnswerIs502() {
    String truncated = JSON_200 + "Content-Length: 400\r\n\r\n{\"id\":\"cmpl-1\",\"choices\":[";
    try (ScriptedPeer peer = ScriptedPeer.answering(truncated)) {
      Envelope e = prefillBroken(peer);
      assertThat(e.message()).contains("closed before the response was complete");
    }
  }

  @Test
  void aPrefillAnswerOf200ThatIsNotJsonIs502() {
    String html =
        "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 13\r\n\r\n<html></html>";
    try (ScriptedPeer peer = ScriptedPeer.answering(html)) {
      assertThat(prefillBroken(peer).message()).contains("not a JSON object");
    }
  }

  @Test
  void aPrefillAnswerOverTheResponseSizeLimitIs502NamingTheFlag() {
    String big = JSON_200 + "Content-Length: 4096\r\n\r\n" + "{\"x\":\"" + "a".repeat(4086) + "\"}";
    try (ScriptedPeer peer = ScriptedPeer.answering(big)) {
      Envelope e = prefillBroken(peer, "--max-response-size", "1k");
      assertThat(e.message()).contains("1024 bytes").contains("--max-response-size");
    }
  }

  /**
   * Sends one request through a proxy in front of {@code peer} and asserts the README's "prefill
   * broken" row: 502 naming the prefill server, counted as {@code prefill_broken}, and no decode
   * call.
   */
  private static Envelope prefillBroken(ScriptedPeer peer, String... flags) {
    double decodeCalls = decode.metric(DECODE_CALLS);
    try (ProxyProcess proxy = ProxyProcess.start(peer.url(), decode.url(), flags)) {
      HttpWire.Message r = RawHttp.post(proxy.port(), "/v1/completions", BODY);
      assertThat(r.status()).isEqualTo(502);
      assertThat(r.header(ProxyHeaders.ERROR_SIDE)).isEqualTo("prefill");
      assertThat(proxy.metric("proxy_errors_total{cause=\"prefill_broken\"}")).isEqualTo(1);
      assertThat(peer.requests()).hasSize(1);
      assertThat(decode.metric(DECODE_CALLS)).isEqualTo(decodeCalls);
      Envelope e = Envelope.of(r.body());
      assertThat(e.type()).isEqualTo("Bad Gateway");
      assertThat(e.code()).isEqualTo(502);
      assertThat(e.message()).contains("prefill server " + peer.url());
      return e;
    }
  }
}
