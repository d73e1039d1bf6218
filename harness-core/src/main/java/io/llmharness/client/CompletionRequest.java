package io.llmharness.client;

import io.llmharness.scenario.Endpoint;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * One streaming request: always {@code stream: true} with {@code stream_options.include_usage}, so
 * token counts come from the server.
 *
 * @param endpoint completions or chat
 * @param model the model name
 * @param prompt the prompt (a chat request wraps text in one user message)
 * @param maxTokens {@code max_tokens}
 * @param temperature sent explicitly, because vLLM's default comes from the model's config
 * @param ignoreEos send {@code ignore_eos: true} for a fixed output length
 * @param requestId sent as the {@code X-Request-Id} header
 * @param timeout the whole request (headers, prefill and every token) must finish within this
 * @param extraBody more top-level body fields (e.g. {@code kv_transfer_params}), sent as given
 */
public record CompletionRequest(
    Endpoint endpoint,
    String model,
    PromptPayload prompt,
    int maxTokens,
    double temperature,
    boolean ignoreEos,
    String requestId,
    Duration timeout,
    Map<String, Object> extraBody) {

  public CompletionRequest {
    Objects.requireNonNull(endpoint, "endpoint");
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(prompt, "prompt");
    Objects.requireNonNull(requestId, "requestId");
    Objects.requireNonNull(timeout, "timeout");
    extraBody = Map.copyOf(extraBody);
    if (endpoint == Endpoint.CHAT && prompt instanceof PromptPayload.TokenIds) {
      throw new IllegalArgumentException("chat requests take text prompts, not token ids");
    }
  }
}
