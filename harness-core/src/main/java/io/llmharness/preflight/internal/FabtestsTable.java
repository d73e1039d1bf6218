package io.llmharness.preflight.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Parses the result tables of libfabric's {@code fi_pingpong} and of fabtests benchmarks such as
 * {@code fi_rdm_bw} by column name, never by position: their headers differ ({@code bytes #sent
 * #ack total time MB/sec usec/xfer Mxfers/sec} for {@code fi_pingpong}, {@code bytes iters total
 * time MB/sec usec/xfer Mxfers/sec} for fabtests, with a leading {@code name} column in some
 * modes).
 */
public final class FabtestsTable {

  /** One data row, keyed by the header's column names. */
  public record Row(Map<String, String> cells) {

    public Row {
      cells = Map.copyOf(cells);
    }

    public String bytesText() {
      return cell("bytes");
    }

    /** The message size of the row in bytes. */
    public long bytes() {
      return FabricSizes.parseSize(cell("bytes"));
    }

    /** Messages per direction: {@code iters} (fabtests) or {@code #sent} ({@code fi_pingpong}). */
    public long iterations() {
      return FabricSizes.parseCount(cells.containsKey("iters") ? cell("iters") : cell("#sent"));
    }

    /** The {@code MB/sec} column: bytes per microsecond, i.e. 10^6 bytes per second. */
    public double megabytesPerSecond() {
      return Double.parseDouble(cell("MB/sec"));
    }

    /** The {@code MB/sec} column in gigabits per second (× 8 / 1000). */
    public double gigabitsPerSecond() {
      return megabytesPerSecond() * 8 / 1000;
    }

    /** The {@code usec/xfer} column: elapsed time divided by the number of transfers. */
    public double microsecondsPerTransfer() {
      return Double.parseDouble(cell("usec/xfer"));
    }

    /** The {@code time} column in seconds (printed with a trailing {@code s}). */
    public double seconds() {
      String t = cell("time");
      return Double.parseDouble(t.endsWith("s") ? t.substring(0, t.length() - 1) : t);
    }

    private String cell(String column) {
      String value = cells.get(column);
      if (value == null) {
        throw new IllegalStateException(
            "the table has no '" + column + "' column; columns are " + cells.keySet());
      }
      return value;
    }
  }

  private FabtestsTable() {}

  /**
   * Every data row of every table in {@code output}, in order. A table starts at a header line that
   * contains the columns {@code bytes} and {@code MB/sec}; its rows are the following lines with as
   * many fields as the header.
   */
  public static List<Row> parse(String output) {
    List<Row> rows = new ArrayList<>();
    List<String> header = null;
    for (String line : output.split("\\R")) {
      String[] fields = line.strip().split("\\s+");
      if (fields.length > 1
          && List.of(fields).contains("bytes")
          && List.of(fields).contains("MB/sec")) {
        header = List.of(fields);
        continue;
      }
      if (header != null && fields.length == header.size() && isDataRow(header, fields)) {
        Map<String, String> cells = new LinkedHashMap<>();
        for (int i = 0; i < fields.length; i++) {
          cells.put(header.get(i), fields[i]);
        }
        rows.add(new Row(cells));
      } else {
        header = null;
      }
    }
    return rows;
  }

  /** The first row whose {@code bytes} column shows {@code messageSize} as the tools print it. */
  public static Optional<Row> rowForSize(List<Row> rows, long messageSize) {
    String printed = FabricSizes.format(messageSize);
    return rows.stream().filter(r -> r.bytesText().equals(printed)).findFirst();
  }

  private static boolean isDataRow(List<String> header, String[] fields) {
    try {
      FabricSizes.parseSize(fields[header.indexOf("bytes")]);
      Double.parseDouble(fields[header.indexOf("MB/sec")]);
      return true;
    } catch (NumberFormatException e) {
      return false;
    }
  }
}
