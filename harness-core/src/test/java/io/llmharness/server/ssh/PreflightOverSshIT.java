package io.llmharness.server.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmharness.preflight.BandwidthBaseline;
import io.llmharness.preflight.BandwidthReport;
import io.llmharness.preflight.CommandRunner;
import io.llmharness.preflight.GpuDirectCheck;
import io.llmharness.preflight.GpuDirectReport;
import io.llmharness.preflight.GpuDirectStatus;
import io.llmharness.preflight.MeasurementStatus;
import io.llmharness.preflight.PreflightSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The preflight checks of an {@code ssh} target, end to end: two network namespaces each running
 * sshd play the two GPU nodes, and with only {@code harness.target=ssh} and {@code harness.nodes}
 * set the checks run on them over SSH (iperf3's server in node 2's namespace, its client in node
 * 1's), not on this host. Like a real cluster the nodes share one user key and one known_hosts.
 */
class PreflightOverSshIT {
  @TempDir static Path work;

  private static final TwoSshNodes nodes = new TwoSshNodes();
  private static Map<String, String> config;

  @BeforeAll
  static void startTwoNodes() throws IOException {
    nodes.start(work);
    Path authorized2 = nodes.sshd(1).dir().resolve("authorized_keys");
    Path key1 = nodes.sshd(0).userKey();
    Files.writeString(
        authorized2,
        Files.readString(key1.resolveSibling("id_ed25519.pub")),
        StandardOpenOption.APPEND);
    Path knownHosts = work.resolve("known_hosts");
    Files.writeString(
        knownHosts, nodes.sshd(0).knownHostsLine() + "\n" + nodes.sshd(1).knownHostsLine() + "\n");
    config =
        Map.ofEntries(
            Map.entry("harness.target", "ssh"),
            Map.entry("harness.nodes", nodes.address(0) + "," + nodes.address(1)),
            Map.entry("harness.ssh.user", "root"),
            Map.entry("harness.ssh.key", key1.toString()),
            Map.entry("harness.ssh.knownHosts", knownHosts.toString()),
            Map.entry("harness.ssh.remoteDir", work.resolve("remote").toString()),
            Map.entry("harness.preflight.iperf3.duration", "2s"),
            Map.entry("harness.preflight.iperf3.streams", "4"),
            Map.entry("harness.preflight.iperf3.port", Integer.toString(Sshd.freePort())),
            Map.entry("harness.preflight.rdma.enabled", "false"));
  }

  @AfterAll
  static void tearDown() {
    nodes.close();
  }

  private static PreflightSettings settings() {
    return PreflightSettings.from(k -> Optional.ofNullable(config.get(k)));
  }

  @Test
  void measuresIperf3FromNode1ToNode2OverSsh() {
    PreflightSettings s = settings();
    BandwidthReport r;
    try (CommandRunner node1 = s.node1();
        CommandRunner node2 = s.node2()) {
      r = BandwidthBaseline.measure(node1, node2, s.bandwidth());
    }

    assertThat(r.tcp().status()).as(r.tcp().error().orElse("")).isEqualTo(MeasurementStatus.OK);
    assertThat(r.node1()).isEqualTo("ssh:root@" + nodes.address(0) + ":22");
    assertThat(r.node2()).isEqualTo("ssh:root@" + nodes.address(1) + ":22");
    assertThat(r.tcp().clientCommand()).contains(nodes.address(1));
    assertThat(r.tcp().serverOutput()).contains("Accepted connection from " + nodes.address(0));
    assertThat(r.tcp().perStreamReceivedGbps())
        .hasSize(4)
        .allSatisfy(g -> assertThat(g).isPositive());
  }

  @Test
  void checksGpuDirectOnNode1OverSsh() {
    GpuDirectReport r;
    try (CommandRunner node = settings().gpuDirectNode()) {
      r = GpuDirectCheck.run(node, settings().gpuDirect());
    }

    assertThat(r.node()).isEqualTo("ssh:root@" + nodes.address(0) + ":22");
    assertThat(r.status()).as(r.reason()).isEqualTo(GpuDirectStatus.UNSUPPORTED);
    assertThat(r.rawOutputs()).containsKey("uname -r");
  }
}
