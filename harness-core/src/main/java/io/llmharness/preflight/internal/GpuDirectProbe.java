package io.llmharness.preflight.internal;

import io.llmharness.preflight.BounceBufferEstimate;
import io.llmharness.preflight.CommandResult;
import io.llmharness.preflight.CommandRunner;
import io.llmharness.preflight.DmaBufSupport;
import io.llmharness.preflight.GpuDirectOptions;
import io.llmharness.preflight.GpuDirectReport;
import io.llmharness.preflight.GpuDirectStatus;
import io.llmharness.preflight.GpuTopology;
import io.llmharness.preflight.RdmaDevice;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/** Runs the commands of the GPUDirect RDMA check on a node and assembles the report. */
public final class GpuDirectProbe {

  /** Log lines that show GPUDirect RDMA in use: NCCL's channel lines and its IB transport note. */
  static final String EVIDENCE_PATTERN = "/GDRDMA|GPU Direct RDMA Enabled";

  private static final int MAX_EVIDENCE_LINES = 10;

  private GpuDirectProbe() {}

  public static GpuDirectReport run(CommandRunner node, GpuDirectOptions options) {
    Instant timestamp = Instant.now();
    Map<String, CommandResult> raw = new LinkedHashMap<>();
    CommandResult topo = run(node, options, raw, List.of("nvidia-smi", "topo", "-m"));
    CommandResult ibv = run(node, options, raw, List.of("ibv_devinfo", "-v"));
    CommandResult sysfs = run(node, options, raw, List.of("sh", "-c", SysfsInfiniband.SCRIPT));
    CommandResult modules = run(node, options, raw, List.of("cat", "/proc/modules"));
    CommandResult nvidiaVersion =
        run(node, options, raw, List.of("cat", "/proc/driver/nvidia/version"));
    CommandResult uname = run(node, options, raw, List.of("uname", "-r"));
    CommandResult env = run(node, options, raw, List.of("env"));
    List<String> evidence = List.of();
    if (!options.evidenceLogs().isEmpty()) {
      List<String> grep = new ArrayList<>(List.of("grep", "-h", "-E", EVIDENCE_PATTERN));
      grep.addAll(options.evidenceLogs());
      CommandResult found = run(node, options, raw, grep);
      evidence =
          found.stdout().lines().filter(l -> !l.isBlank()).limit(MAX_EVIDENCE_LINES).toList();
    }

    Map<String, String> environment = new LinkedHashMap<>(parseEnv(env));
    environment.putAll(options.environment());
    GpuDirectRules.Evidence facts =
        new GpuDirectRules.Evidence(
            topo,
            parseTopology(topo),
            ibv,
            IbvDevinfo.parse(ibv.stdout()),
            SysfsInfiniband.parse(sysfs.stdout()),
            modules.succeeded()
                ? Optional.of(ProcModules.parse(modules.stdout()))
                : Optional.empty(),
            dmaBuf(nvidiaVersion, uname),
            Optional.ofNullable(environment.get("FI_EFA_USE_DEVICE_RDMA")),
            evidence);
    List<GpuDirectReport.Finding> findings = GpuDirectRules.findings(facts);
    GpuDirectStatus status = GpuDirectRules.status(findings);
    List<RdmaDevice> devices = facts.devices();
    return new GpuDirectReport(
        timestamp,
        node.name(),
        status,
        findings,
        facts.topology(),
        devices,
        facts.loadedModules(),
        facts.dmaBuf(),
        facts.fiEfaUseDeviceRdma(),
        Optional.ofNullable(environment.get("FI_PROVIDER")),
        evidence,
        estimate(options),
        raw);
  }

  private static CommandResult run(
      CommandRunner node,
      GpuDirectOptions options,
      Map<String, CommandResult> raw,
      List<String> command) {
    CommandResult result = node.run(command, options.commandTimeout());
    raw.put(command.get(0).equals("sh") ? "sysfs-infiniband" : String.join(" ", command), result);
    return result;
  }

  private static Optional<GpuTopology> parseTopology(CommandResult topo) {
    if (!topo.succeeded()) {
      return Optional.empty();
    }
    try {
      return Optional.of(NvidiaSmiTopo.parse(topo.stdout()));
    } catch (NvidiaSmiTopo.TopologyException e) {
      return Optional.empty();
    }
  }

  private static DmaBufSupport dmaBuf(CommandResult nvidiaVersion, CommandResult uname) {
    Optional<String> versionLine =
        nvidiaVersion.succeeded()
            ? nvidiaVersion.stdout().lines().filter(l -> !l.isBlank()).findFirst()
            : Optional.empty();
    return new DmaBufSupport(
        versionLine,
        versionLine.map(l -> l.contains("Open Kernel Module")),
        uname.succeeded() ? Optional.of(uname.stdout().strip()) : Optional.empty());
  }

  static Map<String, String> parseEnv(CommandResult env) {
    Map<String, String> values = new LinkedHashMap<>();
    if (env.succeeded()) {
      for (String line : env.stdout().split("\\R")) {
        int eq = line.indexOf('=');
        if (eq > 0 && line.startsWith("FI_")) {
          values.put(line.substring(0, eq), line.substring(eq + 1));
        }
      }
    }
    return values;
  }

  private static Optional<BounceBufferEstimate> estimate(GpuDirectOptions options) {
    OptionalDouble gbps = options.networkGbps();
    if (gbps.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        new BounceBufferEstimate(
            options.kvBytesPerToken(),
            options.kvTokens(),
            gbps.getAsDouble(),
            options.networkSource(),
            options.hostCopyGBps()));
  }
}
