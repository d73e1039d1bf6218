package io.llmharness.emulator.internal.metrics;

import java.math.BigDecimal;

/** Number formatting as Python's prometheus_client writes it ({@code 1.0}, {@code 0.001}). */
final class PromText {
  private PromText() {}

  static String number(double v) {
    if (Double.isNaN(v)) {
      return "NaN";
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "+Inf" : "-Inf";
    }
    if (v == Math.rint(v) && Math.abs(v) < 1e16) {
      return (long) v + ".0";
    }
    double abs = Math.abs(v);
    if (abs >= 1e-4 && abs < 1e16) {
      return new BigDecimal(Double.toString(v)).toPlainString();
    }
    return Double.toString(v).replace("E", "e");
  }

  static String escape(String labelValue) {
    return labelValue.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
  }
}
