package io.llmharness.server.ssh;

import static io.llmharness.server.ssh.ProcessTable.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmharness.preflight.internal.ListeningPorts;
import io.llmharness.results.ProxyTiming;
import io.llmharness.runner.ProgressListener;
import io.llmharness.runner.Runner;
import io.llmharness.runner.ScenarioOutcome;
import io.llmharness.scenario.Backend;
import io.llmharness.scenario.ScenarioOptions;
import io.llmharness.scenario.ScenarioSpec;
import io.llmharness.scenario.Scenarios;
import io.llmharness.scenario.StageLadder;
import io.llmharness.server.Deployment;
import io.llmharness.server.DeploymentPlanner;
import io.llmharness.server.JavaCommand;
import io.llmharness.server.LaunchException;
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
import java.util.List;
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
 * proxy, and the KV cache crosses between the namespaces. Before that, {@link Supervisor#validate}
 * reports a missing vLLM executable and a port already in use on a node, naming the node, before
 * any server starts.
 */
class TwoNodeScenarioIT {
  private static final String MODEL = "two-node-scenario-" + UUID.randomUUID();
  private static final int DECODE_PORT = 8200;

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
    TargetConfig target = target(fakeVllm());
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
      Deployment deployment = new DeploymentPlanner(target).plan(spec);
      supervisor.validate(List.of(deployment)); // fit nodes, free ports: no false alarm
      RunningDeployment up = supervisor.ensure(deployment);
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

  private static TargetConfig target(Path vllm) {
    return TargetConfig.fromProperties(
        Map.of(
            "harness.target",
            "ssh",
            "harness.nodes",
            nodes.address(0) + "," + nodes.address(1),
            "harness.vllm.executable",
            vllm.toString(),
            "harness.port.decode",
            Integer.toString(DECODE_PORT),
            "harness.port.proxy",
            "0",
            "harness.logs.dir",
            work.resolve("logs").toString()));
  }

  private static Deployment tcpDeployment(TargetConfig target) {
    return new DeploymentPlanner(target)
        .plan(
            Scenarios.resolve(
                    ScenarioOptions.builder().model(MODEL).backend(Backend.TCP).build(),
                    "checks",
                    StageLadder.DEFAULT)
                .get(0));
  }

  /** A vllm that would run the emulator, as the nodes see it (they share this file system). */
  private static Path fakeVllm() throws IOException {
    Path vllm = work.resolve("bin").resolve("vllm");
    Files.createDirectories(vllm.getParent());
    Files.writeString(
        vllm,
        "#!/bin/sh\nexec "
            + ProcessHandle.current().info().command().orElseThrow()
            + " -cp '"
            + System.getProperty("java.class.path")
            + "' io.llmharness.emulator.EmulatorMain \"$@\" --profile fast\n");
    Files.setPosixFilePermissions(vllm, PosixFilePermissions.fromString("rwxr-xr-x"));
    return vllm;
  }

  @Test
  void aMissingVllmExecutableFailsForEachNodeBeforeAnyServerStarts() {
    Path missing = work.resolve("no-venv").resolve("bin").resolve("vllm");
    TargetConfig target = target(missing);

    try (SshLaunchers launchers = new SshLaunchers(nodes::settingsFor);
        Supervisor supervisor = new Supervisor(target, launchers)) {
      assertThatThrownBy(() -> supervisor.validate(List.of(tcpDeployment(target))))
          .isInstanceOf(LaunchException.class)
          .hasMessageContaining(
              "cannot start prefill@node1:8100 on root@"
                  + nodes.address(0)
                  + ":22: executable "
                  + missing
                  + " not found")
          .hasMessageContaining(
              "cannot start decode@node2:8200 on root@"
                  + nodes.address(1)
                  + ":22: executable "
                  + missing
                  + " not found")
          .hasMessageContaining(
              "; install vLLM there, or set harness.vllm.executable or harness.vllm.venv.");
      assertThat(supervisor.starts()).isZero();
    }
    assertThat(ProcessTable.withMarker(MODEL)).isEmpty();
  }

  @Test
  void aPortInUseOnTheDecodeNodeFailsBeforeAnyServerStarts() throws IOException {
    String squatter = "start-checks-squatter-" + UUID.randomUUID();
    TargetConfig target = target(fakeVllm());

    try (SshLauncher node2 = new SshLauncher(nodes.sshd(1).settings());
        SshLaunchers launchers = new SshLaunchers(nodes::settingsFor);
        Supervisor supervisor = new Supervisor(target, launchers)) {
      node2.start(
          "squatter",
          JavaCommand.forMain(JavaCommand.EMULATOR_MAIN)
              .withArgs(
                  List.of(
                      "serve",
                      squatter,
                      "--host",
                      nodes.address(1),
                      "--port",
                      Integer.toString(DECODE_PORT),
                      "--profile",
                      "fast")),
          work.resolve("squatter.log"));
      assertThat(eventually(() -> ListeningPorts.isListening(node2.node(), DECODE_PORT)))
          .as("the squatter listens on node 2's port %d", DECODE_PORT)
          .isTrue();

      assertThatThrownBy(() -> supervisor.validate(List.of(tcpDeployment(target))))
          .isInstanceOf(LaunchException.class)
          .hasMessage(
              "port "
                  + DECODE_PORT
                  + " on node2 ("
                  + nodes.address(1)
                  + ") is already in use; stop whatever listens there or choose other"
                  + " harness.port.* values.");
      assertThat(supervisor.starts()).isZero();
      assertThat(ProcessTable.withMarker(MODEL)).isEmpty();
    }
    assertThat(eventually(() -> ProcessTable.withMarker(squatter).isEmpty())).isTrue();
  }
}
