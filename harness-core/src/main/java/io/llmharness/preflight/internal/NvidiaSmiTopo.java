package io.llmharness.preflight.internal;

import io.llmharness.preflight.GpuTopology;
import io.llmharness.preflight.TopologyDevice;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses {@code nvidia-smi topo -m}.
 *
 * <p>The header lists the device columns ({@code GPU0 … NIC0 …}, or RDMA device names such as
 * {@code mlx5_0} with older drivers) followed by the affinity columns {@code CPU Affinity}, {@code
 * NUMA Affinity} and (newer drivers) {@code GPU NUMA ID}. Each GPU row has one cell per device
 * column, then its affinities; NIC rows have device cells only. A {@code NIC Legend} section maps
 * {@code NICn} to the RDMA device name. Separators are tabs in the tool's output but often spaces
 * in copies, and a terminal adds underline escape codes to the header: both are accepted.
 */
public final class NvidiaSmiTopo {

  private static final Pattern ANSI = Pattern.compile("\u001B\\[[0-9;]*m");
  private static final Pattern GPU = Pattern.compile("GPU\\d+");
  private static final Pattern LEGEND_ENTRY = Pattern.compile("^\\s*(NIC\\d+)\\s*:\\s*(\\S+)\\s*$");
  private static final List<String> AFFINITY_COLUMNS =
      List.of("CPU Affinity", "NUMA Affinity", "GPU NUMA ID");

  /** Why the text is not a topology matrix. */
  public static final class TopologyException extends Exception {
    private static final long serialVersionUID = 1L;

    TopologyException(String message) {
      super(message);
    }
  }

  private NvidiaSmiTopo() {}

  /**
   * Parses the matrix and legend.
   *
   * @throws TopologyException when no header with a {@code GPU0} column is found
   */
  public static GpuTopology parse(String output) throws TopologyException {
    List<String> lines = output.lines().map(l -> ANSI.matcher(l).replaceAll("")).toList();
    int headerIndex = -1;
    for (int i = 0; i < lines.size(); i++) {
      if (splitHeader(lines.get(i)).contains("GPU0")) {
        headerIndex = i;
        break;
      }
    }
    if (headerIndex < 0) {
      throw new TopologyException(
          "no topology header with a GPU0 column in the nvidia-smi topo -m output");
    }
    List<String> header = splitHeader(lines.get(headerIndex));
    List<String> deviceColumns =
        header.stream().filter(c -> !AFFINITY_COLUMNS.contains(c)).toList();
    List<String> affinityColumns = header.stream().filter(AFFINITY_COLUMNS::contains).toList();
    Map<String, String> legend = parseLegend(lines);

    Map<String, Map<String, String>> links = new LinkedHashMap<>();
    Map<String, List<String>> affinities = new LinkedHashMap<>();
    for (int i = headerIndex + 1; i < lines.size(); i++) {
      String[] fields = lines.get(i).strip().split("\\s+");
      if (fields.length < 2 || !deviceColumns.contains(fields[0])) {
        break;
      }
      Map<String, String> row = new LinkedHashMap<>();
      for (int c = 0; c < deviceColumns.size() && c + 1 < fields.length; c++) {
        row.put(deviceColumns.get(c), fields[c + 1]);
      }
      links.put(fields[0], row);
      List<String> rest = new ArrayList<>();
      for (int f = deviceColumns.size() + 1; f < fields.length; f++) {
        rest.add(fields[f]);
      }
      affinities.put(fields[0], rest);
    }
    if (!links.containsKey("GPU0")) {
      throw new TopologyException("the topology matrix has a GPU0 column but no GPU0 row");
    }

    List<TopologyDevice> devices = new ArrayList<>();
    for (String column : deviceColumns) {
      boolean gpu = GPU.matcher(column).matches();
      List<String> values = affinities.getOrDefault(column, List.of());
      devices.add(
          new TopologyDevice(
              column,
              gpu ? TopologyDevice.Kind.GPU : TopologyDevice.Kind.NIC,
              gpu ? column : legend.getOrDefault(column, column),
              affinity(values, affinityColumns, "CPU Affinity"),
              affinity(values, affinityColumns, "NUMA Affinity"),
              affinity(values, affinityColumns, "GPU NUMA ID")));
    }
    return new GpuTopology(devices, links, legend);
  }

  private static Optional<String> affinity(List<String> values, List<String> columns, String name) {
    int index = columns.indexOf(name);
    return index >= 0 && index < values.size() ? Optional.of(values.get(index)) : Optional.empty();
  }

  /** Header columns, keeping the multi-word affinity columns whole. */
  private static List<String> splitHeader(String line) {
    String marked = line;
    for (String column : AFFINITY_COLUMNS) {
      marked = marked.replace(column, column.replace(' ', '\u0000'));
    }
    List<String> columns = new ArrayList<>();
    for (String token : marked.strip().split("\\s+")) {
      if (!token.isEmpty()) {
        columns.add(token.replace('\u0000', ' '));
      }
    }
    return columns;
  }

  private static Map<String, String> parseLegend(List<String> lines) {
    Map<String, String> legend = new LinkedHashMap<>();
    boolean inLegend = false;
    for (String line : lines) {
      if (line.strip().startsWith("NIC Legend")) {
        inLegend = true;
        continue;
      }
      if (inLegend) {
        Matcher m = LEGEND_ENTRY.matcher(line);
        if (m.matches()) {
          legend.put(m.group(1), m.group(2));
        } else if (!line.isBlank()) {
          inLegend = false;
        }
      }
    }
    return legend;
  }
}
