package io.llmharness.preflight;

import io.llmharness.internal.ConfigValues;
import io.llmharness.internal.PrefixedKeys;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * The preflight configuration read from {@code harness.*} keys (JUnit configuration parameters or
 * system properties). Every key is listed in the README's "Preflight" table; absent keys take the
 * defaults of {@link BandwidthOptions} and {@link GpuDirectOptions}.
 *
 * <p>Unset nodes are this host, except with {@code harness.target=ssh}: then node 1 and the
 * GPUDirect node are the first of {@code harness.nodes} and node 2 the second, reached over SSH
 * with the {@code harness.ssh.*} settings, so the checks validate the servers' nodes.
 *
 * @param node1 node 1, where the clients run ({@code harness.preflight.node1})
 * @param node2 node 2, where the servers run ({@code harness.preflight.node2})
 * @param gpuDirectNode where the GPUDirect check runs ({@code harness.preflight.gpudirect.node})
 * @param bandwidth the bandwidth options
 * @param gpuDirect the GPUDirect options
 * @param failOnUnmet fail instead of skip when a precondition is measured and unmet ({@code
 *     harness.preflight.failOnUnmet}; default: when the checks run on the servers' nodes, i.e. on
 *     the local and ssh targets or with a preflight node named, never on the emulated target)
 * @param failOnMissingTools fail instead of skip when a precondition cannot be checked because a
 *     node lacks the check's tools ({@code harness.preflight.failOnMissingTools}; default: never)
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
    boolean failOnMissingTools,
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
    PrefixedKeys p = new PrefixedKeys(lookup, "harness.preflight.");
    BandwidthOptions d = BandwidthOptions.builder().build();
    BandwidthOptions bandwidth =
        d.toBuilder()
            .tcpEnabled(p.read("tcp.enabled", d.tcpEnabled(), ConfigValues::parseBoolean))
            .iperf3Port(p.read("iperf3.port", d.iperf3Port(), ConfigValues::parseInt))
            .parallelStreams(p.read("iperf3.streams", d.parallelStreams(), ConfigValues::parseInt))
            .duration(p.read("iperf3.duration", d.duration(), ConfigValues::parseDuration))
            .rdmaEnabled(p.read("rdma.enabled", d.rdmaEnabled(), ConfigValues::parseBoolean))
            .rdmaTool(p.text("rdma.tool").map(RdmaTool::parse).orElse(d.rdmaTool()))
            .provider(p.text("rdma.provider").orElse(d.provider()))
            .endpointType(p.text("rdma.endpoint").orElse(d.endpointType()))
            .messageSizeBytes(
                p.read("rdma.messageSize", d.messageSizeBytes(), ConfigValues::parseSize))
            .iterations(p.read("rdma.iterations", d.iterations(), ConfigValues::parseInt))
            .rdmaPort(p.read("rdma.port", d.rdmaPort(), ConfigValues::parseInt))
            .rdmaTimeout(p.read("rdma.timeout", d.rdmaTimeout(), ConfigValues::parseDuration))
            .serverStartTimeout(
                p.read("serverStartTimeout", d.serverStartTimeout(), ConfigValues::parseDuration))
            .build();
    GpuDirectOptions g = GpuDirectOptions.defaults();
    GpuDirectOptions gpuDirect =
        new GpuDirectOptions(
            p.read("gpudirect.commandTimeout", g.commandTimeout(), ConfigValues::parseDuration),
            Map.of(),
            p.read("gpudirect.evidenceLogs", List.of(), ConfigValues::parseList),
            g.networkGbps(),
            g.networkSource(),
            p.read("gpudirect.kvBytesPerToken", g.kvBytesPerToken(), ConfigValues::parseLong),
            p.read("gpudirect.tokens", g.kvTokens(), ConfigValues::parseLong),
            p.read("gpudirect.hostCopyGBps", g.hostCopyGBps(), ConfigValues::parseDecimal));
    return new PreflightSettings(
        node(p, "node1", 0, lookup),
        node(p, "node2", 1, lookup),
        node(p, "gpudirect.node", 0, lookup),
        bandwidth,
        gpuDirect,
        p.read("failOnUnmet", measuresServerNodes(p, lookup), ConfigValues::parseBoolean),
        p.read("failOnMissingTools", false, ConfigValues::parseBoolean),
        Path.of(ConfigValues.text(lookup, "harness.results.dir").orElse("results")),
        ConfigValues.text(lookup, "harness.run.id").orElse("default"));
  }

  private static CommandRunner node(
      PrefixedKeys p, String name, int index, Function<String, Optional<String>> lookup) {
    try {
      String spec = p.text(name).orElseGet(() -> defaultNode(lookup, index));
      return CommandRunner.parse(spec, lookup);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(p.prefix() + name + ": " + e.getMessage(), e);
    }
  }

  /**
   * {@code local}, or with {@code harness.target=ssh} node {@code index} of {@code harness.nodes}
   * over SSH (the last when there are fewer, as the servers are placed): the checks must validate
   * the servers' nodes, not this host.
   */
  private static String defaultNode(Function<String, Optional<String>> lookup, int index) {
    if (!target(lookup).equalsIgnoreCase("ssh")) {
      return "local";
    }
    List<String> nodes =
        ConfigValues.read(lookup, "harness.nodes", List.of(), ConfigValues::parseList);
    if (nodes.isEmpty()) {
      throw new IllegalArgumentException(
          "harness.target=ssh needs harness.nodes=<node1>,<node2> to check, or set this key");
    }
    return "ssh:" + nodes.get(Math.min(index, nodes.size() - 1));
  }

  /** {@code harness.target}, {@code emulated} when unset (as the server package reads it). */
  private static String target(Function<String, Optional<String>> lookup) {
    return ConfigValues.text(lookup, "harness.target").orElse("emulated");
  }

  /**
   * Whether the checks run where the servers run: on the {@code local} and {@code ssh} targets, or
   * wherever the preflight nodes are named. Then an unmet precondition fails, lest a run on
   * misconfigured nodes pass silently. On the emulated target nothing real is measured, and on the
   * {@code external} and {@code slurm} targets the unnamed nodes default to this host, which says
   * nothing about the servers' nodes; there an unmet precondition skips.
   */
  private static boolean measuresServerNodes(
      PrefixedKeys p, Function<String, Optional<String>> lookup) {
    String target = target(lookup);
    boolean named =
        Stream.of("node1", "node2", "gpudirect.node").anyMatch(k -> p.text(k).isPresent());
    return !target.equalsIgnoreCase("emulated")
        && (named || target.equalsIgnoreCase("local") || target.equalsIgnoreCase("ssh"));
  }
}
