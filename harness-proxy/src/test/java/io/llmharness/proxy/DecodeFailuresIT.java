package io.llmharness.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmharness.proxy.testing.BlackHole;
import io.llmharness.proxy.testing.Emulator;
import io.llmharness.proxy.testing.Envelope;
import io.llmharness.proxy.testing.HttpWire;
import io.llmharness.proxy.testing.JavaProcess;
import io.llmharness.proxy.testing.Prompts;
import io.llmharness.proxy.testing.ProxyProcess;
import io.llmharness.proxy.testing.RawHttp;
import io.llmharness.proxy.testing.ScriptedPeer;
import io.llmharness.proxy.testing.Sse;
import io.llmharness.proxy.testing.TcpTap;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
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

  @Test
  void aDecodeServerThatClosesBeforeItsResponseHeadIs502NamingIt() {
    try (ScriptedPeer peer = ScriptedPeer.closingBeforeTheHead();
        ProxyProcess proxy =
            ProxyProcess.start(prefillUrl(), peer.url(), "--length-check", "off")) {
      HttpWire.Message r = RawHttp.post(proxy.port(), "/v1/completions", BODY);
      assertThat(r.status()).isEqualTo(502);
      Envelope e = Envelope.of(r.body());
      assertThat(e.type()).isEqualTo("Bad Gateway");
      assertThat(e.code()).isEqualTo(502);
      assertThat(e.message())
          .contains("decode server " + peer.url())
          .contains("closed before the response was complete");
      assertThat(r.header(ProxyHeaders.ERROR_SIDE)).isEqualTo("decode");
      assertThat(r.header(ProxyHeaders.PREFILL_TIME)).matches("\\d+\\.\\d{2}");
      assertThat(peer.requests()).isNotEmpty();
      assertThat(peer.requests().get(0).text()).contains("\"kv_transfer_params\"");
      assertThat(proxy.metric("proxy_errors_total{cause=\"decode_broken\"}")).isEqualTo(1);
    }
  }

  @Test
  void aDecodeStreamThatBreaksInsideAnEventClosesTheClientConnectionWithoutDone() throws Exception {
    String event = "data: {\"id\":\"cmpl-1\",\"choices\":[{\"index\":0,\"text\":\" Hi\"}]}\n\n";
    String partial = "data: {\"id\":\"cmpl-1\",\"cho";
    String answer =
        "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream; charset=utf-8\r\n"
            + "Transfer-Encoding: chunked\r\n\r\n"
            + chunk(event)
            + chunk(partial);
    try (ScriptedPeer peer = ScriptedPeer.answering(answer);
        ProxyProcess proxy = ProxyProcess.start(prefillUrl(), peer.url(), "--length-check", "off");
        RawHttp c = RawHttp.connect(proxy.port(), Duration.ofSeconds(30))) {
      c.writeRequest(
          "POST",
          "/v1/completions",
          Map.of("Content-Type", "application/json"),
          BODY.getBytes(StandardCharsets.UTF_8));
      assertThat(HttpWire.readHead(c.input()).status()).isEqualTo(200);
      ByteArrayOutputStream seen = new ByteArrayOutputStream();
      assertThatThrownBy(() -> HttpWire.readChunked(c.input(), seen::writeBytes))
          .isInstanceOf(EOFException.class);
      assertThat(seen.toString(StandardCharsets.UTF_8))
          .startsWith(event)
          .doesNotContain("[DONE]")
          .doesNotContain("\"error\"");
      assertThat(c.closedByServer()).isTrue();
      assertThat(proxy.metric("proxy_errors_total{cause=\"decode_broken\"}")).isEqualTo(1);
    }
  }

  /** One HTTP chunk of ASCII {@code data}. */
  private static String chunk(String data) {
    return Integer.toHexString(data.length()) + "\r\n" + data + "\r\n";
  }
}
