package io.llmharness.preflight.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmharness.preflight.BandwidthReport;
import io.llmharness.preflight.BounceBufferEstimate;
import io.llmharness.preflight.GpuDirectReport;
import io.llmharness.preflight.GpuNicPath;
import io.llmharness.preflight.RdmaDevice;
import io.llmharness.preflight.RdmaMeasurement;
import io.llmharness.preflight.RdmaTool;
import io.llmharness.preflight.TcpMeasurement;
import io.llmharness.preflight.TopologyDevice;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * The JSON files of the preflight checks ({@code baseline_bandwidth.json}, {@code
 * gpudirect_rdma.json}), their console summaries, and atomic writing. The top-level field names of
 * the original scripts are kept ({@code measurement_type}, {@code tcp_bandwidth_gbps}, {@code
 * gpudirect_status}, …); a value that was not measured is {@code null} with a status and an error
 * beside it, never {@code 0}.
 */
public final class PreflightJson {

  private static final ObjectMapper MAPPER =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private PreflightJson() {}

  public static String bandwidth(BandwidthReport r) {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("measurement_type", "baseline_bandwidth");
    root.put("schema_version", 1);
    root.put("timestamp", instant(r.timestamp()));
    root.put("status", r.overallStatus());
    root.put("node1_ip", r.node1Address());
    root.put("node2_ip", r.node2Address());
    root.put("node1", r.node1());
    root.put("node2", r.node2());
    put(root, "tcp_bandwidth_gbps", r.tcp().gbps());
    put(root, "efa_bandwidth_gbps", r.rdma().gbps());
    put(root, "bandwidth_ratio", r.ratio());
    put(root, "bandwidth_ratio_error", r.ratioError());
    root.put("notes", notes(r));
    ObjectNode versions = root.putObject("tool_versions");
    put(versions, "iperf3", r.tcp().toolVersion());
    put(versions, "libfabric", r.rdma().libfabricVersion());
    root.set("tcp", tcp(r.tcp()));
    root.set("rdma", rdma(r.rdma()));
    ObjectNode raw = root.putObject("raw_outputs");
    raw.put("tcp_client_stdout", r.tcp().clientOutput());
    raw.put("tcp_client_stderr", r.tcp().clientError());
    raw.put("tcp_server", r.tcp().serverOutput());
    raw.put("rdma_client_stdout", r.rdma().clientOutput());
    raw.put("rdma_client_stderr", r.rdma().clientError());
    raw.put("rdma_server", r.rdma().serverOutput());
    return write(root);
  }

  private static String notes(BandwidthReport r) {
    RdmaMeasurement rdma = r.rdma();
    return String.format(
        Locale.ROOT,
        "iperf3 for TCP (%d parallel streams, %d s), %s -p %s for RDMA bandwidth (%s messages,"
            + " libfabric); servers on node2 (%s), clients on node1 (%s)",
        r.tcp().parallelStreams(),
        r.tcp().duration().toSeconds(),
        rdma.tool() == RdmaTool.AUTO ? "libfabric" : rdma.tool().executable(),
        rdma.provider(),
        FabricSizes.format(rdma.messageSizeBytes()),
        r.node2(),
        r.node1());
  }

  private static ObjectNode tcp(TcpMeasurement t) {
    ObjectNode n = MAPPER.createObjectNode();
    n.put("status", t.status().jsonName());
    put(n, "error", t.error());
    n.put("tool", t.tool());
    put(n, "tool_version", t.toolVersion());
    strings(n.putArray("server_command"), t.serverCommand());
    strings(n.putArray("client_command"), t.clientCommand());
    n.put("parallel_streams", t.parallelStreams());
    n.put("duration_seconds", t.duration().toSeconds());
    put(n, "received_gbps", t.receivedGbps());
    put(n, "sent_gbps", t.sentGbps());
    ArrayNode streams = n.putArray("per_stream_received_gbps");
    t.perStreamReceivedGbps().forEach(streams::add);
    put(n, "retransmits", t.retransmits());
    n.put("started_at", instant(t.startedAt()));
    n.put("finished_at", instant(t.finishedAt()));
    return n;
  }

  private static ObjectNode rdma(RdmaMeasurement m) {
    ObjectNode n = MAPPER.createObjectNode();
    n.put("status", m.status().jsonName());
    put(n, "error", m.error());
    n.put("tool", m.tool() == RdmaTool.AUTO ? "auto" : m.tool().executable());
    n.put("provider", m.provider());
    put(n, "libfabric_version", m.libfabricVersion());
    strings(n.putArray("server_command"), m.serverCommand());
    strings(n.putArray("client_command"), m.clientCommand());
    n.put("message_size_bytes", m.messageSizeBytes());
    n.put("message_size", FabricSizes.format(m.messageSizeBytes()));
    n.put("iterations", m.iterations());
    put(n, "bandwidth_gbps", m.gbps());
    put(n, "megabytes_per_second", m.megabytesPerSecond());
    put(n, "usec_per_xfer", m.microsecondsPerTransfer());
    put(n, "latency_us", m.latencyMicros());
    n.put("started_at", instant(m.startedAt()));
    n.put("finished_at", instant(m.finishedAt()));
    return n;
  }

  public static String gpuDirect(GpuDirectReport r) {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("measurement_type", "gpudirect_rdma_check");
    root.put("schema_version", 1);
    root.put("timestamp", instant(r.timestamp()));
    root.put("node", r.node());
    root.put("gpudirect_status", r.status().jsonName());
    root.put("gpudirect_reason", r.reason());
    ArrayNode findings = root.putArray("findings");
    for (GpuDirectReport.Finding f : r.findings()) {
      findings
          .addObject()
          .put("signal", f.signal())
          .put("verdict", f.verdict().jsonName())
          .put("detail", f.detail());
    }
    root.put(
        "efa_device_count",
        r.rdmaDevices().stream().filter(d -> d.kind() == RdmaDevice.Kind.EFA).count());
    root.put("rdma_device_count", r.rdmaDevices().size());
    ArrayNode devices = root.putArray("rdma_devices");
    r.rdmaDevices().forEach(d -> devices.add(device(d)));
    ArrayNode gpus = root.putArray("gpus");
    r.topology()
        .ifPresent(
            t -> {
              for (TopologyDevice gpu : t.gpus()) {
                ObjectNode g = gpus.addObject();
                g.put("gpu", gpu.label());
                put(g, "cpu_affinity", gpu.cpuAffinity());
                put(g, "numa_affinity", gpu.numaAffinity());
                put(g, "gpu_numa_id", gpu.gpuNumaId());
                Optional<GpuNicPath> path = t.nearestNic(gpu.label());
                put(g, "nearest_nic", path.map(GpuNicPath::nic));
                put(g, "nearest_nic_device", path.map(GpuNicPath::nicDevice));
                put(g, "link", path.map(p -> p.link().name()));
                strings(
                    g.putArray("equally_near_devices"),
                    path.map(GpuNicPath::equallyNearDevices).orElse(List.of()));
              }
            });
    ObjectNode legend = root.putObject("nic_legend");
    r.topology().ifPresent(t -> t.nicLegend().forEach(legend::put));
    ObjectNode matrix = root.putObject("topology_matrix");
    r.topology()
        .ifPresent(
            t -> t.links().forEach((row, cells) -> cells.forEach(matrix.putObject(row)::put)));
    ObjectNode modules = root.putObject("kernel_modules");
    modules.put("readable", r.loadedModules().isPresent());
    put(modules, "nvidia_peermem", r.nvidiaPeermemLoaded());
    put(modules, "efa", r.loadedModules().map(m -> m.contains("efa")));
    ObjectNode dmabuf = root.putObject("dmabuf");
    put(dmabuf, "nvidia_driver", r.dmaBuf().nvidiaVersionLine());
    put(dmabuf, "open_kernel_module", r.dmaBuf().openKernelModule());
    put(dmabuf, "kernel_release", r.dmaBuf().kernelRelease());
    put(dmabuf, "kernel_supports_dmabuf_import", r.dmaBuf().kernelSupportsDmaBufImport());
    put(dmabuf, "likely_available", r.dmaBuf().likelyAvailable());
    dmabuf.put(
        "signal",
        "open GPU kernel modules (/proc/driver/nvidia/version says 'Open Kernel Module') and"
            + " kernel >= 5.12 (uname -r), per NVIDIA GPU Operator documentation");
    Optional<String> useDeviceRdma = r.fiEfaUseDeviceRdma();
    root.put(
        "libfabric_gdr_requested",
        useDeviceRdma
            .map(v -> v.equals("1") ? "requested" : v.equals("0") ? "disabled" : "not_requested")
            .orElse("not_requested"));
    root.put("env_fi_provider", r.fiProvider().orElse("not set"));
    root.put("env_fi_efa_use_device_rdma", useDeviceRdma.orElse("not set"));
    strings(root.putArray("runtime_evidence"), r.runtimeEvidence());
    if (r.bounceBuffer().isPresent()) {
      root.set("bounce_buffer_estimate", bounce(r.bounceBuffer().get()));
    } else {
      root.putNull("bounce_buffer_estimate");
    }
    ObjectNode raw = root.putObject("raw_outputs");
    r.rawOutputs()
        .forEach(
            (command, result) ->
                raw.putObject(command)
                    .put("exit_code", result.exitCode())
                    .put("timed_out", result.timedOut())
                    .put("stdout", result.stdout())
                    .put("stderr", result.stderr()));
    return write(root);
  }

  private static ObjectNode device(RdmaDevice d) {
    ObjectNode n = MAPPER.createObjectNode();
    n.put("name", d.name());
    n.put("kind", d.kind().name().toLowerCase(Locale.ROOT));
    put(n, "transport", d.transport());
    put(n, "vendor_id", d.vendorId());
    put(n, "vendor_part_id", d.vendorPartId());
    put(n, "driver", d.driver());
    ArrayNode ports = n.putArray("ports");
    for (RdmaDevice.Port p : d.ports()) {
      ObjectNode port = ports.addObject();
      port.put("port", p.number());
      port.put("state", p.state());
      port.put("active", p.active());
      put(port, "active_mtu", p.activeMtu());
      put(port, "link_layer", p.linkLayer());
    }
    return n;
  }

  private static ObjectNode bounce(BounceBufferEstimate b) {
    ObjectNode n = MAPPER.createObjectNode();
    n.put("kind", "estimate");
    n.put("kv_bytes_per_token", b.kvBytesPerToken());
    n.put("tokens", b.tokens());
    n.put("kv_bytes", b.kvBytes());
    n.put("network_gbps", b.networkGbps());
    n.put("network_source", b.networkSource());
    n.put("host_copy_gbytes_per_second_assumed", b.hostCopyGBps());
    n.put("direct_ms", b.directMillis());
    n.put("host_copy_ms_each", b.hostCopyMillis());
    n.put("staged_sequential_ms", b.stagedSequentialMillis());
    n.put("staged_overlapped_ms", b.stagedOverlappedMillis());
    n.put("penalty_min_ms", b.penaltyMinMillis());
    n.put("penalty_max_ms", b.penaltyMaxMillis());
    n.put(
        "formula",
        "direct = B*8/N; staged sequential = B/C + B*8/N + B/C; staged overlapped = max(B*8/N, B/C);"
            + " penalty = staged - direct, with B = bytes per token x tokens, N = network bit/s,"
            + " C = host copy byte/s");
    n.put("comparison_with_guide", b.comparisonWithGuide());
    return n;
  }

  /** The console summary of a bandwidth report. */
  public static String bandwidthSummary(BandwidthReport r) {
    StringBuilder s = new StringBuilder();
    s.append("Baseline bandwidth  ")
        .append(r.node1())
        .append(" (")
        .append(r.node1Address())
        .append(") -> ")
        .append(r.node2())
        .append(" (")
        .append(r.node2Address())
        .append(")\n");
    TcpMeasurement t = r.tcp();
    s.append("  TCP  (iperf3 -P ")
        .append(t.parallelStreams())
        .append(" -t ")
        .append(t.duration().toSeconds())
        .append("): ")
        .append(rate(t.gbps(), t.status().jsonName(), t.error()))
        .append('\n');
    RdmaMeasurement m = r.rdma();
    s.append("  RDMA (")
        .append(m.tool() == RdmaTool.AUTO ? "libfabric" : m.tool().executable())
        .append(" -p ")
        .append(m.provider())
        .append(", ")
        .append(FabricSizes.format(m.messageSizeBytes()))
        .append("): ")
        .append(rate(m.gbps(), m.status().jsonName(), m.error()));
    m.latencyMicros().ifPresent(l -> s.append(String.format(Locale.ROOT, ", latency %.2f us", l)));
    s.append('\n');
    if (r.ratio().isPresent()) {
      s.append(String.format(Locale.ROOT, "  EFA/TCP ratio: %.2fx%n", r.ratio().getAsDouble()));
    } else {
      s.append("  EFA/TCP ratio: ").append(r.ratioError().orElse("")).append('\n');
    }
    return s.toString();
  }

  private static String rate(OptionalDouble gbps, String status, Optional<String> error) {
    return gbps.isPresent()
        ? String.format(Locale.ROOT, "%.2f Gbit/s", gbps.getAsDouble())
        : status.toUpperCase(Locale.ROOT) + " - " + error.orElse("");
  }

  /** The console summary of a GPUDirect report. */
  public static String gpuDirectSummary(GpuDirectReport r) {
    StringBuilder s = new StringBuilder();
    s.append("GPUDirect RDMA on ")
        .append(r.node())
        .append(": ")
        .append(r.status().jsonName())
        .append('\n');
    for (GpuDirectReport.Finding f : r.findings()) {
      s.append("  [")
          .append(f.verdict().jsonName())
          .append("] ")
          .append(f.signal())
          .append(": ")
          .append(f.detail())
          .append('\n');
    }
    for (GpuNicPath p : r.nearestNics()) {
      s.append("  ")
          .append(p.gpu())
          .append(" -> ")
          .append(p.nic())
          .append(" (")
          .append(p.nicDevice())
          .append(") ")
          .append(p.link())
          .append('\n');
    }
    r.bounceBuffer()
        .ifPresent(
            b ->
                s.append(
                    String.format(
                        Locale.ROOT,
                        "  Bounce-buffer estimate for %,d tokens (%.2f GB) at %.1f Gbit/s: direct %.0f"
                            + " ms; staged through host memory %.0f-%.0f ms (penalty %.0f-%.0f ms,"
                            + " assuming %.0f GB/s host copies)%n",
                        b.tokens(),
                        b.kvBytes() / 1e9,
                        b.networkGbps(),
                        b.directMillis(),
                        b.stagedOverlappedMillis(),
                        b.stagedSequentialMillis(),
                        b.penaltyMinMillis(),
                        b.penaltyMaxMillis(),
                        b.hostCopyGBps())));
    return s.toString();
  }

  /**
   * Writes {@code text} to {@code file} through a temporary file in the same directory, forced to
   * disk and renamed over the target, so that readers see the old file or the new one, never a
   * part.
   */
  public static void writeAtomically(Path file, String text) throws IOException {
    Path target = file.toAbsolutePath();
    Path dir = target.getParent();
    Files.createDirectories(dir);
    Path temp = Files.createTempFile(dir, "." + target.getFileName(), ".tmp");
    try {
      try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
        channel.write(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
        channel.force(true);
      }
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  private static String write(ObjectNode root) {
    try {
      return MAPPER.writeValueAsString(root) + "\n";
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String instant(Instant i) {
    return i.truncatedTo(ChronoUnit.MILLIS).toString();
  }

  private static void strings(ArrayNode array, List<String> values) {
    values.forEach(array::add);
  }

  private static void put(ObjectNode n, String field, OptionalDouble value) {
    if (value.isPresent()) {
      n.put(field, value.getAsDouble());
    } else {
      n.putNull(field);
    }
  }

  private static void put(ObjectNode n, String field, OptionalLong value) {
    if (value.isPresent()) {
      n.put(field, value.getAsLong());
    } else {
      n.putNull(field);
    }
  }

  private static void put(ObjectNode n, String field, Optional<?> value) {
    if (value.isEmpty()) {
      n.putNull(field);
    } else if (value.get() instanceof Boolean b) {
      n.put(field, b);
    } else {
      n.put(field, value.get().toString());
    }
  }
}
