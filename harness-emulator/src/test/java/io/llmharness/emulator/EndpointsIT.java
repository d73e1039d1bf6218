package io.llmharness.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.llmharness.emulator.testing.EmulatorProcess;
import io.llmharness.emulator.testing.Http;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The non-generating endpoints of a separate emulator process, shaped as vLLM's. */
class EndpointsIT {

  private static EmulatorProcess emulator;
  private static Http http;

  @BeforeAll
  static void start() {
    emulator =
        EmulatorProcess.start(
            "serve",
            "Qwen/Qwen2.5-32B-Instruct",
            "--served-model-name",
            "m",
            "m2",
            "--max-model-len",
            "4096");
    http = new Http(emulator);
  }

  @AfterAll
  static void stop() {
    emulator.close();
  }

  @Test
  void healthIsOkWithEmptyBody() {
    Http.Reply r = http.get("/health");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.body()).isEmpty();
  }

  @Test
  void pingAnswersGetAndPost() {
    assertThat(http.get("/ping").status()).isEqualTo(200);
    assertThat(http.post("/ping", "{}").status()).isEqualTo(200);
  }

  @Test
  void versionIsALocalVersionNamingTheEmulator() {
    assertThat(http.get("/version").body())
        .isEqualTo("{\"version\":\"0.15.1+llmharness.emulator\"}");
  }

  @Test
  void modelsListsOneCardPerServedNameWithMaxModelLen() {
    JsonNode r = http.get("/v1/models").json();
    assertThat(r.get("object").asText()).isEqualTo("list");
    List<String> ids = new ArrayList<>();
    r.get("data").forEach(card -> ids.add(card.get("id").asText()));
    assertThat(ids).containsExactly("m", "m2");
    JsonNode card = r.get("data").get(0);
    assertThat(card.get("max_model_len").asInt()).isEqualTo(4096);
    assertThat(card.get("root").asText()).isEqualTo("Qwen/Qwen2.5-32B-Instruct");
    assertThat(card.get("owned_by").asText()).isEqualTo("vllm");
    assertThat(card.get("parent").isNull()).isTrue();
    List<String> keys = new ArrayList<>();
    card.fieldNames().forEachRemaining(keys::add);
    assertThat(keys)
        .containsExactly(
            "id", "object", "created", "owned_by", "root", "parent", "max_model_len", "permission");
  }

  @Test
  void tokenizeCountsWordsWithLeadingSpaceAsOneToken() {
    JsonNode r =
        http.post("/tokenize", "{\"model\":\"m\",\"prompt\":\"hello hello hello\"}").json();
    assertThat(r.get("count").asInt()).isEqualTo(3);
    assertThat(r.get("max_model_len").asInt()).isEqualTo(4096);
    assertThat(r.get("tokens")).hasSize(3);
    assertThat(r.get("token_strs").isNull()).isTrue();
  }

  @Test
  void tokenizeReturnsByteLevelTokenStringsWhenAsked() {
    JsonNode r =
        http.post("/tokenize", "{\"prompt\":\"hello world\",\"return_token_strs\":true}").json();
    assertThat(r.get("token_strs").get(1).asText()).isEqualTo("Ġworld");
  }

  @Test
  void tokenizeAppliesTheChatTemplateToMessages() {
    JsonNode plain = http.post("/tokenize", "{\"prompt\":\"hello\"}").json();
    JsonNode chat =
        http.post("/tokenize", "{\"messages\":[{\"role\":\"user\",\"content\":\"hello\"}]}").json();
    assertThat(chat.get("count").asInt()).isGreaterThan(plain.get("count").asInt() + 10);
    assertThat(chat.get("tokens").get(0).asInt()).isEqualTo(151644);
  }

  @Test
  void detokenizeInvertsTokenize() {
    String text = "Hello, world! The 3 cats don't sleep.\n\nUnknown Zanzibar words: ünïcödé ✓";
    JsonNode tokens = http.post("/tokenize", "{\"prompt\":" + TextNode.valueOf(text) + "}").json();
    JsonNode back = http.post("/detokenize", "{\"tokens\":" + tokens.get("tokens") + "}").json();
    assertThat(back.get("prompt").asText()).isEqualTo(text);
  }

  @Test
  void metricsUseVllmNamesAndLabels() {
    Http.Reply r = http.get("/metrics");
    assertThat(r.header("content-type")).startsWith("text/plain; version=0.0.4");
    assertThat(r.body())
        .contains("vllm:num_requests_running{model_name=\"m\",engine=\"0\"} ")
        .contains("vllm:num_requests_waiting{model_name=\"m\",engine=\"0\"} ")
        .contains("vllm:kv_cache_usage_perc{model_name=\"m\",engine=\"0\"} ")
        .contains("vllm:prefix_cache_queries_total{model_name=\"m\",engine=\"0\"} ")
        .contains("vllm:prefix_cache_hits_total{model_name=\"m\",engine=\"0\"} ")
        .contains(
            "vllm:time_to_first_token_seconds_bucket{model_name=\"m\",engine=\"0\",le=\"0.001\"} ")
        .contains("vllm:inter_token_latency_seconds_count{model_name=\"m\",engine=\"0\"} ")
        .contains(
            "vllm:request_success_total{model_name=\"m\",engine=\"0\",finished_reason=\"length\"} ")
        .contains("vllm:cache_config_info{block_size=\"16\"")
        .doesNotContain("vllm:nixl_");
  }

  @Test
  void unknownPathIsFastApiNotFound() {
    Http.Reply r = http.get("/v1/nothing");
    assertThat(r.status()).isEqualTo(404);
    assertThat(r.body()).isEqualTo("{\"detail\":\"Not Found\"}");
  }

  @Test
  void wrongMethodIsFastApiMethodNotAllowed() {
    Http.Reply r = http.send(HttpRequest.newBuilder(emulator.uri("/v1/completions")).GET().build());
    assertThat(r.status()).isEqualTo(405);
    assertThat(r.body()).isEqualTo("{\"detail\":\"Method Not Allowed\"}");
  }

  @Test
  void resetPrefixCacheExistsOnlyInDevMode() {
    assertThat(http.post("/reset_prefix_cache", "{}").status()).isEqualTo(404);
  }
}
