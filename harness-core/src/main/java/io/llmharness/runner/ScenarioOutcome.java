package io.llmharness.runner;

import io.llmharness.results.ScenarioResult;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * What running a scenario produced.
 *
 * @param result the analysed result
 * @param resultFile where it is written ({@code <results-dir>/<run-id>/<scenario-id>.json})
 * @param skipped true when this run id already had a complete result for the same spec, which was
 *     re-read instead of measured again
 * @param run what this execution observed; empty when skipped
 */
public record ScenarioOutcome(
    ScenarioResult result, Path resultFile, boolean skipped, Optional<ScenarioRun> run) {
  public ScenarioOutcome {
    Objects.requireNonNull(result, "result");
    Objects.requireNonNull(resultFile, "resultFile");
    Objects.requireNonNull(run, "run");
  }
}
