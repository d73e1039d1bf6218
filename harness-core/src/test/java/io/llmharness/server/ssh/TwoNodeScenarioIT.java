package io.llmharness.server.ssh;

import static io.llmharness.server.ssh.ProcessTable.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import io.llmharness.results.ProxyTiming;
import io.llmharness.runner.ProgressListener;
import io.llmharness.runner.Runner;
import io.llmharness.runner.ScenarioOutcome;
import io.llmharness.scenario.Backend;
import io.llmharness.scenario.ScenarioOptions;
import io.llmharness.scenario.ScenarioSpec;
import io.llmharness.scenario.Scenarios;
import io.llmharness.scenario.StageLadder;
import io.llmharness.server.DeploymentPlanner;
import io.llmharness.server.RunningDeployment;
import io.llmharness.server.ServerRole;
import io.llmharness.server.Supervisor;
import io.llmharness.server.TargetConfig;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The two-node study end to end through the harness: {@code harness.target=ssh} with two network
 * namespaces as the nodes, each running sshd; the supervisor starts the prefill server on node 1
 * and the decode server on node 2 over SSH (a fake {@code vllm} that runs the emulator, with vLLM's
 * own command line) and the proxy here; the runner sends a disaggregated TCP scenario through the
 * proxy, and the KV cache crosses between the namespaces.
 */
class TwoNodeScenarioIT {
  private static final String MODEL = "two-node-scenario-" + UUID.randomUUID();

  @TempDir static Path work;

  private static final TwoSshNodes nodes = new TwoSshNodes();

  @BeforeAll
  static void startTwoNodes() throws IOException {
    nodes.start(work);
  }

  @AfterAll
  static void tearDown() {
    nodes.close();
    if (nodes.network() != null) {
      assertThat(eventually(() -> ProcessTable.withMarker(MODEL).isEmpty())).isTrue();
    }
  }

  @Test
  void aDisaggregatedScenarioRunsAcrossTwoNodesThroughTheProxy() throws IOException {
    Path fakeVllm = work.resolve("vllm");
    Files.writeString(
        fakeVllm,
        "#!/bin/sh\nexec "
            + ProcessHandle.current().info().command().orElseThrow()
            + " -cp '"
            + System.getProperty("java.class.path")
            + "' io.llmharness.emulator.EmulatorMain \"$@\" --profile fast\n");
    Files.setPosixFilePermissions(fakeVllm, PosixFilePermissions.fromString("rwxr-xr-x"));
    TargetConfig target =
        TargetConfig.fromProperties(
            Map.of(
                "harness.target",
                "ssh",
                "harness.nodes",
                nodes.address(0) + "," + nodes.address(1),
                "harness.vllm.executable",
                fakeVllm.toString(),
                "harness.port.proxy",
                "0",
                "harness.logs.dir",
                work.resolve("logs").toString()));
    ScenarioSpec spec =
        Scenarios.resolve(
                ScenarioOptions.builder()
                    .model(MODEL)
                    .backend(Backend.TCP)
                    .promptTokens(2000)
                    .maxTokens(8)
                    .warmup(1)
                    .iterations(3)
                    .build(),
                "two-node-tcp",
                StageLadder.DEFAULT)
            .get(0);

    try (SshLaunchers launchers = new SshLaunchers(nodes::settingsFor);
        Supervisor supervisor = new Supervisor(target, launchers);
        Runner runner =
            Runner.builder()
                .resultsDir(work.resolve("results"))
                .runId("two-node")
                .progress(ProgressListener.NONE)
                .build()) {
      launchers.verify(target.nodes());
      RunningDeployment up = supervisor.ensure(new DeploymentPlanner(target).plan(spec));
      Map<String, URI> servers = new LinkedHashMap<>();
      up.servers().forEach((role, url) -> servers.put(role.label(), url));
      ScenarioOutcome outcome =
          runner.run(spec, up.target(), servers, () -> supervisor.checkHealthy(up));

      assertThat(up.servers().get(ServerRole.PREFILL).getHost()).isEqualTo(nodes.address(0));
      assertThat(up.servers().get(ServerRole.DECODE).getHost()).isEqualTo(nodes.address(1));
      assertThat(up.target().getHost()).isEqualTo("127.0.0.1");
      assertThat(outcome.result().errors().failed()).isZero();
      assertThat(outcome.result().metrics().proxy())
          .containsKeys(ProxyTiming.PREFILL, ProxyTiming.DECODE_FIRST_TOKEN, ProxyTiming.TOTAL);
      assertThat(outcome.result().context().serverMetrics().deltas())
          .as("the decode server pulled the KV blocks from node 1 over the side channel")
          .hasEntrySatisfying(
              "vllm:nixl_bytes_transferred_sum{role=\"decode\",model_name=\""
                  + MODEL
                  + "\",engine=\"0\"}",
              bytes -> assertThat(bytes).isPositive());
    }
  }
}
