package io.llmharness.proxy.testing;

/** Reads one series from the Prometheus text format. */
public final class Prometheus {
  private Prometheus() {}

  /**
   * The value of the line whose series (name and labels, as written) starts with {@code series};
   * labels given in {@code series} must be a prefix of the written label set. 0 when absent.
   */
  public static double value(String text, String series) {
    for (String line : text.split("\n")) {
      if (line.startsWith("#")) {
        continue;
      }
      int space = line.lastIndexOf(' ');
      if (space < 0) {
        continue;
      }
      String name = line.substring(0, space);
      if (matches(name, series)) {
        return Double.parseDouble(line.substring(space + 1));
      }
    }
    return 0;
  }

  private static boolean matches(String written, String wanted) {
    if (written.equals(wanted)) {
      return true;
    }
    if (!wanted.endsWith("}")) {
      return written.startsWith(wanted + "{");
    }
    String prefix = wanted.substring(0, wanted.length() - 1);
    return written.startsWith(prefix) && written.endsWith("}");
  }
}
