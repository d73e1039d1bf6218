package io.llmharness.preflight.internal;

import java.util.Locale;

/**
 * The size and count notation of libfabric's fabtests and {@code fi_pingpong} tables.
 *
 * <p>Sizes ({@code bytes}, {@code total}) use binary units with one truncated decimal below 10:
 * {@code 64}, {@code 1k} = 1024, {@code 1.5k} = 1536, {@code 16m} = 16 MiB, {@code 3.1g}. Counts
 * ({@code iters}, {@code #sent}, {@code #ack}) use decimal units: {@code 1k} = 1000, and {@code
 * #ack} carries a leading {@code =}, {@code +} or {@code -}. This mirrors {@code size_str} and
 * {@code cnt_str} in fabtests' {@code common/shared.c} and libfabric's {@code util/pingpong.c}.
 */
public final class FabricSizes {

  private FabricSizes() {}

  /** Formats a byte size as the tools print it in the {@code bytes} column. */
  public static String format(long bytes) {
    long base;
    String unit;
    if (bytes >= 1L << 30) {
      base = 1L << 30;
      unit = "g";
    } else if (bytes >= 1L << 20) {
      base = 1L << 20;
      unit = "m";
    } else if (bytes >= 1L << 10) {
      base = 1L << 10;
      unit = "k";
    } else {
      base = 1;
      unit = "";
    }
    long whole = bytes / base;
    long fraction = whole < 10 ? (bytes % base) * 10 / base : 0;
    return fraction != 0 ? whole + "." + fraction + unit : whole + unit;
  }

  /**
   * Parses a printed size into bytes (a lower bound when the printed value was truncated).
   *
   * @throws NumberFormatException naming the value when it is not a size
   */
  public static long parseSize(String text) {
    return Math.round(parse(text, 1024));
  }

  /**
   * Parses a printed count ({@code 100}, {@code 1k}, {@code =1k}).
   *
   * @throws NumberFormatException naming the value when it is not a count
   */
  public static long parseCount(String text) {
    String t =
        text.startsWith("=") || text.startsWith("+") || text.startsWith("-")
            ? text.substring(1)
            : text;
    return Math.round(parse(t, 1000));
  }

  private static double parse(String text, long step) {
    String t = text.strip().toLowerCase(Locale.ROOT);
    if (t.isEmpty()) {
      throw new NumberFormatException("empty size or count");
    }
    double multiplier = 1;
    char last = t.charAt(t.length() - 1);
    switch (last) {
      case 'k' -> multiplier = step;
      case 'm' -> multiplier = (double) step * step;
      case 'g', 'b' -> multiplier = (double) step * step * step;
      default -> {
        // plain number
      }
    }
    String number = multiplier == 1 ? t : t.substring(0, t.length() - 1);
    try {
      return Double.parseDouble(number) * multiplier;
    } catch (NumberFormatException e) {
      throw new NumberFormatException("'" + text + "' is not a fabtests size or count");
    }
  }
}
