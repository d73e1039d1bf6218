package io.llmharness.preflight.internal;

import io.llmharness.preflight.RdmaDevice;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Reads {@code /sys/class/infiniband} through a portable shell script (so it works on every kind of
 * node) and merges what it finds with the {@code ibv_devinfo} view.
 *
 * <p>The script prints {@code missing=/sys/class/infiniband} when the class directory does not
 * exist, otherwise one {@code device=<name>} line per device followed by {@code
 * <name>.<attr>=value} and {@code <name>.port.<n>.<attr>=value} lines: {@code node_type}, {@code
 * vendor} (PCI vendor of {@code device/}), {@code driver} (the name {@code device/driver} links
 * to), {@code numa_node}, and per port {@code state}, {@code phys_state}, {@code link_layer},
 * {@code rate}.
 */
public final class SysfsInfiniband {

  /** The script; {@code sh -c} runs it. */
  public static final String SCRIPT =
      """
      d0=/sys/class/infiniband
      if [ ! -d "$d0" ]; then echo "missing=$d0"; exit 0; fi
      for d in "$d0"/*; do
        [ -e "$d" ] || continue
        n=${d##*/}
        echo "device=$n"
        for f in node_type fw_ver hw_rev; do [ -r "$d/$f" ] && echo "$n.$f=$(cat "$d/$f")"; done
        [ -r "$d/device/vendor" ] && echo "$n.vendor=$(cat "$d/device/vendor")"
        [ -r "$d/device/numa_node" ] && echo "$n.numa_node=$(cat "$d/device/numa_node")"
        [ -e "$d/device/driver" ] && echo "$n.driver=$(basename "$(readlink "$d/device/driver")")"
        for p in "$d"/ports/*; do
          [ -e "$p" ] || continue
          for f in state phys_state link_layer rate; do
            [ -r "$p/$f" ] && echo "$n.port.${p##*/}.$f=$(cat "$p/$f")"
          done
        done
      done
      exit 0
      """;

  /**
   * What the script found.
   *
   * @param classPresent false when {@code /sys/class/infiniband} does not exist (no RDMA support in
   *     the kernel, or none exposed to this namespace)
   * @param devices the devices, with their sysfs attributes
   */
  public record Result(boolean classPresent, List<RdmaDevice> devices) {
    public Result {
      devices = List.copyOf(devices);
    }
  }

  private SysfsInfiniband() {}

  /** Parses the script's output. */
  public static Result parse(String output) {
    boolean present = true;
    Map<String, Map<String, String>> attributes = new TreeMap<>();
    for (String line : output.split("\\R")) {
      int eq = line.indexOf('=');
      if (eq <= 0) {
        continue;
      }
      String key = line.substring(0, eq).strip();
      String value = line.substring(eq + 1).strip();
      if (key.equals("missing")) {
        present = false;
      } else if (key.equals("device")) {
        attributes.computeIfAbsent(value, k -> new TreeMap<>());
      } else {
        int dot = key.indexOf('.');
        if (dot > 0) {
          attributes
              .computeIfAbsent(key.substring(0, dot), k -> new TreeMap<>())
              .put(key.substring(dot + 1), value);
        }
      }
    }
    List<RdmaDevice> devices = new ArrayList<>();
    attributes.forEach((name, attrs) -> devices.add(device(name, attrs)));
    return new Result(present, devices);
  }

  private static RdmaDevice device(String name, Map<String, String> attrs) {
    Map<Integer, Map<String, String>> ports = new TreeMap<>();
    attrs.forEach(
        (key, value) -> {
          if (key.startsWith("port.")) {
            String[] parts = key.split("\\.", 3);
            if (parts.length == 3) {
              try {
                ports
                    .computeIfAbsent(Integer.parseInt(parts[1]), k -> new TreeMap<>())
                    .put(parts[2], value);
              } catch (NumberFormatException e) {
                // not a port number: ignored
              }
            }
          }
        });
    List<RdmaDevice.Port> portList = new ArrayList<>();
    ports.forEach(
        (number, p) ->
            portList.add(
                new RdmaDevice.Port(
                    number,
                    p.getOrDefault("state", "unknown"),
                    Optional.empty(),
                    Optional.ofNullable(p.get("link_layer")))));
    return new RdmaDevice(
        name,
        Optional.empty(),
        Optional.ofNullable(attrs.get("vendor")),
        Optional.empty(),
        Optional.ofNullable(attrs.get("driver")),
        portList);
  }

  /**
   * Merges the two views by device name: {@code ibv_devinfo} gives transport, part number and MTU;
   * sysfs adds the driver, and fills in devices {@code ibv_devinfo} could not list.
   */
  public static List<RdmaDevice> merge(List<RdmaDevice> fromIbv, List<RdmaDevice> fromSysfs) {
    Map<String, RdmaDevice> merged = new TreeMap<>();
    fromSysfs.forEach(d -> merged.put(d.name(), d));
    for (RdmaDevice ibv : fromIbv) {
      RdmaDevice sys = merged.get(ibv.name());
      merged.put(
          ibv.name(),
          sys == null
              ? ibv
              : new RdmaDevice(
                  ibv.name(),
                  ibv.transport(),
                  ibv.vendorId().or(sys::vendorId),
                  ibv.vendorPartId(),
                  sys.driver(),
                  ibv.ports().isEmpty() ? sys.ports() : ibv.ports()));
    }
    return List.copyOf(merged.values());
  }
}
