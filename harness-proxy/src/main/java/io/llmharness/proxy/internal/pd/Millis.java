package io.llmharness.proxy.internal.pd;

import java.util.Locale;

/** Durations as the proxy reports them: milliseconds with two decimals. */
public final class Millis {
  private Millis() {}

  /** {@code nanos} as milliseconds, {@code %.2f} in {@link Locale#ROOT}; negatives become 0.00. */
  public static String format(long nanos) {
    return String.format(Locale.ROOT, "%.2f", Math.max(0L, nanos) / 1e6);
  }

  /** The SSE comment line {@code : key=<ms>} followed by a blank line. */
  public static String comment(String key, long nanos) {
    return ": " + key + "=" + format(nanos) + "\n\n";
  }
}
