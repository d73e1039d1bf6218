package io.llmharness.phase15;

import static io.llmharness.junit.HarnessAssertions.assertThat;

import io.llmharness.results.ScenarioResult;
import io.llmharness.scenario.ScenarioSpec;
import java.util.Locale;

/** The assertions every Phase 15 scenario must pass. */
final class Phase15Checks {
  private Phase15Checks() {}

  /**
   * No failed request; proxy timings present on disaggregated scenarios; no change point, and at
   * concurrency 1 no bimodality either (else a failure with the warmup the data asks for: the guide
   * blames NIXL's "phase A" for bimodal TTFT); TTFT p50 within the guide's range where it gives one
   * in {@code bounds}. Prompt lengths are verified by the runner on every request.
   *
   * <p>With several requests in flight TTFT depends on the place in the queue and is multimodal by
   * design, so bimodality is not a warmup signal there. Nor is a change point before a whole round
   * of warmup (fewer warmup requests than the concurrency, as in the emulated target's reduced
   * runs): the first round's requests start together and queue behind each other's prefill, a level
   * that no warmup shorter than a round can remove. Then the change point is printed, and in the
   * report's findings, but not asserted.
   */
  static void verify(ScenarioResult result, ScenarioSpec spec, Bounds bounds) {
    assertThat(result).hasNoErrors();
    if (spec.backend().disaggregated()) {
      assertThat(result).hasProxyTimings();
    }
    int concurrency = spec.load().concurrency();
    if (concurrency == 1) {
      assertThat(result).isSteady();
    } else if (spec.load().warmup() >= concurrency) {
      assertThat(result).hasNoChangePoint();
    } else {
      try {
        assertThat(result).hasNoChangePoint();
      } catch (AssertionError finding) {
        System.out.printf(
            Locale.ROOT,
            "[phase15] not asserted (warmup %d is below one round of %d): %s%n",
            spec.load().warmup(),
            concurrency,
            finding.getMessage());
      }
    }
    bounds
        .ttftP50(
            spec.backend().name().toLowerCase(Locale.ROOT), concurrency, spec.prompt().tokens())
        .ifPresent(range -> assertThat(result).ttft().p50().isBetween(range.min(), range.max()));
  }
}
