package io.llmharness.preflight;

import io.llmharness.preflight.internal.GpuDirectProbe;
import io.llmharness.preflight.internal.InstalledPrograms;
import java.util.List;

/**
 * Decides whether GPUDirect RDMA is active on a node, from {@code nvidia-smi topo -m}, {@code
 * ibv_devinfo -v}, {@code /sys/class/infiniband}, the loaded kernel modules ({@code
 * nvidia_peermem}, {@code efa}), the DMA-BUF signals ({@link DmaBufSupport}), {@code
 * FI_EFA_USE_DEVICE_RDMA}, and optionally runtime logs. Each is an independent signal; {@code
 * ibv_devinfo}'s capability counters such as {@code max_qp_rd_atom} are not used (they read 0 on
 * EFA devices that do support RDMA read).
 *
 * <p>Rules, strongest verdict first: no RDMA device or no NVIDIA driver → {@code unsupported}; no
 * ACTIVE port, {@code FI_EFA_USE_DEVICE_RDMA=0} with EFA, neither {@code nvidia_peermem} nor
 * DMA-BUF, or a GPU whose nearest NIC is NODE or SYS away → {@code likely_disabled}; a signal that
 * cannot be read → {@code unknown}; otherwise {@code likely_enabled}, and {@code enabled} when a
 * runtime log shows GPUDirect RDMA in use.
 */
public final class GpuDirectCheck {

  private GpuDirectCheck() {}

  /** Runs the check on {@code node}. Never throws for a missing tool: that is a finding. */
  public static GpuDirectReport run(CommandRunner node, GpuDirectOptions options) {
    return GpuDirectProbe.run(node, options);
  }

  /**
   * {@code "nvidia-smi on <node>"} when the node answers it has no {@code nvidia-smi}: a host
   * without the GPU tools, where the check can only say {@code unsupported}, rather than a GPU node
   * that lacks GPUDirect ({@code ibv_devinfo} is not required: sysfs shows the RDMA devices too).
   */
  public static List<String> missingTools(CommandRunner node) {
    return InstalledPrograms.missing(node, List.of("nvidia-smi"));
  }
}
