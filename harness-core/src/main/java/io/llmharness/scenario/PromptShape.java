package io.llmharness.scenario;

import java.util.OptionalInt;

/**
 * The prompt every request of a scenario sends: exactly {@code tokens} prompt tokens as counted by
 * the server, and what it shares with other requests.
 *
 * @param tokens prompt tokens per request, verified against the server's {@code usage}
 * @param sharing what the prompts of a scenario share (decides prefix-cache hits)
 * @param sharedPrefixTokens with {@link PromptSharing#SHARED_PREFIX}, the shared leading tokens
 * @param tokenIds send the prompt as a list of token ids instead of text
 * @param seed the seed of the generated text, so prompts are reproducible
 * @param tolerance how many tokens the server's count may differ from {@code tokens}
 */
public record PromptShape(
    int tokens,
    PromptSharing sharing,
    OptionalInt sharedPrefixTokens,
    boolean tokenIds,
    long seed,
    int tolerance) {

  public PromptShape {
    if (tokens < 1) {
      throw new IllegalArgumentException(
          "prompt tokens must be positive, but was [" + tokens + "]");
    }
    if (sharing == PromptSharing.SHARED_PREFIX && sharedPrefixTokens.isEmpty()) {
      throw new IllegalArgumentException("a shared prefix needs its length in tokens");
    }
  }
}
