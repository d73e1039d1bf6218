package io.llmharness.stats;

/**
 * A two-sided confidence interval {@code [lower, upper]}.
 *
 * @param lower the lower bound
 * @param upper the upper bound, at least {@code lower}
 * @since 0.1.0
 */
public record ConfidenceInterval(double lower, double upper) {
  public ConfidenceInterval {
    if (!(lower <= upper)) {
      throw new IllegalArgumentException(
          "A confidence interval needs lower <= upper, but was [" + lower + ", " + upper + "].");
    }
  }

  /** True when {@code value} lies within the interval, bounds included. */
  public boolean contains(double value) {
    return value >= lower && value <= upper;
  }
}
