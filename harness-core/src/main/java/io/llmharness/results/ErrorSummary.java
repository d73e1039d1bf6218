package io.llmharness.results;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * Failed measured requests: they are excluded from every latency statistic but counted here.
 *
 * @param measured measured requests sent
 * @param failed measured requests that failed
 * @param byCause failures by cause, in {@link ErrorCause} order
 * @since 0.1.0
 */
public record ErrorSummary(int measured, int failed, Map<ErrorCause, CauseSummary> byCause) {
  public ErrorSummary {
    if (failed < 0 || failed > measured) {
      throw new IllegalArgumentException(
          "failed must be in [0, measured], but was [" + failed + "] of [" + measured + "].");
    }
    byCause =
        Collections.unmodifiableMap(
            byCause.isEmpty() ? new EnumMap<>(ErrorCause.class) : new EnumMap<>(byCause));
  }

  /** Successful measured requests. */
  public int successful() {
    return measured - failed;
  }

  /** failed / measured, or 0 when nothing was measured. */
  public double errorRate() {
    return measured == 0 ? 0 : (double) failed / measured;
  }
}
