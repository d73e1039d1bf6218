package io.llmharness.preflight;

import io.llmharness.preflight.internal.PreflightJson;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The result of a GPUDirect RDMA check on one node.
 *
 * @param timestamp when the check ran
 * @param node the node's name
 * @param status the decision
 * @param findings every signal with its verdict, decisive ones included
 * @param topology the parsed {@code nvidia-smi topo -m}, when available
 * @param rdmaDevices the RDMA devices found by {@code ibv_devinfo -v} and sysfs
 * @param loadedModules the loaded kernel modules, when {@code /proc/modules} was readable
 * @param dmaBuf the DMA-BUF signals
 * @param fiEfaUseDeviceRdma {@code FI_EFA_USE_DEVICE_RDMA} as the servers would see it
 * @param fiProvider {@code FI_PROVIDER} as the servers would see it
 * @param runtimeEvidence log lines that show GPUDirect RDMA in use
 * @param bounceBuffer the bounce-buffer estimate, when a network rate was given
 * @param rawOutputs command line → output of every command the check ran
 */
public record GpuDirectReport(
    Instant timestamp,
    String node,
    GpuDirectStatus status,
    List<Finding> findings,
    Optional<GpuTopology> topology,
    List<RdmaDevice> rdmaDevices,
    Optional<List<String>> loadedModules,
    DmaBufSupport dmaBuf,
    Optional<String> fiEfaUseDeviceRdma,
    Optional<String> fiProvider,
    List<String> runtimeEvidence,
    Optional<BounceBufferEstimate> bounceBuffer,
    Map<String, CommandResult> rawOutputs) {

  /**
   * One signal and what it says.
   *
   * @param signal a short name: {@code rdma_devices}, {@code gpus}, {@code active_ports}, {@code
   *     fi_efa_use_device_rdma}, {@code memory_registration}, {@code topology}, {@code
   *     runtime_evidence}
   * @param verdict the status this signal alone supports
   * @param detail one sentence with the observed values
   */
  public record Finding(String signal, GpuDirectStatus verdict, String detail) {
    public Finding {
      Objects.requireNonNull(signal, "signal");
      Objects.requireNonNull(verdict, "verdict");
      Objects.requireNonNull(detail, "detail");
    }
  }

  public GpuDirectReport {
    Objects.requireNonNull(timestamp, "timestamp");
    Objects.requireNonNull(node, "node");
    Objects.requireNonNull(status, "status");
    findings = List.copyOf(findings);
    Objects.requireNonNull(topology, "topology");
    rdmaDevices = List.copyOf(rdmaDevices);
    loadedModules = loadedModules.map(List::copyOf);
    Objects.requireNonNull(dmaBuf, "dmaBuf");
    Objects.requireNonNull(fiEfaUseDeviceRdma, "fiEfaUseDeviceRdma");
    Objects.requireNonNull(fiProvider, "fiProvider");
    runtimeEvidence = List.copyOf(runtimeEvidence);
    Objects.requireNonNull(bounceBuffer, "bounceBuffer");
    rawOutputs = Map.copyOf(rawOutputs);
  }

  /** The findings that decided the status, joined into one reason. */
  public String reason() {
    return findings.stream()
        .filter(f -> f.verdict() == status)
        .map(Finding::detail)
        .collect(Collectors.joining("; "));
  }

  /** True when {@code nvidia_peermem} is loaded; empty when the module list was unreadable. */
  public Optional<Boolean> nvidiaPeermemLoaded() {
    return loadedModules.map(m -> m.contains("nvidia_peermem"));
  }

  /** The nearest NIC of every GPU, best link first within each GPU. */
  public List<GpuNicPath> nearestNics() {
    return topology.map(GpuTopology::nearestNics).orElse(List.of());
  }

  /** The report as JSON (the {@code gpudirect_rdma.json} format). */
  public String toJson() {
    return PreflightJson.gpuDirect(this);
  }

  /** Writes {@link #toJson()} to {@code file} atomically (temporary file, then rename). */
  public void writeTo(Path file) throws IOException {
    PreflightJson.writeAtomically(file, toJson());
  }

  /** A readable multi-line summary for the console. */
  public String summary() {
    return PreflightJson.gpuDirectSummary(this);
  }
}
