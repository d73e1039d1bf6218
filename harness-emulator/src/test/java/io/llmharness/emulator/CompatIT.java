package io.llmharness.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmharness.emulator.testing.EmulatorProcess;
import io.llmharness.emulator.testing.Http;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code --vllm-compat 0.16}: the Renderer's messages and version string. */
class CompatIT {

  private static EmulatorProcess emulator;
  private static Http http;

  @BeforeAll
  static void start() {
    emulator = EmulatorProcess.start("--vllm-compat", "0.16", "--max-model-len", "128");
    http = new Http(emulator);
  }

  @AfterAll
  static void stop() {
    emulator.close();
  }

  @Test
  void versionIs016() {
    assertThat(http.get("/version").json().get("version").asText())
        .isEqualTo("0.16.0+llmharness.emulator");
  }

  @Test
  void contextLengthUsesTheRendererWording() {
    Http.Reply r =
        http.post(
            "/v1/completions",
            "{\"prompt\":\"hello" + " hello".repeat(119) + "\",\"max_tokens\":10}");
    assertThat(r.status()).isEqualTo(400);
    JsonNode e = r.json().get("error");
    assertThat(e.get("message").asText())
        .isEqualTo(
            "You passed 120 input tokens and requested 10 output tokens. However, the model's"
                + " context length is only 128 tokens, resulting in a maximum input length of 118 tokens."
                + " Please reduce the length of the input prompt.");
    assertThat(e.get("param").asText()).isEqualTo("input_tokens");
  }

  @Test
  void maxTokensAboveTheContextKeepsTheMissingSpace() {
    Http.Reply r = http.post("/v1/completions", "{\"prompt\":\"hi\",\"max_tokens\":500}");
    assertThat(r.json().get("error").get("message").asText())
        .isEqualTo(
            "max_tokens=500cannot be greater than max_model_len=max_total_tokens=128. Please"
                + " request fewer output tokens.");
  }

  @Test
  void chatMessageHasOnlyTheReasoningField() {
    JsonNode message =
        http.post(
                "/v1/chat/completions",
                "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"max_tokens\":1}")
            .json()
            .get("choices")
            .get(0)
            .get("message");
    assertThat(message.has("reasoning")).isTrue();
    assertThat(message.has("reasoning_content")).isFalse();
  }
}
