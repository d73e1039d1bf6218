package io.llmharness.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.llmharness.stats.BootstrapIntervals.Resampling;
import io.llmharness.stats.internal.SplitMix64;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class SummaryTest {
  private static final BootstrapOptions SMALL = BootstrapOptions.defaults().withResamples(500);

  @Test
  void pointStatisticsMatchNumpy() {
    Summary s = Summary.of(Samples.LOGNORMAL_101);
    assertThat(s.n()).isEqualTo(101);
    assertThat(s.mean()).isCloseTo(989.9733168316834, within(1e-9));
    assertThat(s.stdev()).isCloseTo(346.74856732349826, within(1e-9));
    assertThat(s.min()).isEqualTo(365.421);
    assertThat(s.max()).isEqualTo(2225.912);
    assertThat(new double[] {s.p50(), s.p90(), s.p95(), s.p99()})
        .containsExactly(new double[] {952.84, 1432.621, 1653.354, 1839.349}, within(1e-9));
    assertThat(s.cv()).isCloseTo(346.74856732349826 / 989.9733168316834, within(1e-12));
    assertThat(s.intervals()).isEmpty();
  }

  @Test
  void oneValueHasZeroStdevAndNoIntervals() {
    Summary s = Summary.of(new double[] {7}, SMALL);
    assertThat(s.stdev()).isZero();
    assertThat(s.p99()).isEqualTo(7);
    assertThat(s.intervals()).isEmpty();
  }

  @Test
  void cvIsZeroWhenTheMeanIsNotPositive() {
    assertThat(Summary.of(-1, 1).cv()).isZero();
  }

  @Test
  void emptyInputIsRejected() {
    assertThatThrownBy(() -> Summary.of(new double[0]))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void bootstrapIsReproducibleForASeed() {
    double[] v = Samples.normal(1, 200, 100, 10);
    assertThat(Summary.of(v, SMALL)).isEqualTo(Summary.of(v, SMALL));
  }

  @Test
  void bootstrapDependsOnTheSeed() {
    double[] v = Samples.normal(1, 200, 100, 10);
    assertThat(Summary.of(v, SMALL).intervals())
        .isNotEqualTo(Summary.of(v, SMALL.withSeed(99)).intervals());
  }

  @Test
  void intervalsContainTheirEstimates() {
    Summary s = Summary.of(Samples.LOGNORMAL_101, BootstrapOptions.defaults());
    BootstrapIntervals ci = s.intervals().orElseThrow();
    assertThat(ci.resampling()).isEqualTo(Resampling.VALUES);
    assertThat(ci.mean().contains(s.mean())).isTrue();
    assertThat(ci.p50().contains(s.p50())).isTrue();
    assertThat(ci.p99().upper()).isLessThanOrEqualTo(s.max());
  }

  @Test
  void meanIntervalHasTheNormalTheoryWidth() {
    // For n = 400 draws of N(100, 10²) the 95% interval of the mean is about ±1.96·10/20 = ±0.98.
    Summary s = Summary.of(Samples.normal(3, 400, 100, 10), BootstrapOptions.defaults());
    ConfidenceInterval mean = s.intervals().orElseThrow().mean();
    double expectedWidth = 2 * 1.96 * s.stdev() / Math.sqrt(400);
    assertThat(mean.upper() - mean.lower()).isCloseTo(expectedWidth, within(0.1 * expectedWidth));
  }

  @Test
  void bootstrapEqualsMaterialisedResamples() {
    double[] v = Samples.lognormal(5, 37, 500, 0.6);
    BootstrapIntervals ci = Summary.of(v, SMALL).intervals().orElseThrow();

    SplitMix64 random = new SplitMix64(SMALL.seed());
    double[] means = new double[SMALL.resamples()];
    double[] p50s = new double[SMALL.resamples()];
    double[] p99s = new double[SMALL.resamples()];
    double[] sorted = v.clone();
    Arrays.sort(sorted);
    for (int b = 0; b < SMALL.resamples(); b++) {
      double[] resample = new double[v.length];
      for (int i = 0; i < v.length; i++) {
        resample[i] = sorted[random.nextInt(v.length)];
      }
      means[b] = Arrays.stream(resample).average().orElseThrow();
      p50s[b] = Quantiles.type7(resample, 0.5);
      p99s[b] = Quantiles.type7(resample, 0.99);
    }
    assertThat(new double[] {ci.mean().lower(), ci.mean().upper()})
        .containsExactly(Quantiles.type7(means, 0.025, 0.975), within(1e-9));
    assertThat(new double[] {ci.p50().lower(), ci.p50().upper()})
        .containsExactly(Quantiles.type7(p50s, 0.025, 0.975), within(1e-9));
    assertThat(new double[] {ci.p99().lower(), ci.p99().upper()})
        .containsExactly(Quantiles.type7(p99s, 0.025, 0.975), within(1e-9));
  }

  @Test
  void groupsArePooledForPointStatistics() {
    List<double[]> groups = List.of(new double[] {1, 2, 3}, new double[] {}, new double[] {10});
    Summary s = Summary.ofGroups(groups, SMALL);
    assertThat(s.n()).isEqualTo(4);
    assertThat(s.mean()).isEqualTo(4);
    assertThat(s.intervals().orElseThrow().resampling()).isEqualTo(Resampling.GROUPS);
  }

  @Test
  void groupResamplingWidensIntervalsForCorrelatedGroups() {
    // 40 requests whose 50 gaps share a per-request level: the pooled values are not independent,
    // so resampling values understates the uncertainty that resampling requests shows.
    java.util.Random random = new java.util.Random(11);
    List<double[]> groups = new ArrayList<>();
    for (int r = 0; r < 40; r++) {
      double level = 20 + 5 * random.nextGaussian();
      double[] gaps = new double[50];
      for (int i = 0; i < gaps.length; i++) {
        gaps[i] = level + 0.5 * random.nextGaussian();
      }
      groups.add(gaps);
    }
    double[] pooled = groups.stream().flatMapToDouble(Arrays::stream).toArray();
    ConfidenceInterval byGroups = Summary.ofGroups(groups, SMALL).intervals().orElseThrow().mean();
    ConfidenceInterval byValues = Summary.of(pooled, SMALL).intervals().orElseThrow().mean();
    assertThat(byGroups.upper() - byGroups.lower())
        .isGreaterThan(3 * (byValues.upper() - byValues.lower()));
  }

  @Test
  void optionsRejectTooFewResamples() {
    assertThatThrownBy(() -> BootstrapOptions.defaults().withResamples(10))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("[10]");
  }
}
