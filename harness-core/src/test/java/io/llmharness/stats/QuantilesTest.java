package io.llmharness.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/**
 * Type-7 percentiles against numpy 2.4 {@code np.percentile(a, [50, 90, 95, 99])} (method "linear",
 * the default) on fixed arrays; the expected values were printed by numpy.
 */
class QuantilesTest {
  private static final double TOLERANCE = 1e-9;

  @Test
  void tenValuesMatchNumpy() {
    double[] a = {12.5, 3.0, 7.25, 9.0, 15.5, 1.0, 4.75, 11.0, 6.5, 8.0};
    assertThat(Quantiles.type7(a, 0.50, 0.90, 0.95, 0.99))
        .containsExactly(new double[] {7.625, 12.8, 14.15, 15.23}, within(TOLERANCE));
  }

  @Test
  void seedLikeTtftsMatchNumpy() {
    double[] a = {
      4789.14, 4797.96, 4801.2, 4812.77, 4824.4, 4870.98, 5344.27, 4795.5, 4790.01, 4803.33,
      4799.99, 4811.0, 4808.8
    };
    assertThat(Quantiles.type7(a, 0.50, 0.90, 0.95, 0.99))
        .containsExactly(new double[] {4803.33, 4861.664, 5060.296, 5287.4752}, within(TOLERANCE));
  }

  @Test
  void twoValuesInterpolateLinearly() {
    assertThat(Quantiles.type7(new double[] {100, 200}, 0.50, 0.90, 0.95, 0.99))
        .containsExactly(new double[] {150, 190, 195, 199}, within(TOLERANCE));
  }

  @Test
  void oneValueIsEveryQuantile() {
    assertThat(Quantiles.type7(new double[] {42}, 0.5, 0.99)).containsExactly(42, 42);
  }

  @Test
  void tiesMatchNumpy() {
    double[] a = {5, 5, 5, 1, 9, 9, 2};
    assertThat(Quantiles.type7(a, 0.50, 0.90, 0.95, 0.99))
        .containsExactly(new double[] {5, 9, 9, 9}, within(TOLERANCE));
  }

  @Test
  void lognormalSampleOf101MatchesNumpy() {
    assertThat(Quantiles.type7(Samples.LOGNORMAL_101, 0.50, 0.90, 0.95, 0.99))
        .containsExactly(new double[] {952.84, 1432.621, 1653.354, 1839.349}, within(TOLERANCE));
  }

  @Test
  void inputIsNotReordered() {
    double[] a = {3, 1, 2};
    Quantiles.type7(a, 0.5);
    assertThat(a).containsExactly(3, 1, 2);
  }

  @Test
  void emptyInputIsRejected() {
    assertThatThrownBy(() -> Quantiles.type7(new double[0], 0.5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least one value");
  }

  @Test
  void probabilityOutsideUnitIntervalIsRejected() {
    assertThatThrownBy(() -> Quantiles.type7(new double[] {1}, 99))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("[99.0]");
  }

  @Test
  void nanIsRejectedWithItsIndex() {
    assertThatThrownBy(() -> Quantiles.type7(new double[] {1, Double.NaN}, 0.5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("value [1] is NaN");
  }
}
