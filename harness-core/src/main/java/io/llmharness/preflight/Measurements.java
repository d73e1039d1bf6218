package io.llmharness.preflight;

import java.util.Optional;
import java.util.OptionalDouble;

/** The rule every {@link Measurement} keeps: ok with a positive rate, otherwise with an error. */
final class Measurements {

  private Measurements() {}

  /**
   * Refuses an ok measurement without a positive rate, and a failed or skipped one without an
   * error.
   *
   * @param kind {@code TCP} or {@code RDMA}, for the message
   * @param rateName what the rate is called in the message
   */
  static void requireConsistent(
      String kind,
      MeasurementStatus status,
      String rateName,
      OptionalDouble rate,
      Optional<String> error) {
    if (status == MeasurementStatus.OK && (rate.isEmpty() || !(rate.getAsDouble() > 0))) {
      throw new IllegalArgumentException(
          "an ok " + kind + " measurement needs a positive " + rateName + ", not " + rate);
    }
    if (status != MeasurementStatus.OK && error.isEmpty()) {
      throw new IllegalArgumentException(
          "a " + status.jsonName() + " " + kind + " measurement needs an error");
    }
  }
}
