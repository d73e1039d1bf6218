package io.llmharness.junit;

import io.llmharness.results.ScenarioResult;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The current test run, injectable into any test method of an {@link LlmBenchmark} class: the
 * results of scenarios that already ran (for comparisons across scenarios) and the server-start
 * count.
 *
 * <p>Intended for users.
 */
public interface HarnessRun {
  /** The result of a scenario of this run that has already run (or was complete from a rerun). */
  Optional<ScenarioResult> result(String scenarioId);

  /** How many deployments this run started. */
  int serverStarts();

  /** How many distinct deployments the scenarios of this run needed. */
  int distinctDeployments();

  /** {@code <results-dir>/<run-id>}. */
  Path runDirectory();
}
