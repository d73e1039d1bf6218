package io.llmharness.runner.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ArrivalScheduleTest {
  @Test
  void poissonGapsHaveMeanOneOverRateAndCvOne() {
    long[] t = ArrivalSchedule.offsets(20001, 50.0, 1.0, 42);

    double[] gaps = gaps(t);
    double mean = mean(gaps);
    assertThat(mean).isCloseTo(0.02, within(0.001));
    assertThat(cv(gaps, mean)).isCloseTo(1.0, within(0.05));
  }

  @Test
  void lowerBurstinessMeansBurstierArrivalsAtTheSameRate() {
    double[] bursty = gaps(ArrivalSchedule.offsets(20001, 50.0, 0.25, 7));
    double[] regular = gaps(ArrivalSchedule.offsets(20001, 50.0, 4.0, 7));

    assertThat(mean(bursty)).isCloseTo(0.02, within(0.002));
    assertThat(cv(bursty, mean(bursty))).isCloseTo(2.0, within(0.15));
    assertThat(cv(regular, mean(regular))).isCloseTo(0.5, within(0.05));
  }

  @Test
  void theSameSeedGivesTheSameSchedule() {
    assertThat(ArrivalSchedule.offsets(100, 5, 1, 3))
        .isEqualTo(ArrivalSchedule.offsets(100, 5, 1, 3));
    assertThat(ArrivalSchedule.offsets(100, 5, 1, 3))
        .isNotEqualTo(ArrivalSchedule.offsets(100, 5, 1, 4));
  }

  private static double[] gaps(long[] t) {
    double[] g = new double[t.length - 1];
    for (int i = 1; i < t.length; i++) {
      g[i - 1] = (t[i] - t[i - 1]) / 1e9;
    }
    return g;
  }

  private static double mean(double[] x) {
    double s = 0;
    for (double v : x) {
      s += v;
    }
    return s / x.length;
  }

  private static double cv(double[] x, double mean) {
    double s = 0;
    for (double v : x) {
      s += (v - mean) * (v - mean);
    }
    return Math.sqrt(s / (x.length - 1)) / mean;
  }
}
