package io.llmharness.stats;

/**
 * Parameters and decision rule of {@link Bimodality#test}. A sample is called bimodal when all
 * hold: the dip test rejects unimodality at {@code alpha}; the two-component mixture beats one
 * component by {@code deltaBic > minDeltaBic}; its components are separated by Ashman's {@code D >
 * minSeparation}; and the smaller component weighs at least {@code minWeight}.
 *
 * @param alpha significance level of the dip test, in (0, 1); default 0.05
 * @param simulations Monte Carlo samples for the dip p-value, at least 100; default 2,000
 * @param minDeltaBic smallest BIC improvement of two components over one; default 10 ("very strong"
 *     evidence on Kass and Raftery's scale)
 * @param minSeparation smallest Ashman's D; default 2
 * @param minWeight smallest weight of the lighter component, in [0, 0.5); default 0.05
 * @param logScale fit the mixture to logarithms when every value is positive (latencies are
 *     right-skewed; a log-normal then is one Gaussian); default true
 * @param seed seed of the Monte Carlo simulation
 * @since 0.1.0
 */
public record BimodalityOptions(
    double alpha,
    int simulations,
    double minDeltaBic,
    double minSeparation,
    double minWeight,
    boolean logScale,
    long seed) {

  public BimodalityOptions {
    if (!(alpha > 0 && alpha < 1)) {
      throw new IllegalArgumentException(
          "The dip test's alpha must be in (0, 1), for example 0.05, but was [" + alpha + "].");
    }
    if (simulations < 100) {
      throw new IllegalArgumentException(
          "The dip test needs at least 100 simulations, but was [" + simulations + "].");
    }
    if (!(minWeight >= 0 && minWeight < 0.5)) {
      throw new IllegalArgumentException(
          "The smallest mixture weight must be in [0, 0.5), but was [" + minWeight + "].");
    }
  }

  /** alpha 0.05, 2,000 simulations, ΔBIC > 10, D > 2, weight ≥ 0.05, log scale. */
  public static BimodalityOptions defaults() {
    return new BimodalityOptions(0.05, 2000, 10, 2, 0.05, true, BootstrapOptions.DEFAULT_SEED);
  }

  /** These options with another seed. */
  public BimodalityOptions withSeed(long newSeed) {
    return new BimodalityOptions(
        alpha, simulations, minDeltaBic, minSeparation, minWeight, logScale, newSeed);
  }

  /** These options with another number of Monte Carlo simulations. */
  public BimodalityOptions withSimulations(int newSimulations) {
    return new BimodalityOptions(
        alpha, newSimulations, minDeltaBic, minSeparation, minWeight, logScale, seed);
  }
}
