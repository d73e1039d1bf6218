package io.llmharness.preflight;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line end to end, with real tools, short runs. */
class PreflightMainIT {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  @TempDir Path dir;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    return PreflightMain.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
  }

  private static JsonNode json(Path file) throws IOException {
    return MAPPER.readTree(Files.readString(file));
  }

  @Test
  void bandwidthOnLoopbackPassesAndWritesTheJson() throws Exception {
    Path file = dir.resolve("bw.json");

    int code =
        run(
            "bandwidth",
            "--no-rdma",
            "--duration",
            "1",
            "--streams",
            "2",
            "--iperf3-port",
            Integer.toString(TestPorts.free()),
            "-o",
            file.toString());

    assertThat(code).as(out + "\n" + err).isEqualTo(PreflightMain.PASSED);
    assertThat(out.toString()).contains("TCP  (iperf3 -P 2 -t 1): ").contains("Gbit/s");
    JsonNode report = json(file);
    assertThat(report.get("tcp_bandwidth_gbps").asDouble()).isPositive();
    assertThat(report.get("rdma").get("status").asText()).isEqualTo("skipped");
  }

  @Test
  void bandwidthWithAnUnavailableProviderDoesNotPass() throws Exception {
    Path file = dir.resolve("bw.json");

    int code =
        run(
            "bandwidth",
            "--no-tcp",
            "--provider",
            "efa",
            "--iterations",
            "2",
            "--rdma-port",
            Integer.toString(TestPorts.free()),
            "-o",
            file.toString());

    assertThat(code).isEqualTo(PreflightMain.NOT_PASSED);
    JsonNode report = json(file);
    assertThat(report.get("efa_bandwidth_gbps").isNull()).isTrue();
    assertThat(report.get("rdma").get("error").asText()).contains("'efa' is not available");
  }

  @Test
  void gpudirectOnThisMachineIsUnsupported() throws Exception {
    Path file = dir.resolve("gd.json");

    int code = run("gpudirect", "--network-gbps", "100", "-o", file.toString());

    assertThat(code).isEqualTo(PreflightMain.NOT_PASSED);
    assertThat(out.toString()).startsWith("GPUDirect RDMA on local: unsupported");
    assertThat(json(file).get("bounce_buffer_estimate").get("network_gbps").asDouble())
        .isEqualTo(100.0);
  }

  @Test
  void gpudirectTakesTheRateFromABandwidthFile() throws Exception {
    Path bandwidth = dir.resolve("baseline_bandwidth.json");
    Files.writeString(bandwidth, "{\"efa_bandwidth_gbps\": 42.5}");
    Path file = dir.resolve("gd.json");

    run("gpudirect", "--bandwidth-json", bandwidth.toString(), "-o", file.toString());

    assertThat(json(file).get("bounce_buffer_estimate").get("network_gbps").asDouble())
        .isEqualTo(42.5);
  }

  @Test
  void anInvalidDurationIsAUsageError() {
    int code = run("bandwidth", "--duration", "soon", "-o", dir.resolve("x.json").toString());

    assertThat(code).isEqualTo(PreflightMain.USAGE);
    assertThat(err.toString()).contains("--duration [soon] is not valid: use seconds");
  }

  @Test
  void aSubcommandIsRequired() {
    assertThat(run()).isEqualTo(PreflightMain.USAGE);
    assertThat(err.toString()).contains("a subcommand is required");
  }
}
