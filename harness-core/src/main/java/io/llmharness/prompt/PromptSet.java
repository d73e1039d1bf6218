package io.llmharness.prompt;

import io.llmharness.client.PromptPayload;
import io.llmharness.scenario.PromptSharing;
import java.security.SecureRandom;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * The prompts of one scenario, sized once: {@link #next()} hands out one per request, each with a
 * fresh nonce where the sharing policy asks for it. Thread-safe.
 *
 * <p>Layout, by {@link PromptSharing}:
 *
 * <ul>
 *   <li>{@code UNIQUE}: {@code nonce line + instruction + body}. The nonce comes first, so the very
 *       first 16-token block differs between requests, and with it (vLLM chains block hashes) every
 *       block after it.
 *   <li>{@code WHOLE_PROMPT}: {@code instruction + body}, identical for every request.
 *   <li>{@code SHARED_PREFIX}: {@code shared prefix + nonce line + body}: only the prefix can hit.
 * </ul>
 */
public final class PromptSet {
  /**
   * Digits in a nonce; every digit is one token for Qwen-style tokenizers, so the count is fixed.
   */
  static final int NONCE_DIGITS = 12;

  private static final long NONCE_RANGE = 1_000_000_000_000L;

  private final PromptSharing sharing;
  private final String before;
  private final String after;
  private final int target;
  private final String counterDescription;
  private final OptionalInt chatTemplateOverhead;
  private final Optional<Function<String, int[]>> tokenIds;
  private final SplittableRandom nonces = new SplittableRandom(new SecureRandom().nextLong());

  PromptSet(
      PromptSharing sharing,
      String before,
      String after,
      int target,
      String counterDescription,
      OptionalInt chatTemplateOverhead,
      Optional<Function<String, int[]>> tokenIds) {
    this.sharing = sharing;
    this.before = before;
    this.after = after;
    this.target = target;
    this.counterDescription = counterDescription;
    this.chatTemplateOverhead = chatTemplateOverhead;
    this.tokenIds = tokenIds;
  }

  /** The nonce line for a nonce value: {@code "Request 000000000042.\n"}. */
  static String nonceLine(long nonce) {
    return String.format("Request %0" + NONCE_DIGITS + "d.%n", nonce).replace("\r\n", "\n");
  }

  /** The prompt of the next request. */
  public Prompt next() {
    String text =
        sharing == PromptSharing.WHOLE_PROMPT
            ? before + after
            : before + nonceLine(nextNonce()) + after;
    PromptPayload payload =
        tokenIds
            .<PromptPayload>map(ids -> new PromptPayload.TokenIds(exactLength(ids.apply(text))))
            .orElseGet(() -> new PromptPayload.Text(text));
    return new Prompt(payload, target);
  }

  /**
   * A random nonce: fresh per request and per run (so a rerun against a warm server misses too),
   * and random rather than sequential, so requests differ from the nonce's first digit on.
   */
  private synchronized long nextNonce() {
    return nonces.nextLong(NONCE_RANGE);
  }

  private int[] exactLength(int[] ids) {
    if (ids.length == target) {
      return ids;
    }
    int[] exact = java.util.Arrays.copyOf(ids, target);
    for (int i = ids.length; i < target; i++) {
      exact[i] = ids[ids.length - 1];
    }
    return exact;
  }

  /** The target prompt tokens. */
  public int targetTokens() {
    return target;
  }

  /** How the prompts were sized (which tokenizer counted them). */
  public String counterDescription() {
    return counterDescription;
  }

  /** For chat, the measured tokens the chat template adds around the user message. */
  public OptionalInt chatTemplateOverhead() {
    return chatTemplateOverhead;
  }
}
