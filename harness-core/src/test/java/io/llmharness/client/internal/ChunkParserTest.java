package io.llmharness.client.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import org.junit.jupiter.api.Test;

class ChunkParserTest {
  private final ChunkParser parser = new ChunkParser();

  @Test
  void completionsTokenChunkCarriesItsText() throws IOException {
    Chunk c =
        parser.parse(
            "{\"id\":\"cmpl-abc\",\"object\":\"text_completion\",\"created\":1732700000,\"model\":\"m\","
                + "\"choices\":[{\"index\":0,\"text\":\" hello\",\"logprobs\":null,\"finish_reason\":null,"
                + "\"stop_reason\":null,\"prompt_token_ids\":null,\"token_ids\":null}],\"usage\":null}");

    assertThat(c.choices()).isEqualTo(1);
    assertThat(c.hasContent()).isTrue();
    assertThat(c.contentLength()).isEqualTo(6);
    assertThat(c.finishReason()).isNull();
    assertThat(c.hasUsage()).isFalse();
  }

  @Test
  void finalUsageChunkHasNoChoicesAndTheCounts() throws IOException {
    Chunk c =
        parser.parse(
            "{\"id\":\"cmpl-abc\",\"object\":\"text_completion\",\"created\":1,\"model\":\"m\",\"choices\":[],"
                + "\"usage\":{\"prompt_tokens\":1001,\"total_tokens\":1017,\"completion_tokens\":16}}");

    assertThat(c.choices()).isZero();
    assertThat(c.promptTokens()).isEqualTo(1001);
    assertThat(c.completionTokens()).isEqualTo(16);
    assertThat(c.cachedTokens()).isEqualTo(-1);
  }

  @Test
  void cachedTokensAreReadFromPromptTokensDetails() throws IOException {
    Chunk c =
        parser.parse(
            "{\"choices\":[],\"usage\":{\"prompt_tokens\":10,\"total_tokens\":12,\"completion_tokens\":2,"
                + "\"prompt_tokens_details\":{\"cached_tokens\":8}}}");

    assertThat(c.cachedTokens()).isEqualTo(8);
  }

  @Test
  void chatRoleChunkHasNoContentButTheContentChunkHas() throws IOException {
    Chunk role =
        parser.parse(
            "{\"id\":\"chatcmpl-abc\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\","
                + "\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},"
                + "\"logprobs\":null,\"finish_reason\":null}],\"prompt_token_ids\":null}");
    Chunk content =
        parser.parse(
            "{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hello\"},\"logprobs\":null,"
                + "\"finish_reason\":\"length\",\"stop_reason\":null,\"token_ids\":null}]}");

    assertThat(role.hasContent()).isFalse();
    assertThat(content.hasContent()).isTrue();
    assertThat(content.finishReason()).isEqualTo("length");
  }

  @Test
  void midStreamErrorEventIsRecognisedWithItsCode() throws IOException {
    Chunk c =
        parser.parse(
            "{\"error\": {\"message\": \"Internal server error\", \"type\": \"InternalServerError\","
                + " \"param\": null, \"code\": 500}}");

    assertThat(c.isError()).isTrue();
    assertThat(c.errorMessage()).isEqualTo("Internal server error");
    assertThat(c.errorCode()).isEqualTo(500);
  }

  @Test
  void escapedTextCountsDecodedCharacters() throws IOException {
    Chunk c = parser.parse("{\"choices\":[{\"text\":\"\\n\"}]}");

    assertThat(c.contentLength()).isEqualTo(1);
  }

  @Test
  void garbageIsRejected() {
    assertThatThrownBy(() -> parser.parse("not json")).isInstanceOf(IOException.class);
    assertThatThrownBy(() -> parser.parse("[1,2]")).isInstanceOf(IOException.class);
  }
}
