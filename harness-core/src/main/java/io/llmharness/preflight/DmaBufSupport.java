package io.llmharness.preflight;

import java.util.Objects;
import java.util.Optional;

/**
 * Whether the NVIDIA driver and the kernel can register GPU memory with an RDMA NIC through
 * DMA-BUF, the path NVIDIA recommends instead of the {@code nvidia_peermem} module.
 *
 * <p>The signal, as documented by NVIDIA's GPU Operator ("GPUDirect RDMA and GPUDirect Storage"):
 * DMA-BUF needs the open GPU kernel modules and a Linux kernel with RDMA DMA-BUF import (5.12 or
 * later). The open modules identify themselves in {@code /proc/driver/nvidia/version} as "NVIDIA
 * UNIX Open Kernel Module"; the kernel release comes from {@code uname -r}. The NIC driver must
 * support it as well (mlx5 and EFA do in current releases); that part is not checked.
 *
 * @param nvidiaVersionLine the first line of {@code /proc/driver/nvidia/version}, if readable
 * @param openKernelModule true for the open GPU kernel modules, false for the proprietary ones
 * @param kernelRelease the running kernel's release
 */
public record DmaBufSupport(
    Optional<String> nvidiaVersionLine,
    Optional<Boolean> openKernelModule,
    Optional<String> kernelRelease) {

  public DmaBufSupport {
    Objects.requireNonNull(nvidiaVersionLine, "nvidiaVersionLine");
    Objects.requireNonNull(openKernelModule, "openKernelModule");
    Objects.requireNonNull(kernelRelease, "kernelRelease");
  }

  /** True when the kernel release is 5.12 or later; empty when it is unknown or unparseable. */
  public Optional<Boolean> kernelSupportsDmaBufImport() {
    return kernelRelease.flatMap(DmaBufSupport::atLeast512);
  }

  /**
   * True when both the open kernel modules and a 5.12+ kernel are present; false when either is
   * known to be missing; empty otherwise.
   */
  public Optional<Boolean> likelyAvailable() {
    Optional<Boolean> kernel = kernelSupportsDmaBufImport();
    if (openKernelModule.equals(Optional.of(false)) || kernel.equals(Optional.of(false))) {
      return Optional.of(false);
    }
    if (openKernelModule.isPresent() && kernel.isPresent()) {
      return Optional.of(true);
    }
    return Optional.empty();
  }

  private static Optional<Boolean> atLeast512(String release) {
    String[] parts = release.strip().split("[.-]");
    try {
      int major = Integer.parseInt(parts[0]);
      int minor = parts.length > 1 ? Integer.parseInt(parts[1]) : 0;
      return Optional.of(major > 5 || (major == 5 && minor >= 12));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }
}
