package io.llmharness.results.report.internal;

import java.util.Arrays;
import java.util.Objects;

/**
 * A latency's seed-format statistics in milliseconds, as read from a result file.
 *
 * @param p50 the median
 * @param p95 the 95th percentile
 * @param p99 the 99th percentile
 * @param min the smallest value
 * @param max the largest value
 * @param raw the values in request order; empty when the file has none
 */
public record LatencyStats(
    double p50, double p95, double p99, double min, double max, double[] raw) {
  public LatencyStats {
    Objects.requireNonNull(raw, "raw");
    raw = raw.clone();
  }

  @Override
  public double[] raw() {
    return raw.clone();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof LatencyStats s
        && Double.compare(p50, s.p50) == 0
        && Double.compare(p95, s.p95) == 0
        && Double.compare(p99, s.p99) == 0
        && Double.compare(min, s.min) == 0
        && Double.compare(max, s.max) == 0
        && Arrays.equals(raw, s.raw);
  }

  @Override
  public int hashCode() {
    return Objects.hash(p50, p95, p99, min, max, Arrays.hashCode(raw));
  }

  @Override
  public String toString() {
    return "LatencyStats[p50="
        + p50
        + ", p95="
        + p95
        + ", p99="
        + p99
        + ", min="
        + min
        + ", max="
        + max
        + ", n="
        + raw.length
        + "]";
  }
}
