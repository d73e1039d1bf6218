package io.llmharness.stats;

import java.util.Objects;
import org.apache.commons.statistics.descriptive.Quantile;

/**
 * Sample quantiles by linear interpolation between order statistics, Hyndman and Fan's type 7: for
 * sorted values {@code x[0..n-1]} and probability {@code p}, {@code h = (n - 1) p} and the quantile
 * is {@code x[floor(h)] + (h - floor(h)) (x[floor(h) + 1] - x[floor(h)])}.
 *
 * <p>This is numpy's default ({@code method="linear"}), R's default, and Python's {@code
 * statistics.quantiles(method="inclusive")} used by the seed scripts; Commons Statistics calls it
 * {@code HF7}. Inputs are never modified. Instances are immutable and thread-safe.
 *
 * @since 0.1.0
 */
public final class Quantiles {
  private static final Quantile TYPE_7 =
      Quantile.withDefaults().with(Quantile.EstimationMethod.HF7).withCopy(true);

  private Quantiles() {}

  /**
   * The type-7 quantile of {@code values} at probability {@code p}.
   *
   * @throws IllegalArgumentException if {@code values} is empty, contains NaN, or {@code p} is
   *     outside [0, 1]
   */
  public static double type7(double[] values, double p) {
    return type7(values, new double[] {p})[0];
  }

  /** The type-7 quantiles of {@code values} at each of {@code probabilities}, in that order. */
  public static double[] type7(double[] values, double... probabilities) {
    Objects.requireNonNull(values, "values");
    if (values.length == 0) {
      throw new IllegalArgumentException("Quantiles need at least one value, but got none.");
    }
    for (int i = 0; i < values.length; i++) {
      if (Double.isNaN(values[i])) {
        throw new IllegalArgumentException(
            "Quantiles need numbers, but value [" + i + "] is NaN; drop it before summarising.");
      }
    }
    for (double p : probabilities) {
      if (!(p >= 0 && p <= 1)) {
        throw new IllegalArgumentException(
            "A quantile probability must be in [0, 1], but was [" + p + "].");
      }
    }
    return TYPE_7.evaluate(values, probabilities);
  }
}
