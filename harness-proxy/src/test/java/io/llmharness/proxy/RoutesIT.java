package io.llmharness.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmharness.proxy.testing.Emulator;
import io.llmharness.proxy.testing.HttpWire;
import io.llmharness.proxy.testing.JavaProcess;
import io.llmharness.proxy.testing.Prompts;
import io.llmharness.proxy.testing.ProxyProcess;
import io.llmharness.proxy.testing.RawHttp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Two prefill and two decode emulators behind one proxy: routing and the non-P/D endpoints. */
class RoutesIT {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static final List<Emulator> emulators = new ArrayList<>();
  private static ProxyProcess proxy;

  @BeforeAll
  static void start() {
    for (int i = 0; i < 4; i++) {
      emulators.add(Emulator.pd(Emulator.TCP));
    }
    proxy =
        ProxyProcess.startWith(
            List.of(
                "--prefill",
                emulators.get(0).url() + "," + emulators.get(1).url(),
                "--decode",
                emulators.get(2).url(),
                "--decode",
                emulators.get(3).url()));
  }

  @AfterAll
  static void stop() {
    proxy.close();
    emulators.forEach(Emulator::close);
  }

  @Test
  void completionsGoRoundRobinOverPrefillAndDecodeServers() {
    Set<String> prefills = new HashSet<>();
    Set<String> decodes = new HashSet<>();
    for (int i = 0; i < 4; i++) {
      HttpWire.Message r =
          RawHttp.post(proxy.port(), "/v1/completions", Prompts.streaming("\"hi\"", 2));
      assertThat(r.status()).isEqualTo(200);
      prefills.add(r.header(ProxyHeaders.PREFILL_SERVER));
      decodes.add(r.header(ProxyHeaders.DECODE_SERVER));
    }
    assertThat(prefills).containsExactlyInAnyOrder(emulators.get(0).url(), emulators.get(1).url());
    assertThat(decodes).containsExactlyInAnyOrder(emulators.get(2).url(), emulators.get(3).url());
  }

  @Test
  void healthIsOkWhenEveryServerIs() throws Exception {
    HttpWire.Message r = RawHttp.get(proxy.port(), "/health");
    assertThat(r.status()).isEqualTo(200);
    JsonNode body = JSON.readTree(r.body());
    assertThat(body.get("status").asText()).isEqualTo("healthy");
    assertThat(body.get("servers")).hasSize(4);
  }

  @Test
  void healthIs503NamingTheServerThatIsDown() throws Exception {
    String dead = "http://127.0.0.1:" + JavaProcess.freePort();
    try (ProxyProcess p =
        ProxyProcess.startWith(List.of("--prefill", emulators.get(0).url(), "--decode", dead))) {
      HttpWire.Message r = RawHttp.get(p.port(), "/health");
      assertThat(r.status()).isEqualTo(503);
      JsonNode body = JSON.readTree(r.body());
      assertThat(body.get("status").asText()).isEqualTo("unhealthy");
      JsonNode down = body.get("servers").get(1);
      assertThat(down.get("url").asText()).isEqualTo(dead);
      assertThat(down.get("error").asText()).startsWith("CONNECT");
      assertThat(body.get("servers").get(0).get("status").asInt()).isEqualTo(200);
    }
  }

  @Test
  void healthcheckCountsInstancesLikeTheToyProxy() throws Exception {
    JsonNode body = JSON.readTree(RawHttp.get(proxy.port(), "/healthcheck").body());
    assertThat(body.get("status").asText()).isEqualTo("ok");
    assertThat(body.get("prefill_instances").asInt()).isEqualTo(2);
    assertThat(body.get("decode_instances").asInt()).isEqualTo(2);
  }

  @Test
  void modelsComeFromADecodeServer() throws Exception {
    JsonNode viaProxy = JSON.readTree(RawHttp.get(proxy.port(), "/v1/models").body());
    JsonNode direct = JSON.readTree(RawHttp.get(emulators.get(2).port(), "/v1/models").body());
    assertThat(viaProxy.at("/data/0/id")).isEqualTo(direct.at("/data/0/id"));
    assertThat(viaProxy.at("/data/0/max_model_len")).isEqualTo(direct.at("/data/0/max_model_len"));
  }

  @Test
  void tokenizeIsPassedThroughUnchanged() {
    String body = "{\"model\":\"m\",\"prompt\":\"The harness counts tokens\"}";
    HttpWire.Message viaProxy = RawHttp.post(proxy.port(), "/tokenize", body);
    HttpWire.Message direct = RawHttp.post(emulators.get(2).port(), "/tokenize", body);
    assertThat(viaProxy.status()).isEqualTo(200);
    assertThat(viaProxy.text()).isEqualTo(direct.text());
  }

  @Test
  void anUnknownPathGetsTheDecodeServersAnswer() {
    HttpWire.Message r = RawHttp.get(proxy.port(), "/no/such/path");
    assertThat(r.status()).isEqualTo(404);
    assertThat(r.text()).isEqualTo("{\"detail\":\"Not Found\"}");
  }

  @Test
  void metricsAreTheProxysOwnInPrometheusText() {
    RawHttp.post(proxy.port(), "/v1/completions", Prompts.streaming("\"hi\"", 2));
    HttpWire.Message r = RawHttp.get(proxy.port(), "/metrics");
    assertThat(r.header("content-type")).startsWith("text/plain; version=0.0.4");
    assertThat(r.text())
        .contains("proxy_requests_total{route=\"completions\"}")
        .contains("proxy_phase_seconds_bucket{phase=\"prefill\",le=\"+Inf\"}")
        .doesNotContain("vllm:");
  }

  @Test
  void oneClientConnectionCarriesManyRequests() {
    try (RawHttp c = RawHttp.connect(proxy.port(), Duration.ofSeconds(30))) {
      for (int i = 0; i < 3; i++) {
        HttpWire.Message r =
            c.send(
                "POST",
                "/v1/chat/completions",
                Map.of("Content-Type", "application/json"),
                "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],"
                    + "\"max_tokens\":2,\"stream\":"
                    + (i % 2 == 0)
                    + "}");
        assertThat(r.status()).isEqualTo(200);
      }
    }
  }
}
