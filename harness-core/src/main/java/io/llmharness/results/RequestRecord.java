package io.llmharness.results;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * Everything measured about one request, with raw timestamps so that every metric can be recomputed
 * later. Timestamps are {@link System#nanoTime()} readings of the harness JVM (on Linux that is
 * {@code CLOCK_MONOTONIC}, shared by all processes of the host).
 *
 * <p>Metric definitions follow {@code vllm bench serve} (see METRICS.md): TTFT is measured from the
 * moment the request was handed to the HTTP client to the first event that carries content; for
 * open-loop load it is also reported from the scheduled start, so client queueing is never hidden.
 *
 * @param requestId the {@code X-Request-Id} sent with the request
 * @param index the position of the request within its phase, from 0
 * @param phase warmup or measured
 * @param startEpochMillis wall-clock time when the request was handed to the client
 * @param scheduledNanos when the request was meant to start (equal to {@code sentNanos} in
 *     closed-loop load)
 * @param sentNanos when the request was handed to the HTTP client
 * @param headersNanos when the response headers arrived
 * @param firstByteNanos when the first byte of the response body arrived (of the SSE stream, or of
 *     an error body); empty when there was none
 * @param firstTokenNanos when the first event with non-empty text or {@code delta.content} arrived
 * @param endNanos when the stream ended ({@code [DONE]}), or the non-streaming body was read
 * @param contentEventNanos arrival time of every content event, in order (the first is {@code
 *     firstTokenNanos})
 * @param promptTokens {@code usage.prompt_tokens} as reported by the server
 * @param completionTokens {@code usage.completion_tokens} as reported by the server
 * @param cachedTokens {@code usage.prompt_tokens_details.cached_tokens}, when the server reports it
 * @param promptSha256 hex SHA-256 of the prompt as sent (text, or token ids joined by commas)
 * @param proxyHeaders every response header whose name starts with {@code X-Proxy-}, name as sent
 * @param sseComments the SSE comment lines of the stream, without the leading colon
 * @param error why the request failed; empty when it succeeded
 */
public record RequestRecord(
    String requestId,
    int index,
    RequestPhase phase,
    long startEpochMillis,
    long scheduledNanos,
    long sentNanos,
    OptionalLong headersNanos,
    OptionalLong firstByteNanos,
    OptionalLong firstTokenNanos,
    OptionalLong endNanos,
    long[] contentEventNanos,
    OptionalInt promptTokens,
    OptionalInt completionTokens,
    OptionalInt cachedTokens,
    String promptSha256,
    Map<String, String> proxyHeaders,
    List<String> sseComments,
    Optional<RequestError> error) {

  public RequestRecord {
    Objects.requireNonNull(requestId, "requestId");
    Objects.requireNonNull(phase, "phase");
    Objects.requireNonNull(headersNanos, "headersNanos");
    Objects.requireNonNull(firstByteNanos, "firstByteNanos");
    Objects.requireNonNull(firstTokenNanos, "firstTokenNanos");
    Objects.requireNonNull(endNanos, "endNanos");
    contentEventNanos = contentEventNanos.clone();
    Objects.requireNonNull(promptTokens, "promptTokens");
    Objects.requireNonNull(completionTokens, "completionTokens");
    Objects.requireNonNull(cachedTokens, "cachedTokens");
    Objects.requireNonNull(promptSha256, "promptSha256");
    proxyHeaders = Map.copyOf(proxyHeaders);
    sseComments = List.copyOf(sseComments);
    Objects.requireNonNull(error, "error");
  }

  @Override
  public long[] contentEventNanos() {
    return contentEventNanos.clone();
  }

  /** True when the request completed without error. */
  public boolean succeeded() {
    return error.isEmpty();
  }

  /** Time to first token from the hand-off to the HTTP client, in nanoseconds. */
  public OptionalLong ttftNanos() {
    return firstTokenNanos.isPresent()
        ? OptionalLong.of(firstTokenNanos.getAsLong() - sentNanos)
        : OptionalLong.empty();
  }

  /** Time to first token from the scheduled start (open-loop load), in nanoseconds. */
  public OptionalLong ttftFromScheduleNanos() {
    return firstTokenNanos.isPresent()
        ? OptionalLong.of(firstTokenNanos.getAsLong() - scheduledNanos)
        : OptionalLong.empty();
  }

  /** How long the request waited in the client between its schedule and its hand-off. */
  public long clientQueueNanos() {
    return sentNanos - scheduledNanos;
  }

  /** End-to-end latency from the hand-off to the end of the stream, in nanoseconds. */
  public OptionalLong e2eNanos() {
    return endNanos.isPresent()
        ? OptionalLong.of(endNanos.getAsLong() - sentNanos)
        : OptionalLong.empty();
  }

  /**
   * Time per output token after the first: {@code (E2E − TTFT) / (completion_tokens − 1)}, with
   * completion_tokens from the server's usage. Empty when fewer than two tokens were generated or
   * usage is missing.
   */
  public Optional<Double> tpotNanos() {
    if (ttftNanos().isEmpty() || e2eNanos().isEmpty() || completionTokens.isEmpty()) {
      return Optional.empty();
    }
    int tokens = completionTokens.getAsInt();
    if (tokens < 2) {
      return Optional.empty();
    }
    return Optional.of((double) (e2eNanos().getAsLong() - ttftNanos().getAsLong()) / (tokens - 1));
  }

  /** Gaps between consecutive content events (inter-token latencies), in nanoseconds. */
  public long[] interTokenNanos() {
    if (contentEventNanos.length < 2) {
      return new long[0];
    }
    long[] gaps = new long[contentEventNanos.length - 1];
    for (int i = 1; i < contentEventNanos.length; i++) {
      gaps[i - 1] = contentEventNanos[i] - contentEventNanos[i - 1];
    }
    return gaps;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RequestRecord r
        && index == r.index
        && startEpochMillis == r.startEpochMillis
        && scheduledNanos == r.scheduledNanos
        && sentNanos == r.sentNanos
        && requestId.equals(r.requestId)
        && phase == r.phase
        && headersNanos.equals(r.headersNanos)
        && firstByteNanos.equals(r.firstByteNanos)
        && firstTokenNanos.equals(r.firstTokenNanos)
        && endNanos.equals(r.endNanos)
        && Arrays.equals(contentEventNanos, r.contentEventNanos)
        && promptTokens.equals(r.promptTokens)
        && completionTokens.equals(r.completionTokens)
        && cachedTokens.equals(r.cachedTokens)
        && promptSha256.equals(r.promptSha256)
        && proxyHeaders.equals(r.proxyHeaders)
        && sseComments.equals(r.sseComments)
        && error.equals(r.error);
  }

  @Override
  public int hashCode() {
    return Objects.hash(requestId, index, phase, sentNanos) * 31
        + Arrays.hashCode(contentEventNanos);
  }

  @Override
  public String toString() {
    return "RequestRecord[" + requestId + ", " + phase + " #" + index + ", error=" + error + "]";
  }
}
