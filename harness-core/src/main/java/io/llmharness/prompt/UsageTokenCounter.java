package io.llmharness.prompt;

import io.llmharness.client.CompletionRequest;
import io.llmharness.client.InferenceClient;
import io.llmharness.client.PromptPayload;
import io.llmharness.client.RequestTiming;
import io.llmharness.client.ServerException;
import io.llmharness.results.RequestPhase;
import io.llmharness.results.RequestRecord;
import io.llmharness.scenario.Endpoint;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Counts by sending the prompt with {@code max_tokens: 1} and reading {@code usage.prompt_tokens}:
 * the calibration for OpenAI-compatible servers without {@code /tokenize}. Each count costs one
 * prefill on the server.
 */
public final class UsageTokenCounter implements TokenCounter {
  private final InferenceClient client;
  private final String model;
  private final Endpoint endpoint;
  private final Duration timeout;

  public UsageTokenCounter(
      InferenceClient client, String model, Endpoint endpoint, Duration timeout) {
    this.client = Objects.requireNonNull(client, "client");
    this.model = Objects.requireNonNull(model, "model");
    this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
    this.timeout = Objects.requireNonNull(timeout, "timeout");
  }

  @Override
  public int count(String text) {
    CompletionRequest request =
        new CompletionRequest(
            endpoint,
            model,
            new PromptPayload.Text(text),
            1,
            0.0,
            true,
            "harness-calibration-" + UUID.randomUUID(),
            timeout,
            Map.of());
    RequestRecord r =
        client.stream(request, new RequestTiming(RequestPhase.WARMUP, 0, System.nanoTime()));
    if (r.error().isPresent() || r.promptTokens().isEmpty()) {
      throw new ServerException(
          "cannot count prompt tokens with usage.prompt_tokens on "
              + client.baseUrl()
              + ": "
              + r.error().map(e -> e.message()).orElse("the server reported no usage"),
          r.error().map(e -> e.httpStatus().orElse(0)).orElse(0),
          null);
    }
    return r.promptTokens().getAsInt();
  }

  @Override
  public Optional<int[]> tokenIds(String text) {
    return Optional.empty();
  }

  @Override
  public String describe() {
    return "usage.prompt_tokens of max_tokens=1 requests";
  }
}
