package io.llmharness.stats;

import io.llmharness.stats.internal.Bootstrap;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.apache.commons.statistics.descriptive.Max;
import org.apache.commons.statistics.descriptive.Mean;
import org.apache.commons.statistics.descriptive.Min;
import org.apache.commons.statistics.descriptive.StandardDeviation;

/**
 * The summary of a sample: size, mean, sample standard deviation ({@code n - 1} denominator, 0 when
 * {@code n = 1}), extremes, type-7 percentiles (see {@link Quantiles}), coefficient of variation,
 * and optionally seeded bootstrap confidence intervals for the mean, p50 and p99.
 *
 * <p>Units are those of the input (the harness summarises milliseconds). Instances are immutable
 * and thread-safe.
 *
 * @param n the number of values, at least 1
 * @param mean the arithmetic mean
 * @param stdev the sample standard deviation, 0 when {@code n = 1}
 * @param min the smallest value
 * @param max the largest value
 * @param p50 the type-7 median
 * @param p90 the type-7 90th percentile
 * @param p95 the type-7 95th percentile
 * @param p99 the type-7 99th percentile
 * @param cv {@code stdev / mean}, or 0 when the mean is not positive (the seed's convention)
 * @param intervals bootstrap confidence intervals; empty when not requested or {@code n < 2}
 * @since 0.1.0
 */
public record Summary(
    int n,
    double mean,
    double stdev,
    double min,
    double max,
    double p50,
    double p90,
    double p95,
    double p99,
    double cv,
    Optional<BootstrapIntervals> intervals) {

  public Summary {
    if (n < 1) {
      throw new IllegalArgumentException("A summary needs n >= 1, but was [" + n + "].");
    }
    if (!(min <= max)) {
      throw new IllegalArgumentException(
          "A summary needs min <= max, but was [" + min + ", " + max + "].");
    }
    Objects.requireNonNull(intervals, "intervals");
  }

  /**
   * Summarises {@code values} without confidence intervals.
   *
   * @throws IllegalArgumentException if {@code values} is empty or contains NaN
   */
  public static Summary of(double... values) {
    return point(values, Optional.empty());
  }

  /**
   * Summarises {@code values} with percentile-bootstrap intervals that resample single values.
   *
   * @throws IllegalArgumentException if {@code values} is empty or contains NaN
   */
  public static Summary of(double[] values, BootstrapOptions options) {
    Objects.requireNonNull(options, "options");
    return point(
        values,
        values.length < 2 ? Optional.empty() : Optional.of(Bootstrap.ofValues(values, options)));
  }

  /**
   * Summarises the pooled values of {@code groups} (for example the inter-token gaps of each
   * request); the intervals resample whole groups, since values within a group are correlated.
   * Empty groups are ignored.
   *
   * @throws IllegalArgumentException if there is no value at all, or a value is NaN
   */
  public static Summary ofGroups(List<double[]> groups, BootstrapOptions options) {
    Objects.requireNonNull(options, "options");
    List<double[]> nonEmpty = groups.stream().filter(g -> g.length > 0).toList();
    double[] pooled = nonEmpty.stream().flatMapToDouble(Arrays::stream).toArray();
    return point(
        pooled,
        nonEmpty.size() < 2
            ? Optional.empty()
            : Optional.of(Bootstrap.ofGroups(nonEmpty, options)));
  }

  private static Summary point(double[] values, Optional<BootstrapIntervals> intervals) {
    double[] q = Quantiles.type7(values, 0.50, 0.90, 0.95, 0.99);
    double mean = Mean.of(values).getAsDouble();
    double stdev = values.length == 1 ? 0 : StandardDeviation.of(values).getAsDouble();
    return new Summary(
        values.length,
        mean,
        stdev,
        Min.of(values).getAsDouble(),
        Max.of(values).getAsDouble(),
        q[0],
        q[1],
        q[2],
        q[3],
        mean > 0 ? stdev / mean : 0,
        intervals);
  }
}
