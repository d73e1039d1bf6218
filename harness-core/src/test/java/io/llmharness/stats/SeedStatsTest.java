package io.llmharness.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** The seed's {@code compute_percentiles}; expected values from Python's statistics module. */
class SeedStatsTest {
  @Test
  void emptyListGivesZerosAndEmptyRaw() {
    assertThat(SeedStats.of()).isEqualTo(new SeedStats(0, 0, 0, 0, 0, 0, 0, java.util.List.of()));
  }

  @Test
  void matchesPythonStatistics() {
    // statistics.quantiles(v, n=100, method='inclusive')[49, 94, 98], mean, stdev:
    // 7.625 14.15 15.23 7.85 4.3925441881037965
    double[] v = {12.5, 3.0, 7.25, 9.0, 15.5, 1.0, 4.75, 11.0, 6.5, 8.0};
    SeedStats s = SeedStats.of(v);
    assertThat(new double[] {s.p50(), s.p95(), s.p99(), s.mean(), s.stdev(), s.min(), s.max()})
        .containsExactly(
            new double[] {7.625, 14.15, 15.23, 7.85, 4.3925441881037965, 1.0, 15.5}, within(1e-9));
  }

  @Test
  void rawKeepsTheInputOrder() {
    assertThat(SeedStats.of(3, 1, 2).raw()).containsExactly(3.0, 1.0, 2.0);
  }

  @Test
  void oneValueHasZeroStdev() {
    SeedStats s = SeedStats.of(5);
    assertThat(s.stdev()).isZero();
    assertThat(s.p50()).isEqualTo(5);
    assertThat(s.p99()).isEqualTo(5);
  }
}
