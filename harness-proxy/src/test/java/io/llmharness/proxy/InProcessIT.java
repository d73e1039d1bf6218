package io.llmharness.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmharness.proxy.testing.Emulator;
import io.llmharness.proxy.testing.HttpWire;
import io.llmharness.proxy.testing.Prompts;
import io.llmharness.proxy.testing.RawHttp;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The in-process API, {@link ProxyServer}, in front of emulator processes. */
class InProcessIT {

  private static Emulator prefill;
  private static Emulator decode;

  @BeforeAll
  static void start() {
    prefill = Emulator.pd(Emulator.EFA);
    decode = Emulator.pd(Emulator.EFA);
  }

  @AfterAll
  static void stop() {
    prefill.close();
    decode.close();
  }

  private static ProxyConfig.Builder config() {
    return ProxyConfig.builder()
        .prefill(URI.create(prefill.url()))
        .decode(URI.create(decode.url()))
        .port(0);
  }

  @Test
  void servesOnAFreePortUntilClosed() {
    int port;
    try (ProxyServer proxy = ProxyServer.start(config().build())) {
      port = proxy.port();
      assertThat(port).isPositive();
      assertThat(proxy.uri()).isEqualTo(URI.create("http://127.0.0.1:" + port));
      HttpWire.Message r =
          RawHttp.post(port, "/v1/completions", Prompts.streaming("\"in process\"", 3));
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.text()).contains(": proxy_total_time=").endsWith("data: [DONE]\n\n");
      assertThat(proxy.metricsText()).contains("proxy_requests_total{route=\"completions\"} 1");
    }
    assertThatThrownBy(() -> RawHttp.get(port, "/healthcheck"))
        .isInstanceOf(UncheckedIOException.class);
  }

  @Test
  void theAccessLogGoesWhereItIsTold() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ProxyServer proxy =
        ProxyServer.start(
            config().accessLog(true).build(), new PrintStream(out, true, StandardCharsets.UTF_8))) {
      RawHttp.post(proxy.port(), "/v1/completions", Prompts.streaming("\"logged\"", 2));
    }
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("/v1/completions status=200 prefill_ms=")
        .contains("decode_first_token_ms=");
  }

  @Test
  void closingTwiceIsHarmless() {
    ProxyServer proxy = ProxyServer.start(config().build());
    proxy.close();
    proxy.close();
    assertThat(proxy.config().port()).isZero();
  }
}
