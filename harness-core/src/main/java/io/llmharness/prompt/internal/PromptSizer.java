package io.llmharness.prompt.internal;

import io.llmharness.prompt.PromptSizingException;
import io.llmharness.prompt.TokenCounter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds the body text that makes {@code head + body} exactly the target number of tokens, as the
 * counter (the server) counts them: estimate from one count, bracket, bisect over the number of
 * word pieces, then close the last gap of one to three tokens with single-token filler words. Takes
 * about ten counts for any length.
 */
public final class PromptSizer {
  private static final List<String> FILLERS = List.of(" the", " and", " of", " a", ".", ",", " to");

  private final TokenCounter counter;
  private final Map<Integer, Integer> counts = new HashMap<>();
  private String head;
  private WordText words;
  private int calls;

  public PromptSizer(TokenCounter counter) {
    this.counter = counter;
  }

  /** The number of counter calls made so far. */
  public int calls() {
    return calls;
  }

  /**
   * Returns the body such that {@code counter.count(head + body) == target}.
   *
   * @throws PromptSizingException when the head alone is longer than the target, or no body hits
   *     the target exactly
   */
  public String body(String head, WordText words, int target) {
    this.head = head;
    this.words = words;
    counts.clear();
    int fixed = tokensWith(0);
    if (fixed > target) {
      throw new PromptSizingException(
          "the fixed part of the prompt (nonce and instruction) already takes "
              + fixed
              + " tokens, more than the target of "
              + target
              + "; raise promptTokens above "
              + fixed
              + ".");
    }
    if (fixed == target) {
      return "";
    }
    int probe = target - fixed;
    double perPiece = Math.max(0.1, (double) (tokensWith(probe) - fixed) / probe);
    int guess = Math.max(1, (int) ((target - fixed) / perPiece));
    int lo;
    int hi;
    if (tokensWith(guess) <= target) {
      lo = guess;
      int step = Math.max(2, guess / 100);
      hi = lo + step;
      long limit = 16L * target + 1024; // every piece is at least one character
      while (tokensWith(hi) <= target) {
        if (hi > limit) {
          throw new PromptSizingException(
              "the tokenizer ("
                  + counter.describe()
                  + ") counts no more than "
                  + tokensWith(hi)
                  + " tokens however long the text gets, below the target of "
                  + target
                  + "; does it truncate? Use one that counts the whole prompt.");
        }
        lo = hi;
        step *= 2;
        hi = lo + step;
      }
    } else {
      hi = guess;
      int step = Math.max(2, guess / 100);
      lo = Math.max(0, hi - step);
      while (lo > 0 && tokensWith(lo) > target) {
        hi = lo;
        step *= 2;
        lo = Math.max(0, hi - step);
      }
    }
    while (hi - lo > 1) {
      int mid = (lo + hi) >>> 1;
      if (tokensWith(mid) <= target) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    String body = words.prefix(lo);
    int gap = target - tokensWith(lo);
    if (gap == 0) {
      return body;
    }
    for (String filler : FILLERS) {
      String candidate = body + filler.repeat(gap);
      if (count(head + candidate) == target) {
        return candidate;
      }
    }
    throw new PromptSizingException(
        "could not build a prompt of exactly "
            + target
            + " tokens with "
            + counter.describe()
            + ": "
            + lo
            + " words give "
            + (target - gap)
            + " tokens and no filler closes the gap of "
            + gap
            + "; set promptTolerance to allow a difference.");
  }

  private int tokensWith(int pieces) {
    return counts.computeIfAbsent(pieces, k -> count(head + words.prefix(k)));
  }

  private int count(String text) {
    calls++;
    return counter.count(text);
  }
}
