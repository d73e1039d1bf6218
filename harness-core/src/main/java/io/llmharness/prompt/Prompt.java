package io.llmharness.prompt;

import io.llmharness.client.PromptPayload;
import java.util.Objects;

/**
 * The prompt of one request and the token count the server must report for it.
 *
 * @param payload text or token ids, as sent
 * @param expectedTokens the scenario's target prompt tokens
 */
public record Prompt(PromptPayload payload, int expectedTokens) {
  public Prompt {
    Objects.requireNonNull(payload, "payload");
  }
}
