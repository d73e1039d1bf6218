package io.llmharness.results;

import io.llmharness.stats.BimodalityOptions;
import io.llmharness.stats.BootstrapOptions;
import io.llmharness.stats.ChangePointOptions;
import java.util.Objects;

/**
 * The parameters of {@link ScenarioAnalysis}: bootstrap, bimodality test and change point.
 *
 * @param bootstrap confidence intervals of every summary
 * @param bimodality the dip + mixture test of TTFT and TPOT
 * @param changePoint the change point of TTFT and TPOT
 * @since 0.1.0
 */
public record AnalysisOptions(
    BootstrapOptions bootstrap, BimodalityOptions bimodality, ChangePointOptions changePoint) {
  public AnalysisOptions {
    Objects.requireNonNull(bootstrap, "bootstrap");
    Objects.requireNonNull(bimodality, "bimodality");
    Objects.requireNonNull(changePoint, "changePoint");
  }

  /** Every default: 2,000 bootstrap resamples, 2,000 dip simulations, 2,000 permutations. */
  public static AnalysisOptions defaults() {
    return new AnalysisOptions(
        BootstrapOptions.defaults(), BimodalityOptions.defaults(), ChangePointOptions.defaults());
  }

  /** These options with one seed for every randomised procedure. */
  public AnalysisOptions withSeed(long seed) {
    return new AnalysisOptions(
        bootstrap.withSeed(seed), bimodality.withSeed(seed), changePoint.withSeed(seed));
  }
}
