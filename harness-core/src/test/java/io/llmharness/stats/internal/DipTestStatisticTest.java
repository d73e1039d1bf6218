package io.llmharness.stats.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The dip statistic against the values the R package {@code diptest} (0.77) prints in its own tests
 * ({@code tests/ex1.R}): small hand examples and Hartigans' "statfaculty" data.
 */
class DipTestStatisticTest {
  /** Ages of statistics faculty, the example of Hartigan and Hartigan (1985). */
  private static final double[] STATFACULTY = {
    30, 33, 35, 36, 37, 37, 39, 39, 39, 39, 39, 40, 40, 40, 40, 41, 42, 43, 43, 43, 44, 44, 45, 45,
    46, 46, 47, 47, 48, 48, 48, 49, 50, 50, 51, 52, 52, 53, 53, 53, 53, 53, 54, 54, 57, 57, 59, 60,
    60, 60, 61, 61, 61, 61, 62, 62, 62, 62, 63, 66, 70, 72, 72
  };

  private static double dip(double... x) {
    double[] sorted = x.clone();
    Arrays.sort(sorted);
    return Dip.of(sorted).statistic();
  }

  @Test
  void twoPointMassesHaveTheLargestDip() {
    assertThat(dip(1, 1, 2, 2)).isEqualTo(0.25);
  }

  @Test
  void smallUnimodalSampleHasTheSmallestDip() {
    assertThat(dip(0, 1, 3, 6)).isEqualTo(1.0 / 8);
  }

  @Test
  void fivePointExampleAndItsMirrorAgree() {
    assertThat(dip(0, 2, 3, 5, 6)).isCloseTo(2.0 / 15, within(1e-15));
    assertThat(dip(6, 4, 3, 1, 0)).isCloseTo(2.0 / 15, within(1e-15));
  }

  @Test
  void heavyTiesMatchR() {
    assertThat(dip(1, 2, 2, 2, 2, 2, 2, 2, 2, 2)).isEqualTo(0.05);
  }

  @Test
  void statfacultyMatchesR() {
    Dip.Result r = Dip.of(STATFACULTY);
    assertThat(r.statistic()).isCloseTo(7.5 / 126, within(1e-15));
    // R reports lo.hi = 7, 44 (1-based): the modal interval [39, 54].
    assertThat(r.modalLow()).isEqualTo(6);
    assertThat(r.modalHigh()).isEqualTo(43);
  }

  @Test
  void mirroredAndRescaledDataHaveTheSameDip() {
    Random random = new Random(5);
    for (int trial = 0; trial < 50; trial++) {
      double[] x = new double[5 + random.nextInt(60)];
      for (int i = 0; i < x.length; i++) {
        x[i] = random.nextInt(4) == 0 ? 10 + random.nextGaussian() : random.nextGaussian();
      }
      double[] mirrored = Arrays.stream(x).map(v -> -3 * v + 7).toArray();
      assertThat(dip(mirrored)).isCloseTo(dip(x), within(1e-9));
    }
  }

  @Test
  void dipStaysWithinItsBoundsOnTiedIntegers() {
    Random random = new Random(9);
    for (int trial = 0; trial < 200; trial++) {
      double[] x = new double[2 + random.nextInt(40)];
      for (int i = 0; i < x.length; i++) {
        x[i] = random.nextInt(6);
      }
      assertThat(dip(x)).isBetween(1.0 / (2 * x.length), 0.25);
    }
  }

  @Test
  void uniformNullGivesCalibratedPValues() {
    // Under the uniform null the Monte Carlo p-value is (nearly) uniform: about 5% below 0.05.
    SplitMix64 random = new SplitMix64(77);
    int rejections = 0;
    int trials = 300;
    for (int t = 0; t < trials; t++) {
      double[] x = new double[50];
      for (int i = 0; i < x.length; i++) {
        x[i] = random.nextDouble();
      }
      Arrays.sort(x);
      if (DipNull.pValue(Dip.of(x).statistic(), x.length, 1000, 1) < 0.05) {
        rejections++;
      }
    }
    assertThat(rejections).isBetween(3, 30);
  }
}
