package io.llmharness.phase15;

import static io.llmharness.junit.HarnessAssertions.assertThat;

import io.llmharness.results.ScenarioResult;
import io.llmharness.scenario.ScenarioSpec;
import java.util.Locale;

/** The assertions every Phase 15 scenario must pass. */
final class Phase15Checks {
  private Phase15Checks() {}

  /**
   * No failed request; proxy timings present on disaggregated scenarios; no bimodality or change
   * point (else a failure with the warmup the data asks for); TTFT p50 within the guide's range
   * where it gives one. Prompt lengths are verified by the runner on every request.
   */
  static void verify(ScenarioResult result, ScenarioSpec spec) {
    assertThat(result).hasNoErrors();
    if (spec.backend().disaggregated()) {
      assertThat(result).hasProxyTimings();
    }
    assertThat(result).isSteady();
    Bounds.current()
        .ttftP50(
            spec.backend().name().toLowerCase(Locale.ROOT),
            spec.load().concurrency(),
            spec.prompt().tokens())
        .ifPresent(range -> assertThat(result).ttft().p50().isBetween(range.min(), range.max()));
  }
}
