package io.llmharness.preflight.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmharness.preflight.BandwidthOptions;
import io.llmharness.preflight.BandwidthReport;
import io.llmharness.preflight.MeasurementStatus;
import io.llmharness.preflight.RdmaMeasurement;
import io.llmharness.preflight.RdmaTool;
import io.llmharness.preflight.TcpMeasurement;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PreflightJsonTest {

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Instant T = Instant.parse("2026-11-27T20:22:56Z");

  @TempDir Path dir;

  private static TcpMeasurement tcpOk(double gbps) {
    return new TcpMeasurement(
        MeasurementStatus.OK,
        Optional.empty(),
        Optional.of("iperf 3.12"),
        List.of("iperf3", "-s"),
        List.of("iperf3", "-c", "10.0.0.2"),
        8,
        Duration.ofSeconds(30),
        OptionalDouble.of(gbps),
        OptionalDouble.of(gbps),
        List.of(gbps / 2, gbps / 2),
        OptionalLong.of(3),
        T,
        T,
        "{}",
        "",
        "");
  }

  private static RdmaMeasurement rdmaFailed() {
    return new RdmaMeasurement(
        MeasurementStatus.FAILED,
        Optional.of("libfabric provider 'efa' is not available"),
        RdmaTool.FI_PINGPONG,
        "efa",
        Optional.of("1.17.0"),
        List.of("fi_pingpong"),
        List.of("fi_pingpong", "10.0.0.2"),
        BandwidthOptions.DEFAULT_MESSAGE_SIZE,
        100,
        OptionalDouble.empty(),
        OptionalDouble.empty(),
        OptionalDouble.empty(),
        OptionalDouble.empty(),
        T,
        T,
        "",
        "fi_getinfo(): ret=-61",
        "");
  }

  private static RdmaMeasurement rdmaOk(double gbps) {
    return new RdmaMeasurement(
        MeasurementStatus.OK,
        Optional.empty(),
        RdmaTool.FI_PINGPONG,
        "tcp",
        Optional.of("1.17.0"),
        List.of("fi_pingpong"),
        List.of("fi_pingpong", "10.0.0.2"),
        BandwidthOptions.DEFAULT_MESSAGE_SIZE,
        100,
        OptionalDouble.of(gbps),
        OptionalDouble.of(gbps * 125),
        OptionalDouble.of(3653.34),
        OptionalDouble.of(3653.34),
        T,
        T,
        "table",
        "",
        "");
  }

  @Test
  void keepsTheOriginalFieldNames() throws Exception {
    JsonNode json =
        MAPPER.readTree(
            new BandwidthReport(
                    T, "local", "10.0.0.1", "netns:b", "10.0.0.2", tcpOk(25), rdmaOk(100))
                .toJson());

    assertThat(json.get("measurement_type").asText()).isEqualTo("baseline_bandwidth");
    assertThat(json.get("timestamp").asText()).isEqualTo("2026-11-27T20:22:56Z");
    assertThat(json.get("node1_ip").asText()).isEqualTo("10.0.0.1");
    assertThat(json.get("node2_ip").asText()).isEqualTo("10.0.0.2");
    assertThat(json.get("tcp_bandwidth_gbps").asDouble()).isEqualTo(25.0);
    assertThat(json.get("efa_bandwidth_gbps").asDouble()).isEqualTo(100.0);
    assertThat(json.get("bandwidth_ratio").asDouble()).isEqualTo(4.0);
    assertThat(json.get("notes").asText()).startsWith("iperf3 for TCP (8 parallel streams, 30 s)");
    assertThat(json.get("tool_versions").get("libfabric").asText()).isEqualTo("1.17.0");
  }

  @Test
  void writesAFailedMeasurementAsNullWithItsError() throws Exception {
    JsonNode json =
        MAPPER.readTree(
            new BandwidthReport(
                    T, "local", "127.0.0.1", "local", "127.0.0.1", tcpOk(25), rdmaFailed())
                .toJson());

    assertThat(json.get("efa_bandwidth_gbps").isNull()).isTrue();
    assertThat(json.get("bandwidth_ratio").isNull()).isTrue();
    assertThat(json.get("bandwidth_ratio_error").asText())
        .contains("RDMA failed")
        .contains("'efa'");
    assertThat(json.get("status").asText()).isEqualTo("partial");
    assertThat(json.get("rdma").get("status").asText()).isEqualTo("failed");
    assertThat(json.get("rdma").get("error").asText()).contains("not available");
    assertThat(json.get("raw_outputs").get("rdma_client_stderr").asText()).contains("-61");
  }

  @Test
  void writesAtomicallyAndLeavesNoTemporaryFile() throws Exception {
    Path file = dir.resolve("run/preflight/baseline_bandwidth.json");
    BandwidthReport report =
        new BandwidthReport(T, "local", "127.0.0.1", "local", "127.0.0.1", tcpOk(25), rdmaFailed());

    report.writeTo(file);
    report.writeTo(file);

    assertThat(MAPPER.readTree(Files.readString(file)).get("measurement_type").asText())
        .isEqualTo("baseline_bandwidth");
    try (Stream<Path> files = Files.list(file.getParent())) {
      assertThat(files).containsExactly(file);
    }
  }

  @Test
  void summarizesTheRatio() {
    String summary =
        new BandwidthReport(T, "local", "10.0.0.1", "netns:b", "10.0.0.2", tcpOk(25), rdmaOk(100))
            .summary();

    assertThat(summary)
        .contains("TCP  (iperf3 -P 8 -t 30): 25.00 Gbit/s")
        .contains("EFA/TCP ratio: 4.00x");
  }
}
