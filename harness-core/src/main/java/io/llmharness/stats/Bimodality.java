package io.llmharness.stats;

import io.llmharness.stats.internal.Dip;
import io.llmharness.stats.internal.DipNull;
import io.llmharness.stats.internal.GaussianMixture;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * Tests whether a latency sample has two modes, with Hartigans' dip test (Monte Carlo p-value) and
 * a two-component Gaussian mixture compared with one component by BIC; see {@link
 * BimodalityOptions} for the decision rule. The seed's dispersion rule is {@link SeedBimodality}.
 *
 * <p>Deterministic for given options. Thread-safe.
 *
 * @since 0.1.0
 */
public final class Bimodality {
  /** The fewest values tested (as in the seed's rule). */
  public static final int MIN_VALUES = SeedBimodality.MIN_VALUES;

  private Bimodality() {}

  /**
   * Tests {@code values}; empty when there are fewer than {@value #MIN_VALUES} values or they are
   * all equal.
   *
   * @throws IllegalArgumentException if a value is NaN or infinite
   */
  public static Optional<BimodalityTest> test(double[] values, BimodalityOptions options) {
    Objects.requireNonNull(options, "options");
    for (int i = 0; i < values.length; i++) {
      if (!Double.isFinite(values[i])) {
        throw new IllegalArgumentException(
            "Bimodality needs finite values, but value [" + i + "] is " + values[i] + ".");
      }
    }
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    if (n < MIN_VALUES || sorted[0] == sorted[n - 1]) {
      return Optional.empty();
    }
    Dip.Result dip = Dip.of(sorted);
    double p = DipNull.pValue(dip.statistic(), n, options.simulations(), options.seed());
    DipTest dipTest =
        new DipTest(
            dip.statistic(),
            p,
            options.simulations(),
            sorted[dip.modalLow()],
            sorted[dip.modalHigh()]);
    MixtureFit mixture = mixture(sorted, options.logScale() && sorted[0] > 0);
    BimodalityTest partial = new BimodalityTest(n, false, dipTest, mixture, options);
    boolean bimodal = partial.dipRejectsUnimodality() && partial.mixtureFindsTwoModes();
    return Optional.of(new BimodalityTest(n, bimodal, dipTest, mixture, options));
  }

  private static MixtureFit mixture(double[] sorted, boolean log) {
    double[] data = log ? Arrays.stream(sorted).map(Math::log).toArray() : sorted;
    GaussianMixture.Fit fit = GaussianMixture.fit(data);
    return new MixtureFit(
        log ? MixtureFit.Scale.LOG : MixtureFit.Scale.LINEAR,
        component(fit.first(), log),
        component(fit.second(), log),
        fit.deltaBic(data.length),
        fit.separation());
  }

  private static MixtureComponent component(GaussianMixture.Component c, boolean log) {
    if (!log) {
      return new MixtureComponent(c.weight(), c.mean(), c.sd());
    }
    double variance = c.sd() * c.sd();
    double mean = Math.exp(c.mean() + variance / 2);
    return new MixtureComponent(c.weight(), mean, mean * Math.sqrt(Math.expm1(variance)));
  }
}
