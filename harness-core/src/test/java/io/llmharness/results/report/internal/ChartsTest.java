package io.llmharness.results.report.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class ChartsTest {
  private static ScenarioEntry unified(boolean cache, OptionalDouble hitRate) {
    return new ScenarioEntry(
        "u.json",
        "u",
        ScenarioEntry.UNIFIED,
        Optional.of(cache),
        OptionalInt.of(4096),
        OptionalInt.of(1),
        OptionalInt.of(32768),
        Optional.empty(),
        OptionalDouble.empty(),
        OptionalDouble.empty(),
        OptionalDouble.empty(),
        OptionalDouble.empty(),
        OptionalInt.of(2),
        OptionalInt.of(0),
        List.of(),
        hitRate,
        Optional.empty(),
        List.of());
  }

  @Test
  void unifiedScenariosThatMeasureCacheHitsGetTheirOwnSeries() {
    assertThat(Charts.seriesLabel(unified(true, OptionalDouble.of(0.996))))
        .isEqualTo("unified, prefix-cache hits");
    assertThat(Charts.seriesLabel(unified(true, OptionalDouble.of(0.0)))).isEqualTo("unified");
    assertThat(Charts.seriesLabel(unified(false, OptionalDouble.of(0.0))))
        .isEqualTo("unified, no prefix cache");
    assertThat(Charts.seriesLabel(unified(true, OptionalDouble.empty()))).isEqualTo("unified");
  }
}
