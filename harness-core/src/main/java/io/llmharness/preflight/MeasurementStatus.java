package io.llmharness.preflight;

import java.util.Locale;

/** How a measurement ended. A failed measurement has no number, never a zero. */
public enum MeasurementStatus {
  /** The tool ran and its output was parsed into a positive rate. */
  OK,
  /** The tool could not run, failed, or its output held no usable result; see the error. */
  FAILED,
  /** The measurement was turned off by configuration. */
  SKIPPED;

  /** The name used in JSON: {@code ok}, {@code failed}, {@code skipped}. */
  public String jsonName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
