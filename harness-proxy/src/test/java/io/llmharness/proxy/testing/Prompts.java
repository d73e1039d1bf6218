package io.llmharness.proxy.testing;

import java.util.StringJoiner;
import java.util.concurrent.atomic.AtomicInteger;

/** Request bodies for the emulator's "m" model. */
public final class Prompts {

  private static final AtomicInteger NONCE = new AtomicInteger(100);

  private Prompts() {}

  /**
   * A token-id prompt of {@code tokens} tokens whose first token differs from every other prompt
   * made here, so no prefix cache (on prefill or decode) ever hits it.
   */
  public static String uniqueTokenIds(int tokens) {
    StringJoiner j = new StringJoiner(",", "[", "]");
    j.add(Integer.toString(NONCE.getAndIncrement()));
    for (int i = 1; i < tokens; i++) {
      j.add(Integer.toString(1000 + i % 2000));
    }
    return j.toString();
  }

  /** A streaming completions body. */
  public static String streaming(String prompt, int maxTokens) {
    return "{\"model\":\"m\",\"prompt\":"
        + prompt
        + ",\"max_tokens\":"
        + maxTokens
        + ",\"stream\":true}";
  }
}
