package io.llmharness.stats;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The seed's {@code analyze_bimodality(values, threshold_ratio=0.3)}, case by case. */
class SeedBimodalityTest {
  @Test
  void fewerThanTenValuesAreNotAnalysedAndHaveNoCv() {
    SeedBimodality b = SeedBimodality.of(1, 100, 1, 100, 1, 100, 1, 100, 1);
    assertThat(b.bimodal()).isFalse();
    assertThat(b.phaseA()).isEmpty();
    assertThat(b.phaseB()).hasSize(9);
    assertThat(b.phaseAStats()).isEmpty();
    assertThat(b.cv()).isEmpty();
    assertThat(b.threshold()).isEmpty();
  }

  @Test
  void lowDispersionIsNotBimodalButReportsCv() {
    double[] v = {100, 101, 102, 99, 98, 100, 103, 97, 100, 101};
    SeedBimodality b = SeedBimodality.of(v);
    assertThat(b.bimodal()).isFalse();
    assertThat(b.phaseB()).hasSize(10);
    assertThat(b.cv()).isPresent();
    assertThat(b.threshold()).hasValue(0.3);
  }

  @Test
  void highDispersionIsSplitAtTheMedianInInputOrder() {
    double[] v = {10, 100, 12, 110, 11, 105, 9, 120, 13, 101};
    SeedBimodality b = SeedBimodality.of(v);
    assertThat(b.bimodal()).isTrue();
    assertThat(b.phaseA()).containsExactly(100.0, 110.0, 105.0, 120.0, 101.0);
    assertThat(b.phaseB()).containsExactly(10.0, 12.0, 11.0, 9.0, 13.0);
    assertThat(b.phaseAStats().orElseThrow().mean()).isEqualTo(107.2);
    assertThat(b.rawStats().raw()).hasSize(10);
  }

  @Test
  void valuesEqualToTheMedianAreFast() {
    // Median 5 (odd count): the 5 itself goes to phase_b, like the seed's "<= median".
    double[] v = {1, 1, 1, 1, 1, 5, 50, 50, 50, 50, 50};
    SeedBimodality b = SeedBimodality.of(v);
    assertThat(b.phaseB()).contains(5.0).hasSize(6);
  }

  @Test
  void dispersionAloneDecides() {
    assertThat(SeedBimodality.of(Samples.normal(2, 50, 100, 25)).bimodal()).isFalse();
    assertThat(SeedBimodality.of(Samples.normal(2, 50, 100, 45)).bimodal()).isTrue();
  }

  @Test
  void flagsAUnimodalLognormalSampleThatTheRealTestPasses() {
    // The seed's rule calls any CV above 0.3 bimodal; a log-normal with sigma 0.5 has CV ~0.53.
    double[] v = Samples.lognormal(4, 200, 1000, 0.5);
    assertThat(SeedBimodality.of(v).bimodal()).isTrue();
    assertThat(Bimodality.test(v, BimodalityOptions.defaults()).orElseThrow().bimodal()).isFalse();
  }
}
