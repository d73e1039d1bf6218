package io.llmharness.client.internal;

import io.llmharness.client.RequestTiming;
import io.llmharness.results.RequestError;
import io.llmharness.results.RequestRecord;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/** Collects the measurements of one request as they happen; not thread-safe. */
public final class RecordBuilder {
  private final String requestId;
  private final RequestTiming timing;
  private final String promptSha256;
  private long startEpochMillis;
  private long sentNanos;
  private long headersNanos = Long.MIN_VALUE;
  private long firstByteNanos = Long.MIN_VALUE;
  private long endNanos = Long.MIN_VALUE;
  private long[] contentNanos = new long[128];
  private int contentEvents;
  private int promptTokens = -1;
  private int completionTokens = -1;
  private int cachedTokens = -1;
  private String finishReason;
  private boolean done;
  private final Map<String, String> proxyHeaders = new LinkedHashMap<>();
  private final List<String> comments = new ArrayList<>();
  private RequestError error;

  public RecordBuilder(String requestId, RequestTiming timing, String promptSha256) {
    this.requestId = requestId;
    this.timing = timing;
    this.promptSha256 = promptSha256;
  }

  /** Marks the hand-off to the HTTP client. */
  public void sent(long nanos, long epochMillis) {
    this.sentNanos = nanos;
    this.startEpochMillis = epochMillis;
  }

  public void headers(long nanos) {
    this.headersNanos = nanos;
  }

  /** Marks the arrival of the body's first byte; later calls are ignored. */
  public void firstByte(long nanos) {
    if (firstByteNanos == Long.MIN_VALUE) {
      firstByteNanos = nanos;
    }
  }

  public void proxyHeader(String name, String value) {
    proxyHeaders.put(name, value);
  }

  public void comment(String text) {
    comments.add(text);
  }

  /** Records a parsed chunk that arrived at {@code nanos}. */
  public void chunk(Chunk chunk, long nanos) {
    if (chunk.hasContent()) {
      if (contentEvents == contentNanos.length) {
        contentNanos = Arrays.copyOf(contentNanos, contentEvents * 2);
      }
      contentNanos[contentEvents++] = nanos;
    }
    if (chunk.finishReason() != null) {
      finishReason = chunk.finishReason();
    }
    if (chunk.hasUsage()) {
      promptTokens = chunk.promptTokens();
      completionTokens = chunk.completionTokens();
      if (chunk.cachedTokens() >= 0) {
        cachedTokens = chunk.cachedTokens();
      }
    }
  }

  public void done(long nanos) {
    done = true;
    endNanos = nanos;
  }

  public boolean isDone() {
    return done;
  }

  public int contentEvents() {
    return contentEvents;
  }

  public Optional<String> finishReason() {
    return Optional.ofNullable(finishReason);
  }

  /** Fails the request; the first failure wins. */
  public void fail(RequestError e) {
    if (error == null) {
      error = e;
    }
  }

  public boolean failed() {
    return error != null;
  }

  public RequestRecord build() {
    return new RequestRecord(
        requestId,
        timing.index(),
        timing.phase(),
        startEpochMillis,
        timing.scheduledNanos() == RequestTiming.UNSCHEDULED ? sentNanos : timing.scheduledNanos(),
        sentNanos,
        present(headersNanos),
        present(firstByteNanos),
        contentEvents > 0 ? OptionalLong.of(contentNanos[0]) : OptionalLong.empty(),
        present(endNanos),
        Arrays.copyOf(contentNanos, contentEvents),
        promptTokens >= 0 ? OptionalInt.of(promptTokens) : OptionalInt.empty(),
        completionTokens >= 0 ? OptionalInt.of(completionTokens) : OptionalInt.empty(),
        cachedTokens >= 0 ? OptionalInt.of(cachedTokens) : OptionalInt.empty(),
        promptSha256,
        proxyHeaders,
        comments,
        Optional.ofNullable(error));
  }

  private static OptionalLong present(long nanos) {
    return nanos == Long.MIN_VALUE ? OptionalLong.empty() : OptionalLong.of(nanos);
  }
}
