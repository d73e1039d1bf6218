package io.llmharness.proxy.internal.metrics;

import java.math.BigDecimal;

/** Number formatting of the Prometheus text format. */
final class PromText {
  private PromText() {}

  static String number(double v) {
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return Long.toString((long) v) + ".0";
    }
    return new BigDecimal(Double.toString(v)).stripTrailingZeros().toPlainString();
  }
}
