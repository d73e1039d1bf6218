package io.llmharness.prompt;

import io.llmharness.prompt.internal.PromptSizer;
import io.llmharness.prompt.internal.WordText;
import io.llmharness.scenario.PromptShape;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Builds token-exact prompts: natural-looking word text from a seed, sized with the target server's
 * tokenizer so that the server counts exactly the target number of prompt tokens.
 */
public final class PromptFactory {
  /** The instruction that opens every generated prompt, so a real model has a task to do. */
  public static final String INSTRUCTION =
      "Read the following text carefully and summarize it.\n\n";

  private final TokenCounter counter;

  public PromptFactory(TokenCounter counter) {
    this.counter = Objects.requireNonNull(counter, "counter");
  }

  /**
   * Sizes the prompts of one scenario.
   *
   * @throws PromptSizingException when no prompt of exactly the target length can be built
   * @throws IllegalArgumentException when token-id prompts are asked of a counter without ids
   */
  public PromptSet prepare(PromptShape shape) {
    PromptSizer sizer = new PromptSizer(counter);
    WordText words = new WordText(shape.seed());
    String nonce = PromptSet.nonceLine(0);
    String before;
    String after;
    switch (shape.sharing()) {
      case WHOLE_PROMPT -> {
        before = "";
        after = INSTRUCTION + sizer.body(INSTRUCTION, words, shape.tokens());
      }
      case UNIQUE -> {
        before = "";
        after = INSTRUCTION + sizer.body(nonce + INSTRUCTION, words, shape.tokens());
      }
      case SHARED_PREFIX -> {
        int prefixTokens = shape.sharedPrefixTokens().orElseThrow();
        // K − 1 tokens of text, then the newline that ends the prefix (one token).
        String prefix =
            INSTRUCTION
                + sizer.body(INSTRUCTION, new WordText(shape.seed()), prefixTokens - 1)
                + "\n";
        before = prefix;
        after = sizer.body(prefix + nonce, new WordText(shape.seed() + 1), shape.tokens());
      }
      default -> throw new IllegalStateException("unknown sharing " + shape.sharing());
    }
    Optional<Function<String, int[]>> ids = Optional.empty();
    if (shape.tokenIds()) {
      ids = Optional.of(idsOf(before, after));
    }
    return new PromptSet(
        shape.sharing(),
        before,
        after,
        shape.tokens(),
        counter.describe(),
        counter.chatTemplateOverhead(),
        ids);
  }

  /**
   * Token ids of {@code before + nonce line + after}: the two fixed parts are tokenized once, the
   * short nonce line per request.
   */
  private Function<String, int[]> idsOf(String before, String after) {
    int[] head = idsOrFail(before);
    int[] tail = idsOrFail(after);
    return text -> {
      String nonceLine = text.substring(before.length(), text.length() - after.length());
      int[] middle = idsOrFail(nonceLine);
      int[] all = new int[head.length + middle.length + tail.length];
      System.arraycopy(head, 0, all, 0, head.length);
      System.arraycopy(middle, 0, all, head.length, middle.length);
      System.arraycopy(tail, 0, all, head.length + middle.length, tail.length);
      return all;
    };
  }

  private int[] idsOrFail(String text) {
    if (text.isEmpty()) {
      return new int[0];
    }
    return counter
        .tokenIds(text)
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "token-id prompts need a tokenizer that returns ids, but "
                        + counter.describe()
                        + " does not; use a server with /tokenize or text prompts."));
  }
}
