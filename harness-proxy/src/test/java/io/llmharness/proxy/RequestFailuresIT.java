package io.llmharness.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmharness.proxy.testing.Emulator;
import io.llmharness.proxy.testing.Envelope;
import io.llmharness.proxy.testing.HttpWire;
import io.llmharness.proxy.testing.Prompts;
import io.llmharness.proxy.testing.ProxyProcess;
import io.llmharness.proxy.testing.RawHttp;
import io.llmharness.proxy.testing.TcpTap;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Requests the proxy refuses or cuts short: oversized, malformed, too long for the decode server's
 * context (decided before any prefill), and clients that go away. The decode emulator runs with
 * {@code --max-model-len 1024}; the prefill emulator sits behind a recording relay to show what it
 * was (not) sent.
 */
class RequestFailuresIT {

  private static final String ABORTS =
      "vllm:request_success_total{model_name=\"m\",engine=\"0\",finished_reason=\"abort\"}";

  private static Emulator prefill;
  private static Emulator decode;
  private static TcpTap prefillTap;
  private static TcpTap decodeTap;
  private static ProxyProcess proxy;

  @BeforeAll
  static void start() {
    prefill = Emulator.pd(Emulator.TCP);
    decode = Emulator.pd(Emulator.TCP, "--max-model-len", "1024");
    prefillTap = new TcpTap(prefill.port());
    decodeTap = new TcpTap(decode.port());
    proxy =
        ProxyProcess.start(
            "http://127.0.0.1:" + prefillTap.port(),
            "http://127.0.0.1:" + decodeTap.port(),
            "--max-body-size",
            "64k");
  }

  @AfterAll
  static void stop() {
    proxy.close();
    prefillTap.close();
    decodeTap.close();
    prefill.close();
    decode.close();
  }

  private static int prefillCalls() {
    return prefillTap.requests().size();
  }

  @Test
  void aBodyOverTheLimitIs413AndTheConnectionStaysUsable() {
    String big = Prompts.streaming("\"" + "x".repeat(70_000) + "\"", 4);
    int before = prefillCalls();
    try (RawHttp c = RawHttp.connect(proxy.port(), Duration.ofSeconds(30))) {
      HttpWire.Message r =
          c.send("POST", "/v1/completions", Map.of("Content-Type", "application/json"), big);
      assertThat(r.status()).isEqualTo(413);
      Envelope e = Envelope.of(r.body());
      assertThat(e.type()).isEqualTo("Request Entity Too Large");
      assertThat(e.message()).contains("65536").contains("--max-body-size");
      HttpWire.Message next = c.send("GET", "/healthcheck", Map.of(), null);
      assertThat(next.status()).isEqualTo(200);
    }
    assertThat(prefillCalls()).isEqualTo(before);
  }

  @Test
  void malformedJsonIs400() {
    HttpWire.Message r = RawHttp.post(proxy.port(), "/v1/completions", "{\"prompt\": ");
    assertThat(r.status()).isEqualTo(400);
    assertThat(Envelope.of(r.body()).message()).startsWith("JSON decode error");
  }

  @Test
  void aBodyThatIsNotAnObjectIs400() {
    HttpWire.Message r = RawHttp.post(proxy.port(), "/v1/completions", "[1,2]");
    assertThat(r.status()).isEqualTo(400);
    assertThat(Envelope.of(r.body()).type()).isEqualTo("Bad Request");
  }

  @Test
  void aContentTypeOtherThanJsonIs400AsVllmAnswersIt() {
    try (RawHttp c = RawHttp.connect(proxy.port(), Duration.ofSeconds(30))) {
      HttpWire.Message r =
          c.send("POST", "/v1/completions", Map.of("Content-Type", "text/plain"), "{}");
      HttpWire.Message direct;
      try (RawHttp d = RawHttp.connect(decode.port(), Duration.ofSeconds(30))) {
        direct = d.send("POST", "/v1/completions", Map.of("Content-Type", "text/plain"), "{}");
      }
      assertThat(r.status()).isEqualTo(400);
      assertThat(r.text()).isEqualTo(direct.text());
    }
  }

  @Test
  void aTokenPromptLongerThanTheDecodeContextGetsTheDecodeServers400WithoutPrefill() {
    int before = prefillCalls();
    String body = Prompts.streaming(Prompts.uniqueTokenIds(1100), 4);
    HttpWire.Message r = RawHttp.post(proxy.port(), "/v1/completions", body);
    HttpWire.Message direct = RawHttp.post(decode.port(), "/v1/completions", body);
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.text()).isEqualTo(direct.text());
    assertThat(Envelope.of(r.body()).message()).contains("maximum context length");
    assertThat(r.header(ProxyHeaders.ERROR_SIDE)).isEqualTo("decode");
    assertThat(prefillCalls()).isEqualTo(before);
  }

  @Test
  void aPromptThatFitsPrefillButNotDecodesOutputIsRejectedBeforePrefill() {
    int before = prefillCalls();
    double rejected = proxy.metric("proxy_errors_total{cause=\"context_length\"}");
    HttpWire.Message r =
        RawHttp.post(
            proxy.port(), "/v1/completions", Prompts.streaming(Prompts.uniqueTokenIds(1000), 100));
    assertThat(r.status()).isEqualTo(400);
    assertThat(prefillCalls()).isEqualTo(before);
    assertThat(proxy.metric("proxy_errors_total{cause=\"context_length\"}"))
        .isEqualTo(rejected + 1);
  }

  @Test
  void aLongTextPromptIsCountedWithTokenizeAndRejectedBeforePrefill() {
    int before = prefillCalls();
    double tokenizeCalls = proxy.metric("proxy_tokenize_calls_total");
    String text = "\"" + "hello world ".repeat(800) + "\"";
    HttpWire.Message r = RawHttp.post(proxy.port(), "/v1/completions", Prompts.streaming(text, 4));
    assertThat(r.status()).isEqualTo(400);
    assertThat(prefillCalls()).isEqualTo(before);
    assertThat(proxy.metric("proxy_tokenize_calls_total")).isEqualTo(tokenizeCalls + 1);
    assertThat(r.header(ProxyHeaders.LENGTH_CHECK_TIME)).matches("\\d+\\.\\d{2}");
  }

  @Test
  void aLongTextPromptThatFitsIsTokenizedThenServed() {
    String text = "\"" + "hello world ".repeat(100) + "\"";
    HttpWire.Message r = RawHttp.post(proxy.port(), "/v1/completions", Prompts.streaming(text, 4));
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.text()).endsWith("data: [DONE]\n\n");
  }

  @Test
  void aClientThatLeavesMidStreamGetsTheDecodeRequestAborted() throws IOException {
    double aborts = decode.metric(ABORTS);
    double disconnects = proxy.metric("proxy_errors_total{cause=\"client_disconnect\"}");
    try (RawHttp c = RawHttp.connect(proxy.port(), Duration.ofSeconds(30))) {
      c.writeRequest(
          "POST",
          "/v1/completions",
          Map.of("Content-Type", "application/json"),
          Prompts.streaming("[1,2,3]", 1000).getBytes(StandardCharsets.UTF_8));
      assertThat(HttpWire.readHead(c.input()).status()).isEqualTo(200);
      String firstChunks = new String(c.input().readNBytes(400), StandardCharsets.UTF_8);
      assertThat(firstChunks).contains("data: ");
    }
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (decode.metric(ABORTS) == aborts && System.nanoTime() < deadline) {
      LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
    }
    assertThat(decode.metric(ABORTS)).isEqualTo(aborts + 1);
    assertThat(proxy.metric("proxy_errors_total{cause=\"client_disconnect\"}"))
        .isEqualTo(disconnects + 1);
  }
}
