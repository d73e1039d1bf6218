package io.llmharness.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ChangePointsTest {
  private static final ChangePointOptions OPTIONS = ChangePointOptions.defaults().withSeed(42);

  /** 60 requests whose first {@code k} are {@code slowdown} ms slower than the rest. */
  private static double[] stepSeries(long seed, int k, double slowdown) {
    double[] v = Samples.normal(seed, 60, 1000, 30);
    for (int i = 0; i < k; i++) {
      v[i] += slowdown;
    }
    return v;
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5, 6})
  void findsAnInjectedStep(long seed) {
    ChangePoint cp = ChangePoints.detect(stepSeries(seed, 8, 200), OPTIONS).orElseThrow();
    assertThat(cp.index()).isEqualTo(8);
    assertThat(cp.significant()).isTrue();
    assertThat(cp.earlierSlower()).isTrue();
    assertThat(cp.meanBefore()).isCloseTo(1200, within(30.0));
    assertThat(cp.meanAfter()).isCloseTo(1000, within(15.0));
    assertThat(cp.pValue()).isLessThan(0.001);
  }

  @Test
  void turnsASlowStartIntoWarmupAdvice() {
    double[] v = new double[30];
    for (int i = 0; i < v.length; i++) {
      v[i] = (i < 5 ? 3000 : 1000) + (i % 3);
    }
    ChangePoint cp = ChangePoints.detect(v, OPTIONS).orElseThrow();
    assertThat(cp.warmupAdvice(20))
        .hasValue(
            "the first 5 measured requests were slower (mean 3000.8 ms vs 1001.0 ms);"
                + " raise warmup to at least 25");
  }

  @Test
  void stationaryNoiseIsRarelySignificant() {
    // The permutation test is exact, so about alpha = 1% of stationary series are flagged by
    // chance; over 300 seeded series expect about 3, and far fewer than 5% (15).
    ChangePointOptions options = new ChangePointOptions(500, 0.01, 1, 42);
    int flagged = 0;
    for (long seed = 1; seed <= 300; seed++) {
      double[] v = Samples.normal(seed, 60, 1000, 30);
      if (ChangePoints.detect(v, options).orElseThrow().significant()) {
        flagged++;
      }
    }
    assertThat(flagged).isBetween(0, 8);
  }

  @Test
  void aLaterSlowdownGivesNoWarmupAdvice() {
    double[] v = stepSeries(1, 0, 0);
    for (int i = 40; i < v.length; i++) {
      v[i] += 300;
    }
    ChangePoint cp = ChangePoints.detect(v, OPTIONS).orElseThrow();
    assertThat(cp.index()).isEqualTo(40);
    assertThat(cp.significant()).isTrue();
    assertThat(cp.earlierSlower()).isFalse();
    assertThat(cp.warmupAdvice(5)).isEmpty();
  }

  @Test
  void explainedFractionIsOneForAPureStep() {
    double[] v = {5, 5, 5, 1, 1, 1, 1, 1};
    ChangePoint cp = ChangePoints.detect(v, OPTIONS).orElseThrow();
    assertThat(cp.index()).isEqualTo(3);
    assertThat(cp.explainedFraction()).isCloseTo(1, within(1e-12));
  }

  @Test
  void constantOrTooShortSeriesHaveNoChangePoint() {
    assertThat(ChangePoints.detect(new double[] {3, 3, 3, 3}, OPTIONS)).isEmpty();
    assertThat(ChangePoints.detect(new double[] {3}, OPTIONS)).isEmpty();
  }

  @Test
  void isReproducibleForASeed() {
    double[] v = Samples.normal(8, 40, 10, 1);
    assertThat(ChangePoints.detect(v, OPTIONS)).isEqualTo(ChangePoints.detect(v, OPTIONS));
  }
}
