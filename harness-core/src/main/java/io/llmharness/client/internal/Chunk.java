package io.llmharness.client.internal;

/**
 * The fields of one SSE {@code data:} payload that the measurement needs. Integers are -1 when
 * absent; strings are null when absent.
 *
 * @param choices the number of entries in {@code choices}
 * @param contentLength the length of the first choice's {@code text} or {@code delta.content}
 * @param finishReason the first choice's {@code finish_reason}
 * @param promptTokens {@code usage.prompt_tokens}
 * @param completionTokens {@code usage.completion_tokens}
 * @param cachedTokens {@code usage.prompt_tokens_details.cached_tokens}
 * @param errorMessage the message of a top-level {@code error} object (a mid-stream error)
 * @param errorCode its {@code code}
 */
public record Chunk(
    int choices,
    int contentLength,
    String finishReason,
    int promptTokens,
    int completionTokens,
    int cachedTokens,
    String errorMessage,
    int errorCode) {

  /** True when the first choice carries non-empty text or delta content. */
  public boolean hasContent() {
    return contentLength > 0;
  }

  /** True for a {@code {"error": ...}} payload. */
  public boolean isError() {
    return errorMessage != null;
  }

  /** True when the payload carries usage. */
  public boolean hasUsage() {
    return completionTokens >= 0;
  }
}
