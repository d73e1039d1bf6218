package io.llmharness.stats;

import java.util.Objects;

/**
 * A two-component Gaussian mixture compared with a single Gaussian by BIC.
 *
 * @param scale whether the Gaussians were fitted to the values or to their logarithms (then each
 *     component is log-normal, and its mean and stdev below are the log-normal's, in data units)
 * @param fast the component with the smaller mean
 * @param slow the component with the larger mean
 * @param deltaBic BIC(one component) − BIC(two components); positive values favour two
 * @param separation Ashman's D on the fitted scale, {@code sqrt(2)|μ1 − μ2| / sqrt(σ1² + σ2²)};
 *     above 2 the two components are clearly separated
 * @since 0.1.0
 */
public record MixtureFit(
    Scale scale, MixtureComponent fast, MixtureComponent slow, double deltaBic, double separation) {

  /** The scale the Gaussians were fitted on. */
  public enum Scale {
    /** The values themselves. */
    LINEAR,
    /** The natural logarithms of the values (used when all values are positive). */
    LOG
  }

  public MixtureFit {
    Objects.requireNonNull(scale, "scale");
    Objects.requireNonNull(fast, "fast");
    Objects.requireNonNull(slow, "slow");
  }
}
