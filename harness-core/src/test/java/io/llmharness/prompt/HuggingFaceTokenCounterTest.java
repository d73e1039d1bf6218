package io.llmharness.prompt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmharness.client.PromptPayload;
import io.llmharness.scenario.PromptShape;
import io.llmharness.scenario.PromptSharing;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** A real Hugging Face tokenizer (DJL's native library), with a small word-level tokenizer.json. */
class HuggingFaceTokenCounterTest {
  private static Path tokenizerJson() throws URISyntaxException {
    return Path.of(
        HuggingFaceTokenCounterTest.class.getResource("word-level-tokenizer.json").toURI());
  }

  @Test
  void countsTokensOfTheTokenizerJson() throws URISyntaxException {
    try (HuggingFaceTokenCounter counter = new HuggingFaceTokenCounter(tokenizerJson())) {
      assertThat(counter.count("read the following")).isEqualTo(3);
      assertThat(counter.tokenIds("read the following"))
          .hasValueSatisfying(ids -> assertThat(ids).containsExactly(2, 3, 4));
      assertThat(counter.count("read the unknown, words.")).isEqualTo(6);
    }
  }

  @Test
  void sizesPromptsExactlyWithALocalTokenizer() throws URISyntaxException {
    try (HuggingFaceTokenCounter counter = new HuggingFaceTokenCounter(tokenizerJson())) {
      PromptSet set =
          new PromptFactory(counter)
              .prepare(
                  new PromptShape(3000, PromptSharing.UNIQUE, OptionalInt.empty(), false, 3, 0));

      String text = ((PromptPayload.Text) set.next().payload()).text();
      assertThat(counter.count(text)).isEqualTo(3000);
    }
  }

  @Test
  void aMissingFileIsAClearError() {
    assertThatThrownBy(() -> new HuggingFaceTokenCounter(Path.of("no/such/tokenizer.json")))
        .hasMessage(
            "harness.tokenizer [no/such/tokenizer.json] is not a file; give the path of a tokenizer.json");
  }
}
