package io.llmharness.stats;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The seed scripts' {@code Stats} object ({@code compute_percentiles}): {@code p50, p95, p99, mean,
 * stdev, min, max, raw}. Percentiles are type 7 (what the seed's {@code
 * statistics.quantiles(method='inclusive')} computes), {@code stdev} is the sample standard
 * deviation (0 when {@code n = 1}), and an empty input gives all zeros and an empty {@code raw}.
 *
 * @param p50 the type-7 median
 * @param p95 the type-7 95th percentile
 * @param p99 the type-7 99th percentile
 * @param mean the arithmetic mean
 * @param stdev the sample standard deviation
 * @param min the smallest value
 * @param max the largest value
 * @param raw the values, in the order given
 * @since 0.1.0
 */
public record SeedStats(
    double p50,
    double p95,
    double p99,
    double mean,
    double stdev,
    double min,
    double max,
    List<Double> raw) {

  public SeedStats {
    raw = List.copyOf(raw);
  }

  /** The seed's statistics of {@code values} (all zeros when empty). */
  public static SeedStats of(double... values) {
    Objects.requireNonNull(values, "values");
    List<Double> raw = Arrays.stream(values).boxed().toList();
    if (values.length == 0) {
      return new SeedStats(0, 0, 0, 0, 0, 0, 0, raw);
    }
    Summary s = Summary.of(values);
    return new SeedStats(s.p50(), s.p95(), s.p99(), s.mean(), s.stdev(), s.min(), s.max(), raw);
  }

  /** The values as an array, in the order given. */
  public double[] rawArray() {
    return raw.stream().mapToDouble(Double::doubleValue).toArray();
  }
}
