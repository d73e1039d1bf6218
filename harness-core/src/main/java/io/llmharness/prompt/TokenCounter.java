package io.llmharness.prompt;

import java.util.Optional;
import java.util.OptionalInt;

/**
 * Counts prompt tokens the way the target server will count them. The server is the source of truth
 * for tokens: {@link ServerTokenCounter} asks its {@code /tokenize}; {@link UsageTokenCounter}
 * calibrates with {@code usage.prompt_tokens} where there is no {@code /tokenize}.
 */
public interface TokenCounter {
  /** The prompt tokens the server counts for a request whose prompt is {@code text}. */
  int count(String text);

  /** The completion-form token ids of {@code text}, when this counter can produce them. */
  Optional<int[]> tokenIds(String text);

  /**
   * For chat counters, how many tokens the chat template adds around one user message (measured,
   * not assumed); empty when unknown or not chat.
   */
  default OptionalInt chatTemplateOverhead() {
    return OptionalInt.empty();
  }

  /** A short description for logs and results, e.g. {@code server /tokenize (chat form)}. */
  String describe();
}
