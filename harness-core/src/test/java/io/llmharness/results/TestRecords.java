package io.llmharness.results;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/** Builds request records with exact, hand-checkable timings (milliseconds in, nanos stored). */
final class TestRecords {
  private static final long MS = 1_000_000L;

  private TestRecords() {}

  /** A builder for a measured request sent at {@code sentMs}. */
  static Builder request(int index, double sentMs) {
    return new Builder(index, sentMs);
  }

  static final class Builder {
    private final int index;
    private final long sent;
    private long scheduled;
    private RequestPhase phase = RequestPhase.MEASURED;
    private final List<Long> events = new ArrayList<>();
    private OptionalLong end = OptionalLong.empty();
    private OptionalInt completionTokens = OptionalInt.empty();
    private final Map<String, String> headers = new LinkedHashMap<>();
    private final List<String> comments = new ArrayList<>();
    private Optional<RequestError> error = Optional.empty();

    private Builder(int index, double sentMs) {
      this.index = index;
      this.sent = Math.round(sentMs * MS);
      this.scheduled = sent;
    }

    Builder warmup() {
      phase = RequestPhase.WARMUP;
      return this;
    }

    Builder scheduledAt(double ms) {
      scheduled = Math.round(ms * MS);
      return this;
    }

    /** Content events at these offsets (ms) after sending; the first is the first token. */
    Builder events(double... offsetsMs) {
      for (double o : offsetsMs) {
        events.add(sent + Math.round(o * MS));
      }
      return this;
    }

    Builder endAt(double offsetMs) {
      end = OptionalLong.of(sent + Math.round(offsetMs * MS));
      return this;
    }

    Builder tokens(int completion) {
      completionTokens = OptionalInt.of(completion);
      return this;
    }

    Builder header(String name, String value) {
      headers.put(name, value);
      return this;
    }

    Builder comment(String line) {
      comments.add(line);
      return this;
    }

    Builder failed(ErrorCause cause, String message) {
      error = Optional.of(RequestError.of(cause, message));
      return this;
    }

    Builder failed(ErrorCause cause, int status, String message) {
      error = Optional.of(RequestError.of(cause, status, message));
      return this;
    }

    RequestRecord build() {
      return new RequestRecord(
          "req-" + phase.name().toLowerCase(java.util.Locale.ROOT) + "-" + index,
          index,
          phase,
          1_785_000_000_000L + sent / MS,
          scheduled,
          sent,
          events.isEmpty() ? OptionalLong.empty() : OptionalLong.of(events.get(0) - MS / 2),
          events.isEmpty() ? OptionalLong.empty() : OptionalLong.of(events.get(0) - MS / 4),
          events.isEmpty() ? OptionalLong.empty() : OptionalLong.of(events.get(0)),
          end,
          events.stream().mapToLong(Long::longValue).toArray(),
          OptionalInt.of(4096),
          completionTokens,
          OptionalInt.empty(),
          "0f55d0c3" + String.format(java.util.Locale.ROOT, "%056d", index),
          headers,
          comments,
          error);
    }
  }
}
