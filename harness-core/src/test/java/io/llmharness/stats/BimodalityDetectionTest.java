package io.llmharness.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The real bimodality test on seeded samples: it must flag two-mode mixtures and pass unimodal
 * normal and right-skewed (log-normal) samples, on every seed tried.
 */
class BimodalityDetectionTest {
  private static final BimodalityOptions OPTIONS =
      BimodalityOptions.defaults().withSeed(123).withSimulations(1000);

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
  void flagsAnEvenTwoModeMixture(long seed) {
    // TTFT with and without a slow path: 1000 ± 60 ms and 1600 ± 80 ms, half each.
    double[] v = Samples.mixture(seed, 120, 0.5, 1000, 60, 1600, 80);
    BimodalityTest t = Bimodality.test(v, OPTIONS).orElseThrow();
    assertThat(t.bimodal()).isTrue();
    assertThat(t.mixture().fast().mean()).isCloseTo(1000, within(60.0));
    assertThat(t.mixture().slow().mean()).isCloseTo(1600, within(80.0));
    assertThat(t.mixture().fast().weight()).isCloseTo(0.5, within(0.15));
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
  void flagsAnUnevenTwoModeMixture(long seed) {
    double[] v = Samples.mixture(seed, 200, 0.75, 2000, 100, 4000, 200);
    BimodalityTest t = Bimodality.test(v, OPTIONS).orElseThrow();
    assertThat(t.bimodal()).isTrue();
    assertThat(t.mixture().slow().weight()).isCloseTo(0.25, within(0.1));
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10})
  void passesANormalSample(long seed) {
    double[] v = Samples.normal(seed, 200, 1000, 100);
    assertThat(Bimodality.test(v, OPTIONS).orElseThrow().bimodal()).isFalse();
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10})
  void passesARightSkewedLognormalSample(long seed) {
    double[] v = Samples.lognormal(seed, 200, 1000, 0.6);
    assertThat(Bimodality.test(v, OPTIONS).orElseThrow().bimodal()).isFalse();
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5})
  void passesAShiftedLognormalLatency(long seed) {
    // A fixed 2 s prefill plus right-skewed jitter: skewed even on the log scale.
    double[] v = Samples.lognormal(seed, 300, 100, 1.0);
    for (int i = 0; i < v.length; i++) {
      v[i] += 2000;
    }
    assertThat(Bimodality.test(v, OPTIONS).orElseThrow().bimodal()).isFalse();
  }

  @Test
  void fewerThanTenValuesAreNotTested() {
    assertThat(Bimodality.test(new double[] {1, 2, 3, 100, 101, 102}, OPTIONS)).isEmpty();
  }

  @Test
  void constantValuesAreNotTested() {
    assertThat(Bimodality.test(new double[20], OPTIONS)).isEmpty();
  }

  @Test
  void reportsParametersAndIsReproducible() {
    double[] v = Samples.mixture(1, 100, 0.5, 10, 1, 20, 1);
    BimodalityTest t = Bimodality.test(v, OPTIONS).orElseThrow();
    assertThat(t).isEqualTo(Bimodality.test(v, OPTIONS).orElseThrow());
    assertThat(t.n()).isEqualTo(100);
    assertThat(t.options()).isEqualTo(OPTIONS);
    assertThat(t.dip().simulations()).isEqualTo(1000);
    assertThat(t.dip().pValue()).isLessThan(0.01);
    assertThat(t.mixture().scale()).isEqualTo(MixtureFit.Scale.LOG);
    assertThat(t.mixture().separation()).isGreaterThan(2);
  }
}
