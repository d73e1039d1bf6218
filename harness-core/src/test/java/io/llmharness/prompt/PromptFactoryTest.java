package io.llmharness.prompt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmharness.client.PromptPayload;
import io.llmharness.scenario.PromptShape;
import io.llmharness.scenario.PromptSharing;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Unit tests of prompt sizing with a local stand-in for the server's tokenizer: a GPT-style
 * pre-tokenizer (a word with its leading space, digits one by one, punctuation, newlines) where
 * words longer than six letters take two tokens. The integration tests size against the emulator's
 * real {@code /tokenize}.
 */
class PromptFactoryTest {
  private static final Pattern PRE_TOKEN =
      Pattern.compile(" ?[A-Za-z]+|\\d| ?[^\\sA-Za-z\\d]+|\\s*\\n+|\\s+");

  /** Counts like a BPE tokenizer whose merges never cross pre-token boundaries. */
  static class StandInTokenizer implements TokenCounter {
    int calls;

    @Override
    public int count(String text) {
      calls++;
      return ids(text).length;
    }

    @Override
    public Optional<int[]> tokenIds(String text) {
      return Optional.of(ids(text));
    }

    private static int[] ids(String text) {
      List<Integer> ids = new ArrayList<>();
      Matcher m = PRE_TOKEN.matcher(text);
      while (m.find()) {
        String t = m.group();
        ids.add(t.hashCode() & 0xffff);
        if (t.strip().length() > 6) {
          ids.add(7);
        }
      }
      return ids.stream().mapToInt(Integer::intValue).toArray();
    }

    @Override
    public String describe() {
      return "stand-in";
    }
  }

  private static PromptShape shape(int tokens, PromptSharing sharing) {
    return new PromptShape(
        tokens,
        sharing,
        sharing == PromptSharing.SHARED_PREFIX ? OptionalInt.of(512) : OptionalInt.empty(),
        false,
        7,
        0);
  }

  private static String text(Prompt p) {
    return ((PromptPayload.Text) p.payload()).text();
  }

  @ParameterizedTest
  @ValueSource(ints = {40, 1000, 4096, 20000, 100000})
  void uniquePromptsHaveExactlyTheTargetTokens(int target) {
    StandInTokenizer tokenizer = new StandInTokenizer();
    PromptSet set = new PromptFactory(tokenizer).prepare(shape(target, PromptSharing.UNIQUE));

    assertThat(tokenizer.count(text(set.next()))).isEqualTo(target);
    assertThat(tokenizer.count(text(set.next()))).isEqualTo(target);
  }

  @Test
  void sizingTakesFewCountsEvenForLongPrompts() {
    StandInTokenizer tokenizer = new StandInTokenizer();

    new PromptFactory(tokenizer).prepare(shape(100000, PromptSharing.UNIQUE));

    assertThat(tokenizer.calls).isLessThanOrEqualTo(30);
  }

  @Test
  void uniquePromptsStartWithADifferentNonce() {
    PromptSet set =
        new PromptFactory(new StandInTokenizer()).prepare(shape(2000, PromptSharing.UNIQUE));

    String a = text(set.next());
    String b = text(set.next());

    assertThat(a).startsWith("Request ").isNotEqualTo(b);
    assertThat(a.substring(0, a.indexOf('\n'))).isNotEqualTo(b.substring(0, b.indexOf('\n')));
    assertThat(a.substring(a.indexOf('\n'))).isEqualTo(b.substring(b.indexOf('\n')));
  }

  @Test
  void wholePromptSharingSendsTheIdenticalPrompt() {
    StandInTokenizer tokenizer = new StandInTokenizer();
    PromptSet set = new PromptFactory(tokenizer).prepare(shape(3000, PromptSharing.WHOLE_PROMPT));

    String a = text(set.next());

    assertThat(text(set.next())).isEqualTo(a);
    assertThat(tokenizer.count(a)).isEqualTo(3000);
  }

  @Test
  void sharedPrefixPromptsShareExactlyThePrefixThenDiffer() {
    StandInTokenizer tokenizer = new StandInTokenizer();
    PromptSet set = new PromptFactory(tokenizer).prepare(shape(3000, PromptSharing.SHARED_PREFIX));

    String a = text(set.next());
    String b = text(set.next());
    int split = a.indexOf("Request ");

    assertThat(b.substring(0, split)).isEqualTo(a.substring(0, split));
    assertThat(tokenizer.count(a.substring(0, split))).isEqualTo(512);
    assertThat(a).isNotEqualTo(b);
    assertThat(tokenizer.count(a)).isEqualTo(3000);
  }

  @Test
  void tokenIdPromptsHaveExactlyTheTargetLength() {
    PromptShape shape =
        new PromptShape(5000, PromptSharing.UNIQUE, OptionalInt.empty(), true, 1, 0);
    PromptSet set = new PromptFactory(new StandInTokenizer()).prepare(shape);

    Prompt p = set.next();

    assertThat(p.payload())
        .isInstanceOfSatisfying(
            PromptPayload.TokenIds.class, ids -> assertThat(ids.length()).isEqualTo(5000));
  }

  @Test
  void theSameSeedGivesTheSameBody() {
    String a =
        text(
            new PromptFactory(new StandInTokenizer())
                .prepare(shape(1500, PromptSharing.WHOLE_PROMPT))
                .next());
    String b =
        text(
            new PromptFactory(new StandInTokenizer())
                .prepare(shape(1500, PromptSharing.WHOLE_PROMPT))
                .next());

    assertThat(a).isEqualTo(b);
  }

  @Test
  void aTokenizerThatTruncatesIsRejectedInsteadOfSearchedForever() {
    TokenCounter truncating =
        new StandInTokenizer() {
          @Override
          public int count(String text) {
            return Math.min(super.count(text), 512);
          }
        };

    assertThatThrownBy(
            () -> new PromptFactory(truncating).prepare(shape(4096, PromptSharing.UNIQUE)))
        .isInstanceOf(PromptSizingException.class)
        .hasMessageContaining("counts no more than 512 tokens")
        .hasMessageContaining("does it truncate?");
  }

  @Test
  void aTargetShorterThanTheFixedPartIsRejectedWithTheMinimum() {
    assertThatThrownBy(
            () -> new PromptFactory(new StandInTokenizer()).prepare(shape(5, PromptSharing.UNIQUE)))
        .isInstanceOf(PromptSizingException.class)
        .hasMessageContaining("raise promptTokens above");
  }
}
