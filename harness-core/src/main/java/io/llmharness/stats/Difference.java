package io.llmharness.stats;

import io.llmharness.stats.internal.Bootstrap;
import io.llmharness.stats.internal.Bootstrap.DifferenceIntervals;
import java.math.BigDecimal;
import java.util.Locale;
import java.util.Objects;
import org.apache.commons.statistics.descriptive.Mean;

/**
 * The difference {@code a - b} between two independent samples: of their type-7 medians and of
 * their means, each with a seeded percentile-bootstrap confidence interval.
 *
 * <p>A resample draws {@code sizeA} values of {@code a} and, independently, {@code sizeB} values of
 * {@code b}, with replacement; the interval bounds are the type-7 quantiles of the resampled
 * differences at {@code (1 - level) / 2} and {@code (1 + level) / 2}. Equal inputs and options give
 * equal intervals on every JDK. Units are those of the input. Typical use, "EFA's TTFT is below
 * TCP's":
 *
 * <pre>{@code
 * Difference d = Difference.of(tcpTtftMillis, efaTtftMillis, BootstrapOptions.defaults());
 * boolean efaFaster = d.medianInterval().lower() > 0;
 * System.out.println("TCP - EFA TTFT: " + d.describe("ms"));
 * }</pre>
 *
 * @param sizeA the number of values of {@code a}
 * @param sizeB the number of values of {@code b}
 * @param median {@code median(a) - median(b)}
 * @param medianInterval the confidence interval of {@code median}
 * @param mean {@code mean(a) - mean(b)}
 * @param meanInterval the confidence interval of {@code mean}
 * @param options resamples, confidence level and seed
 * @since 0.1.0
 */
public record Difference(
    int sizeA,
    int sizeB,
    double median,
    ConfidenceInterval medianInterval,
    double mean,
    ConfidenceInterval meanInterval,
    BootstrapOptions options) {

  /** The fewest values each sample needs. */
  public static final int MIN_SIZE = 2;

  public Difference {
    Objects.requireNonNull(medianInterval, "medianInterval");
    Objects.requireNonNull(meanInterval, "meanInterval");
    Objects.requireNonNull(options, "options");
  }

  /**
   * The difference {@code a - b} of the medians and of the means, with bootstrap intervals.
   *
   * @throws IllegalArgumentException if a sample has fewer than {@value #MIN_SIZE} values or
   *     contains a NaN or infinity
   */
  public static Difference of(double[] a, double[] b, BootstrapOptions options) {
    Objects.requireNonNull(options, "options");
    requireSample("a", a);
    requireSample("b", b);
    DifferenceIntervals intervals = Bootstrap.ofDifference(a, b, options);
    return new Difference(
        a.length,
        b.length,
        Quantiles.type7(a, 0.5) - Quantiles.type7(b, 0.5),
        intervals.median(),
        mean(a) - mean(b),
        intervals.mean(),
        options);
  }

  /**
   * One line for messages and reports, e.g. {@code median +412.500 ms (95% CI +380.250 to
   * +450.000), mean +405.125 ms (95% CI +371.000 to +440.500); n = 30 vs 30, 2000 resamples, seed
   * 20260101}.
   *
   * @param unit the unit of the values, e.g. {@code "ms"}
   */
  public String describe(String unit) {
    String level = percent(options.confidenceLevel());
    return String.format(
        Locale.ROOT,
        "median %s (%s CI %s to %s), mean %s (%s CI %s to %s); n = %d vs %d, %d resamples, seed %d",
        signed(median, unit),
        level,
        signed(medianInterval.lower(), ""),
        signed(medianInterval.upper(), unit),
        signed(mean, unit),
        level,
        signed(meanInterval.lower(), ""),
        signed(meanInterval.upper(), unit),
        sizeA,
        sizeB,
        options.resamples(),
        options.seed());
  }

  private static String signed(double value, String unit) {
    String number = String.format(Locale.ROOT, "%+.3f", value);
    return unit.isEmpty() ? number : number + " " + unit;
  }

  private static String percent(double level) {
    return new BigDecimal(Double.toString(level))
            .movePointRight(2)
            .stripTrailingZeros()
            .toPlainString()
        + "%";
  }

  private static void requireSample(String name, double[] values) {
    Objects.requireNonNull(values, name);
    if (values.length < MIN_SIZE) {
      throw new IllegalArgumentException(
          "A bootstrap difference needs at least "
              + MIN_SIZE
              + " values in each sample, but sample "
              + name
              + " has ["
              + values.length
              + "]; measure more requests.");
    }
    for (int i = 0; i < values.length; i++) {
      if (!Double.isFinite(values[i])) {
        throw new IllegalArgumentException(
            "A bootstrap difference needs finite numbers, but value ["
                + i
                + "] of sample "
                + name
                + " is "
                + values[i]
                + "; drop it first.");
      }
    }
  }

  private static double mean(double[] values) {
    return Mean.of(values).getAsDouble();
  }
}
