package io.llmharness.preflight;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * An RDMA device as {@code ibv_devinfo -v} and {@code /sys/class/infiniband} describe it.
 *
 * @param name the device name ({@code rdmap16s27}, {@code efa_0}, {@code mlx5_0})
 * @param transport the {@code transport} line, such as {@code InfiniBand (0)} or {@code unspecified
 *     (4)} (EFA)
 * @param vendorId the PCI vendor ({@code 0x1d0f} Amazon, {@code 0x15b3}/{@code 0x02c9} Mellanox)
 * @param vendorPartId the vendor's part number
 * @param driver the kernel driver from sysfs ({@code efa}, {@code mlx5_core})
 * @param ports the device's ports
 */
public record RdmaDevice(
    String name,
    Optional<String> transport,
    Optional<String> vendorId,
    Optional<String> vendorPartId,
    Optional<String> driver,
    List<Port> ports) {

  /** The kind of device, from its vendor, driver or name. */
  public enum Kind {
    EFA,
    MLX5,
    OTHER
  }

  /**
   * A port of the device.
   *
   * @param number the port number, from 1
   * @param state the port state, such as {@code PORT_ACTIVE (4)} or {@code 4: ACTIVE}
   * @param activeMtu the active MTU, such as {@code 4096 (5)}
   * @param linkLayer {@code InfiniBand}, {@code Ethernet}, {@code Unspecified} (EFA)
   */
  public record Port(
      int number, String state, Optional<String> activeMtu, Optional<String> linkLayer) {

    public Port {
      Objects.requireNonNull(state, "state");
      Objects.requireNonNull(activeMtu, "activeMtu");
      Objects.requireNonNull(linkLayer, "linkLayer");
    }

    /** True when the port state is ACTIVE. */
    public boolean active() {
      return state.toUpperCase(Locale.ROOT).contains("ACTIVE");
    }
  }

  public RdmaDevice {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(transport, "transport");
    Objects.requireNonNull(vendorId, "vendorId");
    Objects.requireNonNull(vendorPartId, "vendorPartId");
    Objects.requireNonNull(driver, "driver");
    ports = List.copyOf(ports);
  }

  /** EFA when the vendor is Amazon, the driver is {@code efa} or the name says so. */
  public Kind kind() {
    String vendor = vendorId.orElse("").toLowerCase(Locale.ROOT);
    String drv = driver.orElse("");
    if (vendor.equals("0x1d0f")
        || drv.equals("efa")
        || name.startsWith("efa")
        || name.startsWith("rdmap")) {
      return Kind.EFA;
    }
    if (vendor.equals("0x15b3")
        || vendor.equals("0x02c9")
        || drv.startsWith("mlx5")
        || name.startsWith("mlx5")) {
      return Kind.MLX5;
    }
    return Kind.OTHER;
  }

  /** True when at least one port is ACTIVE. */
  public boolean active() {
    return ports.stream().anyMatch(Port::active);
  }
}
