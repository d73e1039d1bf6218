package io.llmharness.stats;

import java.util.Objects;

/**
 * The outcome of {@link Bimodality#test}: Hartigans' dip test together with a one- versus
 * two-component Gaussian mixture comparison, and the verdict of the rule in {@link
 * BimodalityOptions}.
 *
 * @param n the number of values tested
 * @param bimodal the verdict: every condition of the rule holds
 * @param dip the dip test
 * @param mixture the mixture comparison, with the two modes' means, stdevs and weights
 * @param options the parameters and thresholds used
 * @since 0.1.0
 */
public record BimodalityTest(
    int n, boolean bimodal, DipTest dip, MixtureFit mixture, BimodalityOptions options) {

  /** The name of the method, as written in results. */
  public static final String METHOD = "hartigan-dip+gaussian-mixture-bic";

  public BimodalityTest {
    Objects.requireNonNull(dip, "dip");
    Objects.requireNonNull(mixture, "mixture");
    Objects.requireNonNull(options, "options");
  }

  /** True when the dip test alone rejects unimodality at the configured alpha. */
  public boolean dipRejectsUnimodality() {
    return dip.pValue() < options.alpha();
  }

  /** True when the mixture alone finds two separated, non-negligible components. */
  public boolean mixtureFindsTwoModes() {
    return mixture.deltaBic() > options.minDeltaBic()
        && mixture.separation() > options.minSeparation()
        && Math.min(mixture.fast().weight(), mixture.slow().weight()) >= options.minWeight();
  }
}
