package io.llmharness.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmharness.emulator.testing.EmulatorProcess;
import io.llmharness.emulator.testing.Http;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Completions and chat completions, streaming and not, with vLLM's shapes. */
class CompletionsIT {

  private static EmulatorProcess emulator;
  private static Http http;

  @BeforeAll
  static void start() {
    emulator =
        EmulatorProcess.start("--model", "Qwen/Qwen2.5-32B-Instruct", "--served-model-name", "m");
    http = new Http(emulator);
  }

  @AfterAll
  static void stop() {
    emulator.close();
  }

  private static List<String> keys(JsonNode node) {
    List<String> keys = new ArrayList<>();
    node.fieldNames().forEachRemaining(keys::add);
    return keys;
  }

  @Test
  void completionHasVllmFieldsInOrderWithNullsKept() {
    Http.Reply r =
        http.post("/v1/completions", "{\"model\":\"m\",\"prompt\":\"hello\",\"max_tokens\":4}");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.header("content-type")).isEqualTo("application/json");
    JsonNode body = r.json();
    assertThat(keys(body))
        .containsExactly(
            "id",
            "object",
            "created",
            "model",
            "choices",
            "service_tier",
            "system_fingerprint",
            "usage",
            "kv_transfer_params");
    assertThat(body.get("object").asText()).isEqualTo("text_completion");
    assertThat(body.get("id").asText()).startsWith("cmpl-");
    JsonNode choice = body.get("choices").get(0);
    assertThat(keys(choice))
        .containsExactly(
            "index",
            "text",
            "logprobs",
            "finish_reason",
            "stop_reason",
            "token_ids",
            "prompt_logprobs",
            "prompt_token_ids");
    assertThat(choice.get("finish_reason").asText()).isEqualTo("length");
    assertThat(keys(body.get("usage")))
        .containsExactly(
            "prompt_tokens", "total_tokens", "completion_tokens", "prompt_tokens_details");
    assertThat(body.get("usage").get("completion_tokens").asInt()).isEqualTo(4);
    assertThat(body.get("usage").get("prompt_tokens").asInt()).isEqualTo(1);
  }

  @Test
  void completionMaxTokensDefaultsToSixteen() {
    JsonNode body = http.post("/v1/completions", "{\"prompt\":\"hello\"}").json();
    assertThat(body.get("usage").get("completion_tokens").asInt()).isEqualTo(16);
  }

  @Test
  void completionAcceptsTokenIds() {
    JsonNode body =
        http.post("/v1/completions", "{\"prompt\":[23811,23811,23811],\"max_tokens\":2}").json();
    assertThat(body.get("usage").get("prompt_tokens").asInt()).isEqualTo(3);
  }

  @Test
  void chatCompletionHasVllmMessageShape() {
    JsonNode body =
        http.post(
                "/v1/chat/completions",
                "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hello\"}],\"max_tokens\":3}")
            .json();
    assertThat(body.get("object").asText()).isEqualTo("chat.completion");
    assertThat(body.get("id").asText()).startsWith("chatcmpl-");
    JsonNode message = body.get("choices").get(0).get("message");
    assertThat(message.get("role").asText()).isEqualTo("assistant");
    assertThat(message.get("content").asText()).isNotEmpty();
    assertThat(message.get("tool_calls").isArray()).isTrue();
    assertThat(keys(body)).contains("prompt_logprobs", "prompt_token_ids", "kv_transfer_params");
  }

  private String completionText(String request) {
    return http.post("/v1/completions", request).json().get("choices").get(0).get("text").asText();
  }

  @Test
  void temperatureZeroIsDeterministicForTheSamePrompt() {
    String req = "{\"prompt\":\"the same prompt\",\"max_tokens\":8,\"temperature\":0}";
    assertThat(completionText(req)).isEqualTo(completionText(req));
  }

  @Test
  void seedMakesTextRepeatable() {
    String req = "{\"prompt\":\"x\",\"max_tokens\":8,\"temperature\":0.7,\"seed\":42}";
    assertThat(completionText(req)).isEqualTo(completionText(req));
  }

  @Test
  void requestIdHeaderBecomesTheResponseId() {
    Http.Stream s =
        http.stream(
            "/v1/completions",
            "{\"prompt\":\"hello\",\"max_tokens\":1,\"stream\":true}",
            Map.of("X-Request-Id", "abc123"));
    assertThat(s.chunks().get(0).get("id").asText()).isEqualTo("cmpl-abc123");
  }

  @Test
  void streamedCompletionChunksKeepNullsAndEndWithUsageThenDone() {
    Http.Stream s =
        http.stream(
            "/v1/completions",
            "{\"prompt\":\"hello\",\"max_tokens\":3,\"stream\":true,\"stream_options\":{\"include_usage\":true}}");
    assertThat(s.status()).isEqualTo(200);
    assertThat(s.headers().get("content-type")).containsExactly("text/event-stream; charset=utf-8");
    List<String> data = s.data();
    assertThat(data).hasSize(5);
    assertThat(data.get(4)).isEqualTo("[DONE]");
    JsonNode first = Http.json(data.get(0));
    assertThat(keys(first)).containsExactly("id", "object", "created", "model", "choices", "usage");
    assertThat(first.get("usage").isNull()).isTrue();
    assertThat(keys(first.get("choices").get(0)))
        .containsExactly(
            "index",
            "text",
            "logprobs",
            "finish_reason",
            "stop_reason",
            "prompt_token_ids",
            "token_ids");
    assertThat(Http.json(data.get(2)).get("choices").get(0).get("finish_reason").asText())
        .isEqualTo("length");
    JsonNode usage = Http.json(data.get(3));
    assertThat(usage.get("choices")).isEmpty();
    assertThat(keys(usage.get("usage")))
        .containsExactly("prompt_tokens", "total_tokens", "completion_tokens");
    assertThat(usage.get("usage").get("completion_tokens").asInt()).isEqualTo(3);
  }

  @Test
  void streamWithoutStreamOptionsHasNoUsageChunk() {
    Http.Stream s =
        http.stream("/v1/completions", "{\"prompt\":\"hello\",\"max_tokens\":2,\"stream\":true}");
    assertThat(s.data()).hasSize(3).last().isEqualTo("[DONE]");
  }

  @Test
  void eventsAreSeparatedByBlankLinesWithoutCommentsByDefault() {
    Http.Stream s =
        http.stream("/v1/completions", "{\"prompt\":\"hello\",\"max_tokens\":2,\"stream\":true}");
    List<String> lines = s.lines().stream().map(Http.Line::text).toList();
    assertThat(lines).hasSize(6);
    assertThat(lines.get(1)).isEmpty();
    assertThat(lines).noneMatch(l -> l.startsWith(":"));
  }

  @Test
  void chatStreamStartsWithRoleChunkAndDropsUnsetFields() {
    Http.Stream s =
        http.stream(
            "/v1/chat/completions",
            "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"max_tokens\":2,\"stream\":true,"
                + "\"stream_options\":{\"include_usage\":true}}");
    List<JsonNode> chunks = s.chunks();
    assertThat(chunks).hasSize(4);
    JsonNode role = chunks.get(0);
    assertThat(role.get("object").asText()).isEqualTo("chat.completion.chunk");
    assertThat(role.get("choices").get(0).get("delta").toString())
        .isEqualTo("{\"role\":\"assistant\",\"content\":\"\"}");
    assertThat(keys(role))
        .containsExactly("id", "object", "created", "model", "choices", "prompt_token_ids");
    JsonNode token = chunks.get(1);
    assertThat(keys(token)).containsExactly("id", "object", "created", "model", "choices");
    assertThat(keys(token.get("choices").get(0)))
        .containsExactly("index", "delta", "logprobs", "finish_reason", "token_ids");
    JsonNode last = chunks.get(2).get("choices").get(0);
    assertThat(keys(last))
        .containsExactly("index", "delta", "logprobs", "finish_reason", "stop_reason", "token_ids");
    assertThat(chunks.get(3).get("choices")).isEmpty();
    assertThat(s.data()).last().isEqualTo("[DONE]");
  }

  @Test
  void continuousUsageStatsPutsCumulativeUsageOnEveryChunk() {
    Http.Stream s =
        http.stream(
            "/v1/completions",
            "{\"prompt\":\"hello\",\"max_tokens\":3,\"stream\":true,"
                + "\"stream_options\":{\"include_usage\":true,\"continuous_usage_stats\":true}}");
    List<JsonNode> chunks = s.chunks();
    assertThat(chunks.get(0).get("usage").get("completion_tokens").asInt()).isEqualTo(1);
    assertThat(chunks.get(2).get("usage").get("completion_tokens").asInt()).isEqualTo(3);
    assertThat(chunks.get(2).get("usage").get("total_tokens").asInt()).isEqualTo(4);
  }

  @Test
  void chatRoleChunkCarriesZeroCompletionTokensWithContinuousUsage() {
    Http.Stream s =
        http.stream(
            "/v1/chat/completions",
            "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"max_tokens\":2,\"stream\":true,"
                + "\"stream_options\":{\"include_usage\":true,\"continuous_usage_stats\":true}}");
    assertThat(s.chunks().get(0).get("usage").get("completion_tokens").asInt()).isZero();
  }

  @Test
  void minTokensAndIgnoreEosAreAccepted() {
    JsonNode body =
        http.post(
                "/v1/completions",
                "{\"prompt\":\"hello\",\"max_tokens\":5,\"min_tokens\":5,\"ignore_eos\":true}")
            .json();
    assertThat(body.get("usage").get("completion_tokens").asInt()).isEqualTo(5);
  }
}
