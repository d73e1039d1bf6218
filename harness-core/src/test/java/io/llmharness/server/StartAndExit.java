package io.llmharness.server;

import io.llmharness.scenario.ScenarioOptions;
import io.llmharness.scenario.Scenarios;
import io.llmharness.scenario.StageLadder;
import java.nio.file.Path;
import java.util.Map;

/**
 * Test fixture run in a child JVM: starts an emulator deployment for the model named by the first
 * argument and exits without stopping it; the JVM-exit reaper must kill it.
 */
public final class StartAndExit {
  private StartAndExit() {}

  public static void main(String[] args) {
    TargetConfig target =
        TargetConfig.fromProperties(
            Map.of("harness.logs.dir", Path.of(args[1], "child-logs").toString()));
    Supervisor supervisor = new Supervisor(target);
    supervisor.ensure(
        new DeploymentPlanner(target)
            .plan(
                Scenarios.resolve(
                        ScenarioOptions.builder().model(args[0]).build(), "s", StageLadder.DEFAULT)
                    .get(0)));
    System.out.println("started " + args[0]);
  }
}
