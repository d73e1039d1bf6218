package io.llmharness.preflight;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PreflightSettingsTest {

  private static PreflightSettings of(Map<String, String> values) {
    return PreflightSettings.from(k -> Optional.ofNullable(values.get(k)));
  }

  @Test
  void defaultsFollowTheGuide() {
    PreflightSettings s = of(Map.of());

    assertThat(s.bandwidth().duration()).isEqualTo(Duration.ofSeconds(30));
    assertThat(s.bandwidth().parallelStreams()).isEqualTo(8);
    assertThat(s.bandwidth().provider()).isEqualTo("efa");
    assertThat(s.bandwidth().messageSizeBytes()).isEqualTo(16L << 20);
    assertThat(s.failOnUnmet()).isFalse();
    assertThat(s.failOnMissingTools()).isFalse();
    assertThat(s.preflightDir()).isEqualTo(Path.of("results", "default", "preflight"));
  }

  @Test
  void readsEveryBandwidthKey() {
    PreflightSettings s =
        of(
            Map.ofEntries(
                Map.entry("harness.preflight.node1", "netns:a@10.231.0.1"),
                Map.entry("harness.preflight.node2", "local@10.0.0.2"),
                Map.entry("harness.preflight.iperf3.duration", "2s"),
                Map.entry("harness.preflight.iperf3.streams", "4"),
                Map.entry("harness.preflight.iperf3.port", "5301"),
                Map.entry("harness.preflight.rdma.tool", "fi_pingpong"),
                Map.entry("harness.preflight.rdma.provider", "tcp"),
                Map.entry("harness.preflight.rdma.messageSize", "1m"),
                Map.entry("harness.preflight.rdma.iterations", "10"),
                Map.entry("harness.preflight.rdma.port", "47600"),
                Map.entry("harness.preflight.tcp.enabled", "false"),
                Map.entry("harness.results.dir", "/tmp/r"),
                Map.entry("harness.run.id", "run7"),
                Map.entry("harness.preflight.failOnUnmet", "true")));

    assertThat(s.node1().name()).isEqualTo("netns:a");
    assertThat(s.node2().address()).isEqualTo("10.0.0.2");
    assertThat(s.bandwidth().duration()).isEqualTo(Duration.ofSeconds(2));
    assertThat(s.bandwidth().parallelStreams()).isEqualTo(4);
    assertThat(s.bandwidth().iperf3Port()).isEqualTo(5301);
    assertThat(s.bandwidth().rdmaTool()).isEqualTo(RdmaTool.FI_PINGPONG);
    assertThat(s.bandwidth().provider()).isEqualTo("tcp");
    assertThat(s.bandwidth().messageSizeBytes()).isEqualTo(1L << 20);
    assertThat(s.bandwidth().iterations()).isEqualTo(10);
    assertThat(s.bandwidth().rdmaPort()).isEqualTo(47600);
    assertThat(s.bandwidth().tcpEnabled()).isFalse();
    assertThat(s.failOnUnmet()).isTrue();
    assertThat(s.preflightDir()).isEqualTo(Path.of("/tmp/r/run7/preflight"));
  }

  @Test
  void anUnmetPreconditionFailsWhereTheChecksRunOnTheServersNodes() {
    assertThat(of(Map.of("harness.target", "emulated")).failOnUnmet()).isFalse();
    assertThat(of(Map.of("harness.target", "local")).failOnUnmet()).isTrue();
    assertThat(of(Map.of("harness.target", "ssh", "harness.nodes", "a,b")).failOnUnmet()).isTrue();
    assertThat(of(Map.of("harness.target", "external")).failOnUnmet()).isFalse();
    assertThat(of(Map.of("harness.target", "slurm")).failOnUnmet()).isFalse();
    assertThat(
            of(Map.of("harness.target", "external", "harness.preflight.node2", "local@10.0.0.2"))
                .failOnUnmet())
        .isTrue();
    assertThat(
            of(Map.of("harness.target", "emulated", "harness.preflight.node2", "local@10.0.0.2"))
                .failOnUnmet())
        .isFalse();
    assertThat(of(Map.of("harness.target", "local", "harness.preflight.failOnUnmet", "false")))
        .extracting(PreflightSettings::failOnUnmet, PreflightSettings::failOnMissingTools)
        .containsExactly(false, false);
  }

  @Test
  void missingToolsFailOnlyWhenAskedTo() {
    assertThat(of(Map.of("harness.target", "local")).failOnMissingTools()).isFalse();
    assertThat(of(Map.of("harness.preflight.failOnMissingTools", "yes")).failOnMissingTools())
        .isTrue();
  }

  @Test
  void namesTheKeyOfAnInvalidValue() {
    assertThatThrownBy(() -> of(Map.of("harness.preflight.iperf3.duration", "soon")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "harness.preflight.iperf3.duration [soon] is not valid: use seconds (e.g. 600), a unit"
                + " (30s, 500ms, 2m, 1h) or ISO-8601 (e.g. PT10M)");
  }

  @Test
  void namesTheKeyOfAnInvalidNode() {
    assertThatThrownBy(() -> of(Map.of("harness.preflight.node2", "gpu2")))
        .hasMessageStartingWith("harness.preflight.node2: node specification 'gpu2'");
  }

  @Test
  void nodesAreThisHostByDefault() {
    PreflightSettings s = of(Map.of("harness.nodes", "10.0.0.1,10.0.0.2"));

    assertThat(List.of(s.node1().name(), s.node2().name(), s.gpuDirectNode().name()))
        .containsOnly("local");
  }

  @Test
  void anSshTargetChecksItsNodesOverSsh() {
    PreflightSettings s =
        of(
            Map.of(
                "harness.target", "ssh",
                "harness.nodes", "10.0.0.1,10.0.0.2",
                "harness.ssh.user", "ubuntu"));

    assertThat(s.node1().name()).isEqualTo("ssh:ubuntu@10.0.0.1:22");
    assertThat(s.node2().name()).isEqualTo("ssh:ubuntu@10.0.0.2:22");
    assertThat(s.node2().address()).isEqualTo("10.0.0.2");
    assertThat(s.gpuDirectNode().name()).isEqualTo("ssh:ubuntu@10.0.0.1:22");
  }

  @Test
  void anSshTargetWithOneNodeChecksThatNode() {
    PreflightSettings s = of(Map.of("harness.target", "SSH", "harness.nodes", "gpu1"));

    assertThat(s.node1().address()).isEqualTo("gpu1");
    assertThat(s.node2().address()).isEqualTo("gpu1");
  }

  @Test
  void configuredNodesWinOverTheSshTargetsNodes() {
    PreflightSettings s =
        of(
            Map.of(
                "harness.target", "ssh",
                "harness.nodes", "10.0.0.1,10.0.0.2",
                "harness.preflight.node1", "local",
                "harness.preflight.gpudirect.node", "ssh:root@10.0.0.9"));

    assertThat(s.node1().name()).isEqualTo("local");
    assertThat(s.node2().address()).isEqualTo("10.0.0.2");
    assertThat(s.gpuDirectNode().name()).isEqualTo("ssh:root@10.0.0.9:22");
  }

  @Test
  void anSshTargetWithoutNodesNamesTheMissingKey() {
    assertThatThrownBy(() -> of(Map.of("harness.target", "ssh")))
        .hasMessage(
            "harness.preflight.node1: harness.target=ssh needs harness.nodes=<node1>,<node2> to"
                + " check, or set this key");
  }

  @Test
  void refusesARunIdThatLeavesTheResultsDirectory() {
    assertThatThrownBy(() -> of(Map.of("harness.run.id", "../x")))
        .hasMessageContaining("harness.run.id '../x'");
  }

  @Test
  void refusesFractionalIperf3Durations() {
    assertThatThrownBy(() -> BandwidthOptions.builder().duration(Duration.ofMillis(1500)).build())
        .hasMessageContaining("whole seconds");
  }
}
