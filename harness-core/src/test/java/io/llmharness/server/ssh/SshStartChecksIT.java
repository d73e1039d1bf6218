package io.llmharness.server.ssh;

import static io.llmharness.server.ssh.ProcessTable.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmharness.preflight.internal.ListeningPorts;
import io.llmharness.scenario.Backend;
import io.llmharness.scenario.ScenarioOptions;
import io.llmharness.scenario.Scenarios;
import io.llmharness.scenario.StageLadder;
import io.llmharness.server.Deployment;
import io.llmharness.server.DeploymentPlanner;
import io.llmharness.server.JavaCommand;
import io.llmharness.server.LaunchException;
import io.llmharness.server.Supervisor;
import io.llmharness.server.TargetConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link Supervisor#validate} on the ssh target with two network namespaces as the nodes, each
 * running sshd: a missing vLLM executable and a port already in use on a node are reported, naming
 * the node, before any server starts.
 */
class SshStartChecksIT {
  private static final String MODEL = "start-checks-" + UUID.randomUUID();
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
