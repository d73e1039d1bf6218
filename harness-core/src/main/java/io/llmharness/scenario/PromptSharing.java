package io.llmharness.scenario;

/** What the prompts of one scenario share, which decides what the server's prefix cache can hit. */
public enum PromptSharing {
  /**
   * Every request, warmup included, starts with a unique nonce, so no 16-token block is shared with
   * any other request: every request pays a full prefill. The policy whenever the server's prefix
   * cache is off.
   */
  UNIQUE,
  /**
   * Every request sends the identical prompt, so all but the first are prefix-cache hits: what the
   * Phase 15 guide measures for unified scenarios with the cache on.
   */
  WHOLE_PROMPT,
  /** A shared prefix of K tokens, then a unique nonce and tail: only the prefix can hit. */
  SHARED_PREFIX;

  /**
   * Parses {@code unique}, {@code whole} ({@code whole_prompt}) or {@code prefix} ({@code
   * shared_prefix}).
   */
  public static PromptSharing parse(String name) {
    switch (name.trim().toLowerCase(java.util.Locale.ROOT).replace('-', '_')) {
      case "unique":
        return UNIQUE;
      case "whole", "whole_prompt":
        return WHOLE_PROMPT;
      case "prefix", "shared_prefix":
        return SHARED_PREFIX;
      default:
        throw new IllegalArgumentException(
            "unknown prompt sharing [" + name + "]; use unique, whole or prefix");
    }
  }
}
