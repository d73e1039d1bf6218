package io.llmharness.preflight;

import io.llmharness.preflight.internal.SettingValues;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * The preflight configuration read from {@code harness.*} keys (JUnit configuration parameters or
 * system properties). Every key is listed in the README's "Preflight" table; absent keys take the
 * defaults of {@link BandwidthOptions} and {@link GpuDirectOptions}.
 *
 * @param node1 node 1, where the clients run ({@code harness.preflight.node1})
 * @param node2 node 2, where the servers run ({@code harness.preflight.node2})
 * @param gpuDirectNode where the GPUDirect check runs ({@code harness.preflight.gpudirect.node})
 * @param bandwidth the bandwidth options
 * @param gpuDirect the GPUDirect options
 * @param failOnUnmet fail instead of skip when a precondition is unmet ({@code
 *     harness.preflight.failOnUnmet})
 * @param resultsDir {@code harness.results.dir}
 * @param runId {@code harness.run.id}
 */
public record PreflightSettings(
    CommandRunner node1,
    CommandRunner node2,
    CommandRunner gpuDirectNode,
    BandwidthOptions bandwidth,
    GpuDirectOptions gpuDirect,
    boolean failOnUnmet,
    Path resultsDir,
    String runId) {

  /** File name of the bandwidth report in {@link #preflightDir()}. */
  public static final String BANDWIDTH_FILE = "baseline_bandwidth.json";

  /** File name of the GPUDirect report in {@link #preflightDir()}. */
  public static final String GPUDIRECT_FILE = "gpudirect_rdma.json";

  public PreflightSettings {
    Objects.requireNonNull(node1, "node1");
    Objects.requireNonNull(node2, "node2");
    Objects.requireNonNull(gpuDirectNode, "gpuDirectNode");
    Objects.requireNonNull(bandwidth, "bandwidth");
    Objects.requireNonNull(gpuDirect, "gpuDirect");
    Objects.requireNonNull(resultsDir, "resultsDir");
    if (runId == null || runId.isBlank() || runId.contains("/") || runId.contains("..")) {
      throw new IllegalArgumentException(
          "harness.run.id '" + runId + "' must be a non-empty name without '/' or '..'");
    }
  }

  /** {@code <harness.results.dir>/<harness.run.id>/preflight}. */
  public Path preflightDir() {
    return resultsDir.resolve(runId).resolve("preflight");
  }

  /**
   * Reads the settings through {@code lookup} (key → value, empty when unset).
   *
   * @throws IllegalArgumentException naming the key and its invalid value
   */
  public static PreflightSettings from(Function<String, Optional<String>> lookup) {
    SettingValues v = new SettingValues(lookup);
    BandwidthOptions defaults = BandwidthOptions.builder().build();
    BandwidthOptions bandwidth =
        defaults.toBuilder()
            .tcpEnabled(v.bool("harness.preflight.tcp.enabled", defaults.tcpEnabled()))
            .iperf3Port(v.integer("harness.preflight.iperf3.port", defaults.iperf3Port()))
            .parallelStreams(
                v.integer("harness.preflight.iperf3.streams", defaults.parallelStreams()))
            .duration(v.duration("harness.preflight.iperf3.duration", defaults.duration()))
            .rdmaEnabled(v.bool("harness.preflight.rdma.enabled", defaults.rdmaEnabled()))
            .rdmaTool(
                v.string("harness.preflight.rdma.tool")
                    .map(RdmaTool::parse)
                    .orElse(defaults.rdmaTool()))
            .provider(v.string("harness.preflight.rdma.provider").orElse(defaults.provider()))
            .endpointType(
                v.string("harness.preflight.rdma.endpoint").orElse(defaults.endpointType()))
            .messageSizeBytes(
                v.size("harness.preflight.rdma.messageSize", defaults.messageSizeBytes()))
            .iterations(v.integer("harness.preflight.rdma.iterations", defaults.iterations()))
            .rdmaPort(v.integer("harness.preflight.rdma.port", defaults.rdmaPort()))
            .rdmaTimeout(v.duration("harness.preflight.rdma.timeout", defaults.rdmaTimeout()))
            .serverStartTimeout(
                v.duration("harness.preflight.serverStartTimeout", defaults.serverStartTimeout()))
            .build();
    GpuDirectOptions g = GpuDirectOptions.defaults();
    List<String> logs =
        v.string("harness.preflight.gpudirect.evidenceLogs")
            .map(
                s ->
                    Arrays.stream(s.split(","))
                        .map(String::strip)
                        .filter(x -> !x.isEmpty())
                        .toList())
            .orElse(List.of());
    GpuDirectOptions gpuDirect =
        new GpuDirectOptions(
            v.duration("harness.preflight.gpudirect.commandTimeout", g.commandTimeout()),
            Map.of(),
            logs,
            g.networkGbps(),
            g.networkSource(),
            v.longValue("harness.preflight.gpudirect.kvBytesPerToken", g.kvBytesPerToken()),
            v.longValue("harness.preflight.gpudirect.tokens", g.kvTokens()),
            v.decimal("harness.preflight.gpudirect.hostCopyGBps", g.hostCopyGBps()));
    return new PreflightSettings(
        v.node("harness.preflight.node1"),
        v.node("harness.preflight.node2"),
        v.node("harness.preflight.gpudirect.node"),
        bandwidth,
        gpuDirect,
        v.bool("harness.preflight.failOnUnmet", false),
        Path.of(v.string("harness.results.dir").orElse("results")),
        v.string("harness.run.id").orElse("default"));
  }
}
