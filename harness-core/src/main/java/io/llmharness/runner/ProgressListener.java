package io.llmharness.runner;

import io.llmharness.results.RequestRecord;
import io.llmharness.scenario.ScenarioSpec;

/** Receives the progress of a run; implementations must be thread-safe and fast. */
public interface ProgressListener {
  /** A listener that ignores everything. */
  ProgressListener NONE = new ProgressListener() {};

  /** A scenario starts; {@code requests} counts warmup and measured requests. */
  default void scenarioStarted(ScenarioSpec spec, int requests) {}

  /** One request finished (successfully or not). */
  default void requestFinished(ScenarioSpec spec, RequestRecord record) {}

  /** A scenario finished; {@code summary} is one line for the console. */
  default void scenarioFinished(ScenarioSpec spec, String summary) {}

  /** A scenario was skipped (e.g. already complete in this run); {@code reason} says why. */
  default void scenarioSkipped(ScenarioSpec spec, String reason) {}

  /** Something about the scenario's run that the user should know, e.g. a wait for the servers. */
  default void note(ScenarioSpec spec, String message) {}
}
