package io.llmharness.server.slurm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmharness.server.Node;
import io.llmharness.server.TargetConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class SlurmSettingsTest {
  @Test
  void everyKeyIsReadFromTheConfiguration() {
    SlurmSettings s =
        SlurmSettings.fromProperties(
            Map.ofEntries(
                Map.entry("harness.slurm.partition", "gpu"),
                Map.entry("harness.slurm.account", "study"),
                Map.entry("harness.slurm.time", "2:00:00"),
                Map.entry("harness.slurm.constraint", "h100&efa"),
                Map.entry("harness.slurm.nodes", "gpu-1, gpu-2"),
                Map.entry("harness.slurm.sbatchArgs", "--qos=high  --exclusive"),
                Map.entry("harness.slurm.gpusPerServer", "8"),
                Map.entry("harness.slurm.proxy", "job"),
                Map.entry("harness.slurm.server", "emulator"),
                Map.entry("harness.slurm.pollInterval", "0.5"),
                Map.entry("harness.slurm.pendingTimeout", "PT5M"),
                Map.entry("harness.slurm.commandTimeout", "10"),
                Map.entry("harness.slurm.conf", "/etc/slurm-test/slurm.conf"),
                Map.entry("harness.slurm.binDir", "/opt/slurm/bin"),
                Map.entry("harness.slurm.jobLogDir", "/fsx/logs"),
                Map.entry("harness.slurm.jobName", "phase15")));

    assertThat(s)
        .isEqualTo(
            new SlurmSettings(
                java.util.Optional.of("gpu"),
                java.util.Optional.of("study"),
                java.util.Optional.of("2:00:00"),
                java.util.Optional.of("h100&efa"),
                java.util.List.of("gpu-1", "gpu-2"),
                java.util.List.of("--qos=high", "--exclusive"),
                OptionalInt.of(8),
                SlurmSettings.ProxyPlacement.JOB,
                SlurmSettings.ServerProgram.EMULATOR,
                Duration.ofMillis(500),
                Duration.ofMinutes(5),
                Duration.ofSeconds(10),
                java.util.Optional.of(Path.of("/etc/slurm-test/slurm.conf")),
                java.util.Optional.of(Path.of("/opt/slurm/bin")),
                java.util.Optional.of(Path.of("/fsx/logs")),
                "phase15"));
  }

  @Test
  void aMisspeltKeyIsRefusedWithTheKnownKeys() {
    assertThatThrownBy(() -> SlurmSettings.fromProperties(Map.of("harness.slurm.partiton", "gpu")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(
            "harness.slurm.partiton is not a key of the Slurm launcher; use one of"
                + " [harness.slurm.partition,");
  }

  @Test
  void pinningPrefillAndDecodeToOneNodeIsRefused() {
    assertThatThrownBy(() -> SlurmSettings.fromProperties(Map.of("harness.slurm.nodes", "n1,n1")))
        .hasMessage(
            "harness.slurm.nodes pins prefill and decode to the same node [n1]; give two distinct"
                + " nodes");
  }

  @Test
  void anUnknownProxyPlacementNamesTheKnownOnes() {
    assertThatThrownBy(() -> SlurmSettings.fromProperties(Map.of("harness.slurm.proxy", "node")))
        .hasMessage("harness.slurm.proxy [node] is not valid: use one of [local, job]");
  }

  @Test
  void slotsAreNamedAfterTheirPinnedNodeAndBindEveryInterface() {
    SlurmSettings s = SlurmSettings.fromProperties(Map.of("harness.slurm.nodes", "n2"));

    assertThat(s.slots()).containsExactly(new Node("n2", "0.0.0.0"), new Node("slurm2", "0.0.0.0"));
    assertThat(s.pinFor(s.slots().get(0))).hasValue("n2");
    assertThat(s.pinFor(s.slots().get(1))).isEmpty();
  }

  @Test
  void theSlurmTargetPlacesServersOnSlotsAndTheProxyAsConfigured() {
    TargetConfig t =
        TargetConfig.fromProperties(
            Map.of("harness.target", "slurm", "harness.slurm.proxy", "job"));

    assertThat(t.nodes()).extracting(Node::name).containsExactly("slurm1", "slurm2");
    assertThat(t.proxyNode()).isEqualTo(new Node("slurm-proxy", "0.0.0.0"));
    assertThat(t.ports().prefill()).isEqualTo(8100);
    assertThat(t.slurm().proxy()).isEqualTo(SlurmSettings.ProxyPlacement.JOB);
  }

  @Test
  void theSlurmTargetRefusesNodeAddressesAndPointsToPinning() {
    assertThatThrownBy(
            () ->
                TargetConfig.fromProperties(
                    Map.of("harness.target", "slurm", "harness.nodes", "10.0.0.1,10.0.0.2")))
        .hasMessage(
            "harness.nodes [10.0.0.1,10.0.0.2] does not apply to harness.target=slurm; pin nodes"
                + " with harness.slurm.nodes");
  }

  @Test
  void theSlurmTargetRefusesAPortToBePickedBeforeAllocation() {
    assertThatThrownBy(
            () ->
                TargetConfig.fromProperties(
                    Map.of("harness.target", "slurm", "harness.port.decode", "0")))
        .hasMessage(
            "harness.port.decode [0] cannot be picked on a node Slurm has not allocated yet; give a"
                + " port");
  }

  @Test
  void everyKeyIsInTheReadme() throws IOException {
    String readme = Files.readString(Path.of("..", "README.md"));
    for (String key : SlurmSettings.KEYS) {
      assertThat(readme).as("README row for %s", key).contains("| `" + key + "` |");
    }
  }
}
