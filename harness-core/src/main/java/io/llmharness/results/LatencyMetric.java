package io.llmharness.results;

import io.llmharness.stats.SeedStats;
import io.llmharness.stats.Summary;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * The values of one latency metric in milliseconds (in request order) and their summary.
 *
 * @param valuesMs the values, one per request (or one per gap for pooled ITL); copied
 * @param summary the summary with bootstrap intervals; empty when there are no values
 * @since 0.1.0
 */
public record LatencyMetric(double[] valuesMs, Optional<Summary> summary) {
  public LatencyMetric {
    valuesMs = valuesMs.clone();
    Objects.requireNonNull(summary, "summary");
  }

  @Override
  public double[] valuesMs() {
    return valuesMs.clone();
  }

  /** The number of values. */
  public int count() {
    return valuesMs.length;
  }

  /** The seed's Stats view of the values (all zeros when there are none). */
  public SeedStats seedStats() {
    return SeedStats.of(valuesMs);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LatencyMetric m
        && Arrays.equals(valuesMs, m.valuesMs)
        && summary.equals(m.summary);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(valuesMs) + summary.hashCode();
  }

  @Override
  public String toString() {
    return "LatencyMetric[n=" + valuesMs.length + ", " + summary + "]";
  }
}
