package io.llmharness.preflight;

import java.util.List;
import java.util.Objects;

/**
 * The NIC nearest to a GPU.
 *
 * @param gpu the GPU label, such as {@code GPU0}
 * @param nic the NIC label of the first nearest NIC, such as {@code NIC0}
 * @param nicDevice its RDMA device name, such as {@code mlx5_0} or {@code rdmap79s0}
 * @param link the path between them
 * @param equallyNearDevices every RDMA device at that same distance (on AWS p5 four EFA devices
 *     share each GPU's PCIe switch)
 */
public record GpuNicPath(
    String gpu, String nic, String nicDevice, PciLink link, List<String> equallyNearDevices) {

  public GpuNicPath {
    Objects.requireNonNull(gpu, "gpu");
    Objects.requireNonNull(nic, "nic");
    Objects.requireNonNull(nicDevice, "nicDevice");
    Objects.requireNonNull(link, "link");
    equallyNearDevices = List.copyOf(equallyNearDevices);
  }
}
