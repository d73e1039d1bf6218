package io.llmharness.preflight;

import java.util.Locale;
import java.util.Optional;

/**
 * The PCIe path between a GPU and a NIC as {@code nvidia-smi topo -m} reports it, best first.
 * GPUDirect RDMA needs both devices under one PCIe root complex; it performs best through PCIe
 * switches only ({@link #PIX}, {@link #PXB}).
 */
public enum PciLink {
  /** At most one PCIe bridge between the two devices. */
  PIX,
  /** Several PCIe bridges, without the host bridge. */
  PXB,
  /** Through a PCIe host bridge (typically the CPU). */
  PHB,
  /** Between PCIe host bridges within one NUMA node. */
  NODE,
  /** Across the SMP interconnect between NUMA nodes (QPI/UPI); older drivers print {@code SOC}. */
  SYS;

  /**
   * Parses a matrix cell; empty for cells that are not a PCIe path ({@code X}, {@code NV#}, {@code
   * N/A}).
   */
  public static Optional<PciLink> parse(String cell) {
    String c = cell.strip().toUpperCase(Locale.ROOT);
    if (c.equals("SOC")) {
      return Optional.of(SYS);
    }
    for (PciLink link : values()) {
      if (link.name().equals(c)) {
        return Optional.of(link);
      }
    }
    return Optional.empty();
  }

  /** True when this path goes through PCIe switches only (PIX or PXB). */
  public boolean switchLocal() {
    return this == PIX || this == PXB;
  }

  /** True when the devices share a PCIe root complex (PIX, PXB or PHB). */
  public boolean sameRootComplex() {
    return this.compareTo(PHB) <= 0;
  }
}
