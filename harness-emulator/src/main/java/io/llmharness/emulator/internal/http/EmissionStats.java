package io.llmharness.emulator.internal.http;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Histogram of emission error: the {@link System#nanoTime()} just before an SSE write minus the
 * engine's intended emission time, in microsecond buckets (one recorder per writer thread, so
 * recording is uncontended).
 */
final class EmissionStats {
  static final int BUCKETS = 100_000; // 1 µs each, up to 100 ms; the last bucket is "more"

  private final List<Recorder> recorders = new CopyOnWriteArrayList<>();
  private final ThreadLocal<Recorder> local =
      ThreadLocal.withInitial(
          () -> {
            Recorder r = new Recorder();
            recorders.add(r);
            return r;
          });

  void record(long errorNanos) {
    local.get().record(errorNanos);
  }

  void reset() {
    for (Recorder r : recorders) {
      r.reset();
    }
  }

  /** A snapshot: counts per microsecond and the early (negative) count. */
  Snapshot snapshot() {
    long[] counts = new long[BUCKETS];
    long early = 0;
    long maxNanos = 0;
    for (Recorder r : recorders) {
      for (int i = 0; i < BUCKETS; i++) {
        counts[i] += r.counts.get(i);
      }
      early += r.early.get(0);
      maxNanos = Math.max(maxNanos, r.max.get(0));
    }
    return new Snapshot(counts, early, maxNanos);
  }

  record Snapshot(long[] counts, long early, long maxNanos) {
    long total() {
      long t = early;
      for (long c : counts) {
        t += c;
      }
      return t;
    }

    /** The q-quantile in microseconds (an early write counts as 0). */
    long quantileMicros(double q) {
      long total = total();
      if (total == 0) {
        return 0;
      }
      long rank = (long) Math.ceil(q * total);
      long seen = early;
      if (seen >= rank) {
        return 0;
      }
      for (int i = 0; i < counts.length; i++) {
        seen += counts[i];
        if (seen >= rank) {
          return i;
        }
      }
      return counts.length;
    }

    List<long[]> nonEmpty() {
      List<long[]> out = new ArrayList<>();
      for (int i = 0; i < counts.length; i++) {
        if (counts[i] > 0) {
          out.add(new long[] {i, counts[i]});
        }
      }
      return out;
    }
  }

  private static final class Recorder {
    final AtomicLongArray counts = new AtomicLongArray(BUCKETS);
    final AtomicLongArray early = new AtomicLongArray(1);
    final AtomicLongArray max = new AtomicLongArray(1);

    void record(long errorNanos) {
      if (errorNanos < 0) {
        early.incrementAndGet(0);
        return;
      }
      int micros = (int) Math.min(BUCKETS - 1, errorNanos / 1000);
      counts.incrementAndGet(micros);
      if (errorNanos > max.get(0)) {
        max.set(0, errorNanos);
      }
    }

    void reset() {
      for (int i = 0; i < BUCKETS; i++) {
        counts.set(i, 0);
      }
      early.set(0, 0);
      max.set(0, 0);
    }
  }
}
