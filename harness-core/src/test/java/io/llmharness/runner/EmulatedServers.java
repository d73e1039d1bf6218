package io.llmharness.runner;

import io.llmharness.scenario.ScenarioSpec;
import io.llmharness.server.DeploymentPlanner;
import io.llmharness.server.RunningDeployment;
import io.llmharness.server.Supervisor;
import io.llmharness.server.TargetConfig;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Test support: emulator deployments started by the real supervisor, stopped after the test. */
final class EmulatedServers implements AutoCloseable {
  private final Supervisor supervisor;
  private final DeploymentPlanner planner;

  EmulatedServers(String profile, String... emulatorArgs) {
    Map<String, String> config = new HashMap<>();
    config.put("harness.target", "emulated");
    config.put("harness.emulator.profile", profile);
    config.put("harness.logs.dir", "target/harness/logs");
    if (emulatorArgs.length > 0) {
      config.put("harness.emulator.args", String.join(" ", List.of(emulatorArgs)));
    }
    TargetConfig target = TargetConfig.fromProperties(config);
    this.supervisor = new Supervisor(target);
    this.planner = new DeploymentPlanner(target);
  }

  RunningDeployment serve(ScenarioSpec spec) {
    return supervisor.ensure(planner.plan(spec));
  }

  Supervisor supervisor() {
    return supervisor;
  }

  @Override
  public void close() {
    supervisor.close();
  }
}
