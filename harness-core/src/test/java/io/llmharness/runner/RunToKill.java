package io.llmharness.runner;

import io.llmharness.scenario.ScenarioOptions;
import io.llmharness.scenario.ScenarioSpec;
import io.llmharness.scenario.Scenarios;
import io.llmharness.scenario.StageLadder;
import java.net.URI;
import java.nio.file.Path;

/**
 * Test fixture run in a child JVM: runs {@link RunnerIT#slowScenario()} against the server given as
 * the first argument, recording into the results directory given as the second; the test kills this
 * JVM in the middle.
 */
public final class RunToKill {
  private RunToKill() {}

  public static void main(String[] args) {
    try (Runner runner =
        Runner.builder()
            .resultsDir(Path.of(args[1]))
            .runId("killed")
            .progress(ProgressListener.NONE)
            .build()) {
      runner.run(RunnerIT.slowScenario(), URI.create(args[0]));
    }
  }

  static ScenarioSpec spec(ScenarioOptions options) {
    return Scenarios.resolve(options, "resume", StageLadder.DEFAULT).get(0);
  }
}
