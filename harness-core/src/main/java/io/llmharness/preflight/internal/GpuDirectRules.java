package io.llmharness.preflight.internal;

import io.llmharness.preflight.CommandResult;
import io.llmharness.preflight.DmaBufSupport;
import io.llmharness.preflight.GpuDirectReport.Finding;
import io.llmharness.preflight.GpuDirectStatus;
import io.llmharness.preflight.GpuNicPath;
import io.llmharness.preflight.GpuTopology;
import io.llmharness.preflight.PciLink;
import io.llmharness.preflight.RdmaDevice;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The decision of the GPUDirect RDMA check: each signal yields a {@link Finding} with the status it
 * supports on its own; the node's status is the weakest verdict among them ({@code unsupported}
 * before {@code likely_disabled} before {@code unknown} before {@code likely_enabled}), raised to
 * {@code enabled} when runtime evidence confirms an otherwise positive or undecided node.
 */
public final class GpuDirectRules {

  /**
   * What the check observed on the node.
   *
   * @param topo the {@code nvidia-smi topo -m} run
   * @param topology its parse, when it succeeded
   * @param ibv the {@code ibv_devinfo -v} run
   * @param ibvDevices the devices it listed
   * @param sysfs what {@code /sys/class/infiniband} showed
   * @param loadedModules {@code /proc/modules}, when readable
   * @param dmaBuf the DMA-BUF signals
   * @param fiEfaUseDeviceRdma the variable, if set
   * @param runtimeEvidence log lines showing GPUDirect RDMA in use
   */
  public record Evidence(
      CommandResult topo,
      Optional<GpuTopology> topology,
      CommandResult ibv,
      List<RdmaDevice> ibvDevices,
      SysfsInfiniband.Result sysfs,
      Optional<List<String>> loadedModules,
      DmaBufSupport dmaBuf,
      Optional<String> fiEfaUseDeviceRdma,
      List<String> runtimeEvidence) {

    /** The devices of both views, merged by name. */
    public List<RdmaDevice> devices() {
      return SysfsInfiniband.merge(ibvDevices, sysfs.devices());
    }
  }

  private GpuDirectRules() {}

  /** Every finding, in a fixed order. */
  public static List<Finding> findings(Evidence e) {
    List<Finding> findings = new ArrayList<>();
    List<RdmaDevice> devices = e.devices();
    findings.add(rdmaDevices(e, devices));
    findings.add(gpus(e));
    if (!devices.isEmpty()) {
      findings.add(activePorts(devices));
      fiEfaUseDeviceRdma(e, devices).ifPresent(findings::add);
      findings.add(memoryRegistration(e));
    }
    e.topology().ifPresent(t -> findings.add(topology(t)));
    if (!e.runtimeEvidence().isEmpty()) {
      findings.add(
          new Finding(
              "runtime_evidence",
              GpuDirectStatus.ENABLED,
              "a runtime log shows GPUDirect RDMA in use: " + e.runtimeEvidence().get(0).strip()));
    }
    return List.copyOf(findings);
  }

  /** The status the findings support together. */
  public static GpuDirectStatus status(List<Finding> findings) {
    GpuDirectStatus weakest =
        findings.stream()
            .map(Finding::verdict)
            .filter(v -> v != GpuDirectStatus.ENABLED)
            .min(Comparator.naturalOrder())
            .orElse(GpuDirectStatus.UNKNOWN);
    boolean evidence = findings.stream().anyMatch(f -> f.verdict() == GpuDirectStatus.ENABLED);
    if (evidence
        && (weakest == GpuDirectStatus.LIKELY_ENABLED || weakest == GpuDirectStatus.UNKNOWN)) {
      return GpuDirectStatus.ENABLED;
    }
    return weakest;
  }

  private static Finding rdmaDevices(Evidence e, List<RdmaDevice> devices) {
    if (devices.isEmpty()) {
      String ibv =
          e.ibv().succeeded()
              ? "ibv_devinfo lists no device"
              : "ibv_devinfo: " + e.ibv().failureSummary();
      String sysfs =
          e.sysfs().classPresent()
              ? "/sys/class/infiniband is empty"
              : "/sys/class/infiniband does not exist";
      return new Finding(
          "rdma_devices", GpuDirectStatus.UNSUPPORTED, "no RDMA device: " + ibv + "; " + sysfs);
    }
    String list =
        devices.stream()
            .map(d -> d.name() + " (" + d.kind().name().toLowerCase(Locale.ROOT) + ")")
            .collect(Collectors.joining(", "));
    return new Finding(
        "rdma_devices",
        GpuDirectStatus.LIKELY_ENABLED,
        devices.size() + " RDMA device(s): " + list);
  }

  private static Finding gpus(Evidence e) {
    if (e.topo().exitCode() == CommandResult.NOT_STARTED) {
      return new Finding(
          "gpus",
          GpuDirectStatus.UNSUPPORTED,
          "no NVIDIA GPU: nvidia-smi is not installed (" + e.topo().failureSummary() + ")");
    }
    if (e.topology().isEmpty()) {
      return new Finding(
          "gpus",
          GpuDirectStatus.UNKNOWN,
          e.topo().succeeded()
              ? "nvidia-smi topo -m printed no GPU matrix"
              : "nvidia-smi topo -m failed: " + e.topo().failureSummary());
    }
    return new Finding(
        "gpus",
        GpuDirectStatus.LIKELY_ENABLED,
        e.topology().get().gpus().size() + " GPU(s) in nvidia-smi topo -m");
  }

  private static Finding activePorts(List<RdmaDevice> devices) {
    List<String> active =
        devices.stream().filter(RdmaDevice::active).map(RdmaDevice::name).toList();
    if (active.isEmpty()) {
      String states =
          devices.stream()
              .map(d -> d.name() + " " + d.ports().stream().map(RdmaDevice.Port::state).toList())
              .collect(Collectors.joining(", "));
      return new Finding(
          "active_ports",
          GpuDirectStatus.LIKELY_DISABLED,
          "no RDMA device has an ACTIVE port: " + states);
    }
    return new Finding(
        "active_ports",
        GpuDirectStatus.LIKELY_ENABLED,
        "ACTIVE port on " + String.join(", ", active));
  }

  private static Optional<Finding> fiEfaUseDeviceRdma(Evidence e, List<RdmaDevice> devices) {
    boolean efa = devices.stream().anyMatch(d -> d.kind() == RdmaDevice.Kind.EFA);
    if (!efa) {
      return Optional.empty();
    }
    Optional<String> value = e.fiEfaUseDeviceRdma();
    if (value.isPresent() && (value.get().equals("0") || value.get().equalsIgnoreCase("false"))) {
      return Optional.of(
          new Finding(
              "fi_efa_use_device_rdma",
              GpuDirectStatus.LIKELY_DISABLED,
              "FI_EFA_USE_DEVICE_RDMA="
                  + value.get()
                  + " turns off device RDMA in libfabric's EFA provider"));
    }
    return Optional.of(
        new Finding(
            "fi_efa_use_device_rdma",
            GpuDirectStatus.LIKELY_ENABLED,
            value
                .map(v -> "FI_EFA_USE_DEVICE_RDMA=" + v + " requests device RDMA")
                .orElse(
                    "FI_EFA_USE_DEVICE_RDMA is not set: libfabric uses device RDMA where the EFA generation supports it")));
  }

  private static Finding memoryRegistration(Evidence e) {
    Optional<Boolean> peermem = e.loadedModules().map(m -> m.contains("nvidia_peermem"));
    Optional<Boolean> dmaBuf = e.dmaBuf().likelyAvailable();
    String peermemText =
        peermem
            .map(p -> p ? "nvidia_peermem is loaded" : "nvidia_peermem is not loaded")
            .orElse("the loaded modules are unknown (/proc/modules unreadable)");
    String dmaBufText =
        dmaBuf
            .map(
                d ->
                    d
                        ? "DMA-BUF is available (open GPU kernel modules, kernel "
                            + e.dmaBuf().kernelRelease().orElse("?")
                            + ")"
                        : "DMA-BUF is not available ("
                            + (e.dmaBuf().openKernelModule().equals(Optional.of(false))
                                ? "proprietary GPU kernel modules"
                                : "kernel " + e.dmaBuf().kernelRelease().orElse("?") + " < 5.12")
                            + ")")
            .orElse(
                e.dmaBuf().nvidiaVersionLine().isEmpty()
                    ? "DMA-BUF support is unknown (no /proc/driver/nvidia/version)"
                    : "DMA-BUF support is unknown (kernel release unreadable)");
    String detail = peermemText + "; " + dmaBufText;
    if (peermem.orElse(false) || dmaBuf.orElse(false)) {
      return new Finding("memory_registration", GpuDirectStatus.LIKELY_ENABLED, detail);
    }
    if (peermem.isPresent() && dmaBuf.isPresent()) {
      return new Finding(
          "memory_registration",
          GpuDirectStatus.LIKELY_DISABLED,
          detail + ": the NIC cannot register GPU memory, so transfers bounce through host memory");
    }
    return new Finding("memory_registration", GpuDirectStatus.UNKNOWN, detail);
  }

  private static Finding topology(GpuTopology topology) {
    if (topology.nics().isEmpty()) {
      return new Finding(
          "topology",
          GpuDirectStatus.UNKNOWN,
          "nvidia-smi topo -m shows no NIC, so the GPU-NIC paths are unknown");
    }
    List<String> described = new ArrayList<>();
    List<String> far = new ArrayList<>();
    List<String> noPath = new ArrayList<>();
    PciLink worst = PciLink.PIX;
    for (var gpu : topology.gpus()) {
      Optional<GpuNicPath> path = topology.nearestNic(gpu.label());
      if (path.isEmpty()) {
        noPath.add(gpu.label());
        continue;
      }
      GpuNicPath p = path.get();
      described.add(p.gpu() + "→" + p.nicDevice() + " " + p.link());
      if (!p.link().sameRootComplex()) {
        far.add(p.gpu() + " (" + p.link() + " to " + p.nicDevice() + ")");
      }
      if (p.link().compareTo(worst) > 0) {
        worst = p.link();
      }
    }
    if (!far.isEmpty()) {
      return new Finding(
          "topology",
          GpuDirectStatus.LIKELY_DISABLED,
          "no NIC under the same PCIe root complex for "
              + String.join(", ", far)
              + ": peer-to-peer DMA across root complexes is generally unsupported, so these GPUs"
              + " bounce through host memory");
    }
    if (!noPath.isEmpty()) {
      return new Finding(
          "topology",
          GpuDirectStatus.UNKNOWN,
          "no PCIe path to a NIC in the matrix for " + String.join(", ", noPath));
    }
    String where =
        worst.switchLocal()
            ? "every GPU has an RDMA NIC behind a PCIe switch"
            : "every GPU reaches an RDMA NIC through its PCIe host bridge (works, below switch-local"
                + " bandwidth)";
    return new Finding(
        "topology", GpuDirectStatus.LIKELY_ENABLED, where + ": " + String.join(", ", described));
  }
}
