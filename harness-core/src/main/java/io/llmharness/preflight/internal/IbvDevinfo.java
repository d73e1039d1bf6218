package io.llmharness.preflight.internal;

import io.llmharness.preflight.RdmaDevice;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses {@code ibv_devinfo} and {@code ibv_devinfo -v}: one {@code hca_id:} block per device with
 * {@code key: value} lines, and one {@code port:} block per port. Continuation lines (the flag
 * lists of {@code -v}) carry no key and are skipped. Only identity and port fields are kept; the
 * capability counters are not RDMA-capability signals for EFA ({@code max_qp_rd_atom} is 0 on EFA
 * although RDMA read works), so they are never used.
 */
public final class IbvDevinfo {

  private static final Pattern KEY_VALUE =
      Pattern.compile("^\\s*([A-Za-z_][A-Za-z0-9_ ]*):\\s*(.*)$");

  private IbvDevinfo() {}

  /** The devices in the output; empty when it lists none (or is an error message). */
  public static List<RdmaDevice> parse(String output) {
    List<RdmaDevice> devices = new ArrayList<>();
    DeviceBuilder device = null;
    Map<String, String> port = null;
    for (String line : output.split("\\R")) {
      Matcher m = KEY_VALUE.matcher(line);
      if (!m.matches()) {
        continue;
      }
      String key = m.group(1).strip();
      String value = m.group(2).strip();
      if (key.equals("hca_id")) {
        if (device != null) {
          devices.add(device.build(port));
        }
        device = new DeviceBuilder(value);
        port = null;
      } else if (device != null && key.equals("port")) {
        device.addPort(port);
        port = new LinkedHashMap<>();
        port.put("port", value);
      } else if (device != null && port != null) {
        port.put(key, value);
      } else if (device != null) {
        device.fields.put(key, value);
      }
    }
    if (device != null) {
      devices.add(device.build(port));
    }
    return devices;
  }

  private static final class DeviceBuilder {
    private final String name;
    private final Map<String, String> fields = new LinkedHashMap<>();
    private final List<RdmaDevice.Port> ports = new ArrayList<>();

    DeviceBuilder(String name) {
      this.name = name;
    }

    void addPort(Map<String, String> port) {
      if (port == null) {
        return;
      }
      int number;
      try {
        number = Integer.parseInt(port.get("port").strip());
      } catch (NumberFormatException e) {
        return;
      }
      ports.add(
          new RdmaDevice.Port(
              number,
              port.getOrDefault("state", "unknown"),
              Optional.ofNullable(port.get("active_mtu")),
              Optional.ofNullable(port.get("link_layer"))));
    }

    RdmaDevice build(Map<String, String> lastPort) {
      addPort(lastPort);
      return new RdmaDevice(
          name,
          Optional.ofNullable(fields.get("transport")),
          Optional.ofNullable(fields.get("vendor_id")),
          Optional.ofNullable(fields.get("vendor_part_id")),
          Optional.empty(),
          ports);
    }
  }
}
