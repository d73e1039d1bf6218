package io.llmharness.stats.internal;

/** Type-7 quantiles of data that is already sorted (no copy, no checks). */
public final class SortedQuantile {
  private SortedQuantile() {}

  /** The type-7 quantile of ascending {@code sorted} (non-empty) at probability {@code p}. */
  public static double type7(double[] sorted, double p) {
    double h = (sorted.length - 1) * p;
    int lo = (int) Math.floor(h);
    if (lo >= sorted.length - 1) {
      return sorted[sorted.length - 1];
    }
    return sorted[lo] + (h - lo) * (sorted[lo + 1] - sorted[lo]);
  }
}
