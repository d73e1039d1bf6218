package io.llmharness.preflight;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real iperf3 and fi_pingpong (installed by .ci/run), on loopback and between two network
 * namespaces joined by a veth pair. Tests are short (iperf3 -t 2, 10 messages of 16 MiB) and
 * bounded by the tools' timeouts.
 */
class BandwidthBaselineIT {

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static NetworkNamespacePair pair;

  @TempDir Path dir;

  @AfterAll
  static void deleteNamespaces() {
    if (pair != null) {
      pair.close();
    }
  }

  private static BandwidthOptions.Builder shortRun() {
    return BandwidthOptions.builder()
        .duration(Duration.ofSeconds(2))
        .parallelStreams(4)
        .iperf3Port(TestPorts.free())
        .rdmaPort(TestPorts.free())
        .rdmaTool(RdmaTool.FI_PINGPONG)
        .provider("tcp")
        .iterations(10)
        .rdmaTimeout(Duration.ofSeconds(60));
  }

  /** The namespaces, made on first use; skips (on CI: fails) the test when they cannot be. */
  private static synchronized NetworkNamespacePair pair() {
    if (pair == null) {
      pair = NetworkNamespacePair.create();
    }
    return pair;
  }

  @Test
  void measuresIperf3OnLoopbackEndToEnd() throws IOException {
    BandwidthReport r =
        BandwidthBaseline.measure(
            CommandRunner.local(),
            CommandRunner.local(),
            shortRun().parallelStreams(8).rdmaEnabled(false).build());

    assertThat(r.tcp().status()).as(r.tcp().error().orElse("")).isEqualTo(MeasurementStatus.OK);
    assertThat(r.tcp().gbps().getAsDouble()).isPositive();
    assertThat(r.tcp().perStreamReceivedGbps())
        .hasSize(8)
        .allSatisfy(g -> assertThat(g).isPositive());
    assertThat(r.tcp().toolVersion()).hasValueSatisfying(v -> assertThat(v).startsWith("iperf 3"));
    assertThat(r.rdma().status()).isEqualTo(MeasurementStatus.SKIPPED);
    Path file = dir.resolve("baseline_bandwidth.json");
    r.writeTo(file);
    JsonNode json = MAPPER.readTree(Files.readString(file));
    assertThat(json.get("tcp_bandwidth_gbps").asDouble()).isEqualTo(r.tcp().gbps().getAsDouble());
    assertThat(json.get("efa_bandwidth_gbps").isNull()).isTrue();
  }

  @Test
  void measuresFiPingpongWithTheTcpProviderOnLoopback() {
    BandwidthReport r =
        BandwidthBaseline.measure(
            CommandRunner.local(), CommandRunner.local(), shortRun().tcpEnabled(false).build());

    RdmaMeasurement m = r.rdma();
    assertThat(m.status()).as(m.error().orElse("")).isEqualTo(MeasurementStatus.OK);
    assertThat(m.gbps().getAsDouble()).isPositive();
    assertThat(m.latencyMicros().getAsDouble()).isPositive();
    assertThat(m.iterations()).isEqualTo(10);
    assertThat(m.libfabricVersion()).isPresent();
    assertThat(m.clientOutput()).contains("16m");
  }

  @Test
  void autoUsesFiPingpongWhereFabtestsIsNotInstalled() {
    BandwidthReport r =
        BandwidthBaseline.measure(
            CommandRunner.local(),
            CommandRunner.local(),
            shortRun().tcpEnabled(false).rdmaTool(RdmaTool.AUTO).build());

    assertThat(r.rdma().tool()).isEqualTo(RdmaTool.FI_PINGPONG);
    assertThat(r.rdma().status()).as(r.rdma().error().orElse("")).isEqualTo(MeasurementStatus.OK);
  }

  @Test
  void measuresIperf3BetweenNetworkNamespaces() {
    NetworkNamespacePair p = pair();

    BandwidthReport r =
        BandwidthBaseline.measure(p.node1(), p.node2(), shortRun().rdmaEnabled(false).build());

    assertThat(r.tcp().status()).as(r.tcp().error().orElse("")).isEqualTo(MeasurementStatus.OK);
    assertThat(r.tcp().perStreamReceivedGbps()).hasSize(4);
    assertThat(r.tcp().clientCommand()).contains(p.address2);
    assertThat(r.tcp().serverOutput()).contains("Accepted connection from " + p.address1);
    assertThat(r.node2Address()).isEqualTo(p.address2);
  }

  @Test
  void measuresFiPingpongBetweenNetworkNamespaces() {
    NetworkNamespacePair p = pair();

    BandwidthReport r =
        BandwidthBaseline.measure(p.node1(), p.node2(), shortRun().tcpEnabled(false).build());

    assertThat(r.rdma().status()).as(r.rdma().error().orElse("")).isEqualTo(MeasurementStatus.OK);
    assertThat(r.rdma().gbps().getAsDouble()).isPositive();
  }

  @Test
  void measuresBothAndTheirRatioBetweenNetworkNamespaces() {
    NetworkNamespacePair p = pair();

    BandwidthReport r = BandwidthBaseline.measure(p.node1(), p.node2(), shortRun().build());

    assertThat(r.overallStatus()).as(r.summary()).isEqualTo("ok");
    assertThat(r.ratio().getAsDouble())
        .isEqualTo(r.rdma().gbps().getAsDouble() / r.tcp().gbps().getAsDouble());
  }

  @Test
  void anUnavailableProviderIsAFailedMeasurementNotAZero() {
    BandwidthReport r =
        BandwidthBaseline.measure(
            CommandRunner.local(),
            CommandRunner.local(),
            shortRun().tcpEnabled(false).provider("efa").build());

    assertThat(r.rdma().status()).isEqualTo(MeasurementStatus.FAILED);
    assertThat(r.rdma().gbps()).isEmpty();
    assertThat(r.rdma().error())
        .hasValueSatisfying(e -> assertThat(e).contains("'efa' is not available"));
    assertThat(r.ratio()).isEmpty();
  }

  @Test
  void aPortInUseIsReportedBeforeAnythingStarts() throws IOException {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      BandwidthReport r =
          BandwidthBaseline.measure(
              CommandRunner.local(),
              CommandRunner.local(),
              shortRun().rdmaEnabled(false).iperf3Port(taken.getLocalPort()).build());

      assertThat(r.tcp().status()).isEqualTo(MeasurementStatus.FAILED);
      assertThat(r.tcp().error()).hasValueSatisfying(e -> assertThat(e).contains("already in use"));
    }
  }

  @Test
  void namesTheToolsANodeLacks() {
    CommandRunner local = CommandRunner.local();

    assertThat(BandwidthBaseline.missingTools(local, local, shortRun().build())).isEmpty();
    assertThat(
            BandwidthBaseline.missingTools(
                local, local, shortRun().rdmaTool(RdmaTool.FI_RDM_BW).build()))
        .containsExactly("fi_rdm_bw on local");
  }

  @Test
  void aNodeThatDoesNotAnswerLacksNoTool() {
    CommandRunner nowhere =
        CommandRunner.networkNamespace("pf-no-such-namespace", "10.231.255.254");

    assertThat(BandwidthBaseline.missingTools(CommandRunner.local(), nowhere, shortRun().build()))
        .isEmpty();
  }

  @Test
  void aServerThatCannotStartIsAFailedMeasurement() {
    NetworkNamespacePair p = pair();
    CommandRunner nowhere =
        CommandRunner.networkNamespace("pf-no-such-namespace", "10.231.255.254");

    BandwidthReport r =
        BandwidthBaseline.measure(p.node1(), nowhere, shortRun().rdmaEnabled(false).build());

    assertThat(r.tcp().status()).isEqualTo(MeasurementStatus.FAILED);
    assertThat(r.tcp().error())
        .hasValueSatisfying(
            e -> assertThat(e).startsWith("iperf3 server on netns:pf-no-such-namespace"));
  }
}
