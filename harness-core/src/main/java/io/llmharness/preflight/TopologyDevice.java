package io.llmharness.preflight;

import java.util.Objects;
import java.util.Optional;

/**
 * A row of the {@code nvidia-smi topo -m} matrix.
 *
 * @param label the row label: {@code GPU0}, {@code NIC0}, or a device name in older drivers
 * @param kind GPU or NIC
 * @param deviceName for a NIC, its RDMA device from the NIC legend ({@code mlx5_0}, {@code
 *     rdmap16s27}); for a GPU, the label
 * @param cpuAffinity the {@code CPU Affinity} column, such as {@code 0-47,96-143}
 * @param numaAffinity the {@code NUMA Affinity} column
 * @param gpuNumaId the {@code GPU NUMA ID} column (newer drivers; {@code N/A} on most hosts)
 */
public record TopologyDevice(
    String label,
    Kind kind,
    String deviceName,
    Optional<String> cpuAffinity,
    Optional<String> numaAffinity,
    Optional<String> gpuNumaId) {

  /** What a matrix row describes. */
  public enum Kind {
    GPU,
    NIC
  }

  public TopologyDevice {
    Objects.requireNonNull(label, "label");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(deviceName, "deviceName");
    Objects.requireNonNull(cpuAffinity, "cpuAffinity");
    Objects.requireNonNull(numaAffinity, "numaAffinity");
    Objects.requireNonNull(gpuNumaId, "gpuNumaId");
  }
}
