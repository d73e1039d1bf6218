package io.llmharness.stats;

import io.llmharness.stats.internal.SplitMix64;
import java.util.Objects;
import java.util.Optional;

/**
 * Finds a temporal change point: the split of a series into a prefix and a suffix that most reduces
 * the within-segment sum of squares (equivalently, maximises {@code K(n−K)/n · (mean1 − mean2)²}),
 * and its significance by a seeded permutation test of that maximum. This turns "the first K
 * requests were slow" into {@link ChangePoint#warmupAdvice advice}.
 *
 * <p>Deterministic for given options. Thread-safe.
 *
 * @since 0.1.0
 */
public final class ChangePoints {
  private ChangePoints() {}

  /**
   * Detects the change point of {@code series} (values in request order). Empty when the series is
   * shorter than {@code 2 * minSegment} or constant.
   *
   * @throws IllegalArgumentException if a value is NaN or infinite
   */
  public static Optional<ChangePoint> detect(double[] series, ChangePointOptions options) {
    Objects.requireNonNull(options, "options");
    int n = series.length;
    for (int i = 0; i < n; i++) {
      if (!Double.isFinite(series[i])) {
        throw new IllegalArgumentException(
            "A change point needs finite values, but value [" + i + "] is " + series[i] + ".");
      }
    }
    int minSegment = options.minSegment();
    if (n < Math.max(2, 2 * minSegment)) {
      return Optional.empty();
    }
    double mean = 0;
    for (double v : series) {
      mean += v;
    }
    mean /= n;
    double[] centered = new double[n];
    double total = 0;
    for (int i = 0; i < n; i++) {
      centered[i] = series[i] - mean;
      total += centered[i] * centered[i];
    }
    if (total <= 0) {
      return Optional.empty();
    }
    int best = bestSplit(centered, minSegment);
    double observed = between(centered, best);
    double before = prefixSum(centered, best) / best + mean;
    double after = -prefixSum(centered, best) / (n - best) + mean;

    SplitMix64 random = new SplitMix64(options.seed());
    double[] shuffled = centered.clone();
    double tolerance = 1e-12 * observed;
    int atLeast = 0;
    for (int p = 0; p < options.permutations(); p++) {
      for (int i = n - 1; i > 0; i--) {
        int j = random.nextInt(i + 1);
        double t = shuffled[i];
        shuffled[i] = shuffled[j];
        shuffled[j] = t;
      }
      if (between(shuffled, bestSplit(shuffled, minSegment)) >= observed - tolerance) {
        atLeast++;
      }
    }
    double pValue = (1.0 + atLeast) / (options.permutations() + 1.0);
    return Optional.of(
        new ChangePoint(
            n,
            best,
            before,
            after,
            Math.min(1, observed / total),
            pValue,
            options.permutations(),
            options.alpha()));
  }

  /** The K in [minSegment, n − minSegment] maximising the between-segment sum of squares. */
  private static int bestSplit(double[] centered, int minSegment) {
    int n = centered.length;
    double sum = 0;
    for (int k = 0; k < minSegment - 1; k++) {
      sum += centered[k];
    }
    int best = minSegment;
    double bestValue = -1;
    for (int k = minSegment; k <= n - minSegment; k++) {
      sum += centered[k - 1];
      // Data sum to zero, so the second segment's sum is -sum.
      double value = sum * sum * n / ((double) k * (n - k));
      if (value > bestValue) {
        bestValue = value;
        best = k;
      }
    }
    return best;
  }

  /** Between-segment sum of squares of the split after {@code k} values of zero-mean data. */
  private static double between(double[] centered, int k) {
    int n = centered.length;
    double sum = prefixSum(centered, k);
    return sum * sum * n / ((double) k * (n - k));
  }

  private static double prefixSum(double[] values, int k) {
    double sum = 0;
    for (int i = 0; i < k; i++) {
      sum += values[i];
    }
    return sum;
  }
}
