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
import io.llmharness.proxy.testing.Sse;
import io.llmharness.proxy.testing.TcpTap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What the client gets when the decode side fails, before or while streaming. */
class DecodeFailuresIT {

  private static final String BODY = Prompts.streaming("\"Tell me a story\"", 8);

  private static Emulator prefill;
  private static TcpTap prefillTap;

  @BeforeAll
  static void start() {
    prefill = Emulator.pd(Emulator.TCP);
    prefillTap = new TcpTap(prefill.port());
  }

  @AfterAll
  static void stop() {
    prefillTap.close();
    prefill.close();
  }

  private static String prefillUrl() {
    return "http://127.0.0.1:" + prefillTap.port();
  }

  @Test
  void anUnreachableDecodeServerIs502BeforeThePrefillPinsAnything() {
    String dead = "http://127.0.0.1:" + JavaProcess.freePort();
    int prefillCalls = prefillTap.requests().size();
    try (ProxyProcess proxy = ProxyProcess.start(prefillUrl(), dead)) {
      HttpWire.Message r = RawHttp.post(proxy.port(), "/v1/completions", BODY);
      assertThat(r.status()).isEqualTo(502);
      Envelope e = Envelope.of(r.body());
      assertThat(e.message()).contains("decode server " + dead).contains("unreachable");
      assertThat(r.header(ProxyHeaders.ERROR_SIDE)).isEqualTo("decode");
      assertThat(proxy.metric("proxy_errors_total{cause=\"decode_unreachable\"}")).isEqualTo(1);
    }
    assertThat(prefillTap.requests()).hasSize(prefillCalls);
  }

  @Test
  void anUnreachableDecodeServerAfterThePrefillIs502WithThePrefillTiming() {
    String dead = "http://127.0.0.1:" + JavaProcess.freePort();
    try (ProxyProcess proxy = ProxyProcess.start(prefillUrl(), dead, "--length-check", "off")) {
      HttpWire.Message r = RawHttp.post(proxy.port(), "/v1/completions", BODY);
      assertThat(r.status()).isEqualTo(502);
      assertThat(Envelope.of(r.body()).message()).contains("decode server " + dead);
      assertThat(r.header(ProxyHeaders.ERROR_SIDE)).isEqualTo("decode");
      assertThat(r.header(ProxyHeaders.PREFILL_TIME)).matches("\\d+\\.\\d{2}");
    }
  }

  @Test
  void aDecodeServerThatNeverAnswersIs504AfterTheDecodeTimeout() {
    try (BlackHole hole = new BlackHole();
        ProxyProcess proxy =
            ProxyProcess.start(
                prefillUrl(), hole.url(), "--length-check", "off", "--decode-timeout", "500ms")) {
      HttpWire.Message r = RawHttp.post(proxy.port(), "/v1/completions", BODY);
      assertThat(r.status()).isEqualTo(504);
      assertThat(Envelope.of(r.body()).message())
          .contains("decode server")
          .contains("--decode-timeout");
      assertThat(r.header(ProxyHeaders.ERROR_SIDE)).isEqualTo("decode");
      assertThat(proxy.metric("proxy_errors_total{cause=\"decode_timeout\"}")).isEqualTo(1);
    }
  }

  @Test
  void aDecodeErrorIsRelayed() {
    try (Emulator failing = Emulator.pd(Emulator.TCP, "--fault-error-rate", "1");
        ProxyProcess proxy = ProxyProcess.start(prefillUrl(), failing.url())) {
      HttpWire.Message r = RawHttp.post(proxy.port(), "/v1/completions", BODY);
      assertThat(r.status()).isEqualTo(500);
      assertThat(r.header(ProxyHeaders.ERROR_SIDE)).isEqualTo("decode");
      assertThat(r.header(ProxyHeaders.PREFILL_TIME)).matches("\\d+\\.\\d{2}");
      assertThat(Envelope.of(r.body()).code()).isEqualTo(500);
      assertThat(proxy.metric("proxy_errors_total{cause=\"decode_error_status\"}")).isEqualTo(1);
    }
  }

  @Test
  void aStalledStreamEndsWithAGatewayTimeoutEventAndDone() {
    try (Emulator stalling = Emulator.pd(Emulator.TCP, "--fault-stall-after", "3");
        ProxyProcess proxy =
            ProxyProcess.start(prefillUrl(), stalling.url(), "--decode-read-timeout", "1s")) {
      HttpWire.Message r = RawHttp.post(proxy.port(), "/v1/completions", BODY);
      assertThat(r.status()).isEqualTo(200);
      assertThat(Sse.data(r.text())).hasSize(3 + 2).last().isEqualTo("[DONE]");
      Envelope e = Envelope.ofStream(r.text());
      assertThat(e.code()).isEqualTo(504);
      assertThat(e.message()).contains("--decode-read-timeout");
      assertThat(Sse.proxyTimings(r.text())).isEmpty();
      assertThat(proxy.metric("proxy_errors_total{cause=\"decode_read_timeout\"}")).isEqualTo(1);
    }
  }

  @Test
  void aDroppedStreamEndsWithABadGatewayEventAndDone() {
    try (Emulator dropping = Emulator.pd(Emulator.TCP, "--fault-drop-after", "3");
        ProxyProcess proxy = ProxyProcess.start(prefillUrl(), dropping.url())) {
      HttpWire.Message r = RawHttp.post(proxy.port(), "/v1/completions", BODY);
      assertThat(r.status()).isEqualTo(200);
      assertThat(Sse.data(r.text())).last().isEqualTo("[DONE]");
      Envelope e = Envelope.ofStream(r.text());
      assertThat(e.code()).isEqualTo(502);
      assertThat(e.type()).isEqualTo("Bad Gateway");
      assertThat(proxy.metric("proxy_errors_total{cause=\"decode_broken\"}")).isEqualTo(1);
    }
  }
}
