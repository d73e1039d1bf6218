package io.llmharness.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmharness.emulator.testing.EmulatorProcess;
import io.llmharness.emulator.testing.Http;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Errors with vLLM 0.15's envelope, messages and status codes; bad input never kills it. */
class ErrorsIT {

  private static EmulatorProcess emulator;
  private static Http http;

  @BeforeAll
  static void start() {
    emulator = EmulatorProcess.start("--served-model-name", "m", "--max-model-len", "128");
    http = new Http(emulator);
  }

  @AfterAll
  static void stop() {
    emulator.close();
  }

  private static String words(int n) {
    return "hello" + " hello".repeat(n - 1);
  }

  private static JsonNode error(Http.Reply r, int status) {
    assertThat(r.status()).isEqualTo(status);
    JsonNode error = r.json().get("error");
    assertThat(error.get("code").asInt()).isEqualTo(status);
    return error;
  }

  @Test
  void completionPromptTooLongPrintsMaxModelLenMinusMaxTokens() {
    JsonNode e =
        error(
            http.post("/v1/completions", "{\"prompt\":\"" + words(120) + "\",\"max_tokens\":10}"),
            400);
    assertThat(e.get("type").asText()).isEqualTo("BadRequestError");
    assertThat(e.get("message").asText())
        .isEqualTo(
            "This model's maximum context length is 118 tokens. However, your request has 120"
                + " input tokens. Please reduce the length of the input messages.");
    assertThat(e.get("param").asText()).isEqualTo("input_tokens");
  }

  @Test
  void completionDefaultMaxTokensCountsAgainstTheContext() {
    JsonNode e = error(http.post("/v1/completions", "{\"prompt\":\"" + words(120) + "\"}"), 400);
    assertThat(e.get("message").asText())
        .startsWith("This model's maximum context length is 112 tokens.");
  }

  @Test
  void completionNullMaxTokensFillsTheContext() {
    JsonNode body =
        http.post("/v1/completions", "{\"prompt\":\"" + words(100) + "\",\"max_tokens\":null}")
            .json();
    assertThat(body.get("usage").get("total_tokens").asInt()).isEqualTo(128);
  }

  @Test
  void completionNullMaxTokensWithAFullContextNeedsOneToken() {
    JsonNode e =
        error(
            http.post("/v1/completions", "{\"prompt\":\"" + words(128) + "\",\"max_tokens\":null}"),
            400);
    assertThat(e.get("message").asText()).isEqualTo("max_tokens must be at least 1, got 0.");
  }

  @Test
  void chatPromptAtTheLimitIsRejected() {
    JsonNode e =
        error(
            http.post(
                "/v1/chat/completions",
                "{\"messages\":[{\"role\":\"user\",\"content\":\"" + words(128) + "\"}]}"),
            400);
    assertThat(e.get("message").asText())
        .matches(
            "This model's maximum context length is 128 tokens\\. However, your request has \\d+ input"
                + " tokens\\. Please reduce the length of the input messages\\.");
  }

  @Test
  void chatMaxTokensTooLargeNamesBothNumbers() {
    JsonNode e =
        error(
            http.post(
                "/v1/chat/completions",
                "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"max_tokens\":1000}"),
            400);
    assertThat(e.get("message").asText())
        .startsWith(
            "'max_tokens' or 'max_completion_tokens' is too large: 1000. This model's maximum"
                + " context length is 128 tokens and your request has ");
    assertThat(e.get("param").asText()).isEqualTo("max_tokens");
  }

  @Test
  void chatWithoutMaxTokensFillsTheContext() {
    JsonNode body =
        http.post("/v1/chat/completions", "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")
            .json();
    assertThat(body.get("usage").get("total_tokens").asInt()).isEqualTo(128);
  }

  @Test
  void unknownModelIsNotFound() {
    JsonNode e = error(http.post("/v1/completions", "{\"model\":\"foo\",\"prompt\":\"hi\"}"), 404);
    assertThat(e.get("type").asText()).isEqualTo("NotFoundError");
    assertThat(e.get("message").asText()).isEqualTo("The model `foo` does not exist.");
    assertThat(e.get("param").asText()).isEqualTo("model");
  }

  @Test
  void malformedJsonIsBadRequestWithJsonInvalid() {
    JsonNode e = error(http.post("/v1/completions", "{\"prompt\": "), 400);
    assertThat(e.get("type").asText()).isEqualTo("Bad Request");
    assertThat(e.get("message").asText()).contains("'json_invalid'").contains("JSON decode error");
  }

  @Test
  void wrongContentTypeIsBadRequest() {
    JsonNode e =
        error(
            http.post(
                "/v1/completions",
                "text/plain",
                "{\"prompt\":\"hi\"}".getBytes(StandardCharsets.UTF_8)),
            400);
    assertThat(e.get("message").asText())
        .contains("Unsupported Media Type: Only 'application/json' is allowed");
  }

  @Test
  void streamOptionsWithoutStreamIsBadRequest() {
    JsonNode e =
        error(
            http.post(
                "/v1/completions",
                "{\"prompt\":\"hi\",\"stream_options\":{\"include_usage\":true}}"),
            400);
    assertThat(e.get("type").asText()).isEqualTo("Bad Request");
    assertThat(e.get("message").asText())
        .contains("Stream options can only be defined when `stream=True`.");
  }

  @Test
  void nonEmptyStreamOptionsWithStreamFalseIsBadRequest() {
    JsonNode e =
        error(
            http.post(
                "/v1/chat/completions",
                "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"stream\":false,"
                    + "\"stream_options\":{\"include_usage\":false}}"),
            400);
    assertThat(e.get("message").asText())
        .contains("Stream options can only be defined when `stream=True`.");
  }

  @Test
  void emptyStreamOptionsWithStreamFalseAreAcceptedAsVllmDoes() {
    Http.Reply r =
        http.post(
            "/v1/completions",
            "{\"prompt\":\"hi\",\"max_tokens\":2,\"stream\":false,\"stream_options\":{}}");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.json().at("/usage/completion_tokens").asInt()).isEqualTo(2);
  }

  @Test
  void minTokensAboveMaxTokensIsBadRequest() {
    JsonNode e =
        error(
            http.post("/v1/completions", "{\"prompt\":\"hi\",\"max_tokens\":1,\"min_tokens\":5}"),
            400);
    assertThat(e.get("message").asText())
        .isEqualTo("min_tokens must be less than or equal to max_tokens=1, got 5.");
  }

  @Test
  void tokenIdOutOfVocabularyIsBadRequest() {
    JsonNode e = error(http.post("/v1/completions", "{\"prompt\":[1,152064,3]}"), 400);
    assertThat(e.get("message").asText()).isEqualTo("Token id 152064 is out of vocabulary");
  }

  @Test
  void missingPromptIsBadRequest() {
    JsonNode e = error(http.post("/v1/completions", "{\"max_tokens\":3}"), 400);
    assertThat(e.get("message").asText())
        .isEqualTo("Either prompt or prompt_embeds must be provided and non-empty.");
  }

  @Test
  void wronglyTypedFieldIsBadRequest() {
    JsonNode e =
        error(http.post("/v1/completions", "{\"prompt\":\"hi\",\"max_tokens\":\"many\"}"), 400);
    assertThat(e.get("type").asText()).isEqualTo("Bad Request");
    assertThat(e.get("message").asText()).contains("max_tokens");
  }

  @Test
  void bodyThatIsNotAnObjectIsBadRequest() {
    error(http.post("/v1/completions", "[1,2,3]"), 400);
  }

  @Test
  void oversizedBodyIsRequestEntityTooLargeWithTheEnvelope() {
    byte[] body = new byte[17 << 20];
    Arrays.fill(body, (byte) ' ');
    JsonNode e = error(http.post("/v1/completions", "application/json", body), 413);
    assertThat(e.get("message").asText()).contains("exceeds");
    assertThat(http.get("/health").status()).isEqualTo(200);
  }

  @Test
  void garbageOnTheSocketDoesNotKillTheServer() throws Exception {
    try (Socket s = new Socket("127.0.0.1", emulator.port())) {
      OutputStream out = s.getOutputStream();
      out.write(
          "\u0000\u0001GARBAGE not http at all\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      InputStream in = s.getInputStream();
      String answer = new String(in.readNBytes(12), StandardCharsets.ISO_8859_1);
      assertThat(answer).startsWith("HTTP/1.1 400");
    }
    assertThat(http.get("/health").status()).isEqualTo(200);
  }

  @Test
  void aRequestAfterAnErrorOnTheSameConnectionIsServed() {
    error(http.post("/v1/completions", "{\"prompt\": "), 400);
    assertThat(http.post("/v1/completions", "{\"prompt\":\"hi\",\"max_tokens\":1}").status())
        .isEqualTo(200);
  }
}
