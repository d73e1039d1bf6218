package io.llmharness.stats;

import java.util.Objects;

/**
 * Percentile-bootstrap confidence intervals for the mean, the median and the 99th percentile of a
 * sample, with the parameters that produced them.
 *
 * @param options resamples, confidence level and seed
 * @param resampling what was resampled: single values, or whole groups (requests)
 * @param mean interval for the mean
 * @param p50 interval for the type-7 median
 * @param p99 interval for the type-7 99th percentile
 * @since 0.1.0
 */
public record BootstrapIntervals(
    BootstrapOptions options,
    Resampling resampling,
    ConfidenceInterval mean,
    ConfidenceInterval p50,
    ConfidenceInterval p99) {

  /** The unit a bootstrap resample draws with replacement. */
  public enum Resampling {
    /** Each resample draws n single values (values are treated as independent). */
    VALUES,
    /**
     * Each resample draws whole groups, for example all inter-token gaps of one request, because
     * values within a group are correlated.
     */
    GROUPS
  }

  public BootstrapIntervals {
    Objects.requireNonNull(options, "options");
    Objects.requireNonNull(resampling, "resampling");
    Objects.requireNonNull(mean, "mean");
    Objects.requireNonNull(p50, "p50");
    Objects.requireNonNull(p99, "p99");
  }
}
