package io.llmharness.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class DifferenceTest {
  private static final BootstrapOptions OPTIONS = BootstrapOptions.defaults();
  private static final BootstrapOptions SMALL = OPTIONS.withResamples(500);

  @Test
  void pointEstimatesAreTheDifferencesOfMediansAndMeans() {
    Difference d = Difference.of(new double[] {1, 2, 3, 10}, new double[] {1, 1, 4}, SMALL);
    assertThat(d.median()).isCloseTo(2.5 - 1, within(1e-12));
    assertThat(d.mean()).isCloseTo(4 - 2, within(1e-12));
    assertThat(d.sizeA()).isEqualTo(4);
    assertThat(d.sizeB()).isEqualTo(3);
  }

  @Test
  void aKnownShiftLiesInsideBothIntervalsAndZeroOutside() {
    double[] slow = Samples.normal(1, 30, 1500, 100);
    double[] fast = Samples.normal(2, 30, 1000, 100);
    Difference d = Difference.of(slow, fast, OPTIONS);
    assertThat(d.medianInterval().contains(500)).isTrue();
    assertThat(d.meanInterval().contains(500)).isTrue();
    assertThat(d.medianInterval().contains(0)).isFalse();
    assertThat(d.meanInterval().contains(0)).isFalse();
  }

  @Test
  void equalDistributionsGiveAnIntervalAroundZero() {
    Difference d =
        Difference.of(
            Samples.lognormal(3, 30, 1000, 0.3), Samples.lognormal(103, 30, 1000, 0.3), OPTIONS);
    assertThat(d.medianInterval().contains(0)).isTrue();
    assertThat(d.meanInterval().contains(0)).isTrue();
  }

  @Test
  void swappingTheSamplesNegatesThePointEstimates() {
    double[] a = Samples.normal(5, 20, 200, 20);
    double[] b = Samples.normal(6, 25, 150, 20);
    Difference ab = Difference.of(a, b, SMALL);
    Difference ba = Difference.of(b, a, SMALL);
    assertThat(ba.median()).isCloseTo(-ab.median(), within(1e-9));
    assertThat(ba.mean()).isCloseTo(-ab.mean(), within(1e-9));
  }

  @Test
  void theSamplesAreResampledIndependently() {
    // With the same draws for both samples, identical samples would give the interval [0, 0].
    double[] a = Samples.normal(7, 30, 100, 10);
    Difference d = Difference.of(a, a.clone(), SMALL);
    assertThat(d.median()).isZero();
    assertThat(d.medianInterval().upper() - d.medianInterval().lower()).isGreaterThan(1);
    assertThat(d.meanInterval().upper() - d.meanInterval().lower()).isGreaterThan(1);
  }

  @Test
  void isReproducibleForASeed() {
    double[] a = Samples.normal(8, 30, 2000, 300);
    double[] b = Samples.normal(9, 30, 1800, 300);
    assertThat(Difference.of(a, b, OPTIONS)).isEqualTo(Difference.of(a, b, OPTIONS));
  }

  @Test
  void dependsOnTheSeed() {
    double[] a = Samples.normal(8, 30, 2000, 300);
    double[] b = Samples.normal(9, 30, 1800, 300);
    assertThat(Difference.of(a, b, OPTIONS).medianInterval())
        .isNotEqualTo(Difference.of(a, b, OPTIONS.withSeed(42)).medianInterval());
  }

  @Test
  void intervalsCoverAKnownShiftAboutAsOftenAsTheirLevel() {
    int trials = 200;
    int medianCovered = 0;
    int meanCovered = 0;
    for (int t = 0; t < trials; t++) {
      double[] a = Samples.lognormal(1000 + t, 30, 1200, 0.2);
      double[] b = Samples.lognormal(5000 + t, 30, 1000, 0.2);
      Difference d = Difference.of(a, b, SMALL.withSeed(t));
      medianCovered += d.medianInterval().contains(200) ? 1 : 0;
      // The mean of a log-normal is median * exp(sigma^2 / 2).
      meanCovered += d.meanInterval().contains(200 * Math.exp(0.02)) ? 1 : 0;
    }
    assertThat(medianCovered / (double) trials).isBetween(0.88, 0.99);
    assertThat(meanCovered / (double) trials).isBetween(0.88, 0.99);
  }

  @Test
  void aSampleWithFewerThanTwoValuesIsRejected() {
    assertThatThrownBy(() -> Difference.of(new double[] {1, 2}, new double[] {3}, SMALL))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("sample b has [1]");
  }

  @Test
  void aNonFiniteValueIsRejected() {
    assertThatThrownBy(
            () -> Difference.of(new double[] {1, Double.NaN}, new double[] {3, 4}, SMALL))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("value [1] of sample a is NaN");
  }

  @Test
  void describeGivesBothEstimatesTheirIntervalsAndTheParameters() {
    Difference d =
        new Difference(
            30,
            29,
            412.5,
            new ConfidenceInterval(380.25, 450),
            -1.5,
            new ConfidenceInterval(-3, 0.25),
            OPTIONS);
    assertThat(d.describe("ms"))
        .isEqualTo(
            "median +412.500 ms (95% CI +380.250 to +450.000 ms), mean -1.500 ms (95% CI -3.000"
                + " to +0.250 ms); n = 30 vs 29, 2000 resamples, seed 20260101");
  }
}
