package io.llmharness.stats;

import java.util.Locale;
import java.util.Optional;

/**
 * The single split of a series (in request order) that most reduces the within-segment sum of
 * squares, with a permutation p-value.
 *
 * @param n the length of the series
 * @param index K: the number of values before the split (the first segment is values 0..K-1)
 * @param meanBefore mean of the first K values
 * @param meanAfter mean of the remaining values
 * @param explainedFraction the share of the total sum of squares removed by the split, {@code
 *     K(n−K)/n · (meanBefore − meanAfter)² / SST}, in [0, 1]
 * @param pValue {@code (1 + #{permuted series with a split explaining at least as much}) /
 *     (permutations + 1)}
 * @param permutations how many permutations were drawn
 * @param alpha the significance level
 * @since 0.1.0
 */
public record ChangePoint(
    int n,
    int index,
    double meanBefore,
    double meanAfter,
    double explainedFraction,
    double pValue,
    int permutations,
    double alpha) {

  public ChangePoint {
    if (index < 1 || index >= n) {
      throw new IllegalArgumentException(
          "A change point splits a series in two, so 1 <= index < n, but was ["
              + index
              + "] of ["
              + n
              + "].");
    }
  }

  /** True when the p-value is below alpha. */
  public boolean significant() {
    return pValue < alpha;
  }

  /** True when the first segment has the larger mean (for latencies: it was slower). */
  public boolean earlierSlower() {
    return meanBefore > meanAfter;
  }

  /**
   * When the change is significant and the first segment is the slower one, the advice {@code "the
   * first K measured requests were slower (mean X ms vs Y ms); raise warmup to at least W"} with
   * {@code W = currentWarmup + K}. The series must be latencies in milliseconds.
   *
   * @param currentWarmup the scenario's current number of warmup requests
   */
  public Optional<String> warmupAdvice(int currentWarmup) {
    if (!significant() || !earlierSlower()) {
      return Optional.empty();
    }
    return Optional.of(
        String.format(
            Locale.ROOT,
            "the first %d measured requests were slower (mean %.1f ms vs %.1f ms);"
                + " raise warmup to at least %d",
            index,
            meanBefore,
            meanAfter,
            currentWarmup + index));
  }
}
