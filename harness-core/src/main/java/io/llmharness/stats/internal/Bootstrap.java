package io.llmharness.stats.internal;

import io.llmharness.stats.BootstrapIntervals;
import io.llmharness.stats.BootstrapIntervals.Resampling;
import io.llmharness.stats.BootstrapOptions;
import io.llmharness.stats.ConfidenceInterval;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Seeded percentile bootstrap for the mean, the type-7 median and the type-7 99th percentile of a
 * sample, and for the differences of the medians and of the means of two independent samples.
 *
 * <p>A resample is represented by how many times each unit (value or group) was drawn, so no
 * resample is ever materialised or sorted: the data is sorted once; a resample's mean comes from
 * per-unit sums, and its quantiles from a walk over the sorted data from the nearer end. The
 * statistics of a resample are exactly those of the multiset it describes.
 */
public final class Bootstrap {
  private static final double P50 = 0.50;
  private static final double P99 = 0.99;

  /** The sorted data, the group of each sorted value, and the size of each group. */
  private final double[] sorted;

  private final int[] groupOfSorted;
  private final int[] groupSize;

  private Bootstrap(double[] sorted, int[] groupOfSorted, int[] groupSize) {
    this.sorted = sorted;
    this.groupOfSorted = groupOfSorted;
    this.groupSize = groupSize;
  }

  /** Intervals when every value is an independent draw (at least two values). */
  public static BootstrapIntervals ofValues(double[] values, BootstrapOptions options) {
    return values(values).run(options, Resampling.VALUES);
  }

  /**
   * Intervals for the differences {@code a - b} of the medians and of the means of two independent
   * samples (at least one value each). Each resample draws {@code a.length} values of {@code a}
   * and, independently, {@code b.length} values of {@code b}, both with replacement: {@code a} with
   * the generator seeded by {@code options.seed()}, {@code b} with the one seeded by that
   * generator's first output. The bounds are the type-7 quantiles of the resampled differences.
   */
  public static DifferenceIntervals ofDifference(double[] a, double[] b, BootstrapOptions options) {
    int resamples = options.resamples();
    Estimates first = values(a).estimates(options.seed(), resamples);
    Estimates second = values(b).estimates(new SplitMix64(options.seed()).nextLong(), resamples);
    double[] medians = new double[resamples];
    double[] means = new double[resamples];
    for (int i = 0; i < resamples; i++) {
      medians[i] = first.medians()[i] - second.medians()[i];
      means[i] = first.means()[i] - second.means()[i];
    }
    double alpha = 1 - options.confidenceLevel();
    return new DifferenceIntervals(interval(medians, alpha), interval(means, alpha));
  }

  /**
   * The intervals of a difference of two samples.
   *
   * @param median interval for the difference of the type-7 medians
   * @param mean interval for the difference of the means
   */
  public record DifferenceIntervals(ConfidenceInterval median, ConfidenceInterval mean) {}

  /** The statistics of every resample, in resample order. */
  private record Estimates(double[] means, double[] medians, double[] p99s) {}

  private static Bootstrap values(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int[] identity = IntStream.range(0, sorted.length).toArray();
    int[] ones = new int[sorted.length];
    Arrays.fill(ones, 1);
    return new Bootstrap(sorted, identity, ones);
  }

  /** Intervals for the pooled values when whole groups are the independent draws. */
  public static BootstrapIntervals ofGroups(List<double[]> groups, BootstrapOptions options) {
    int total = groups.stream().mapToInt(g -> g.length).sum();
    double[] values = new double[total];
    int[] groupOf = new int[total];
    int[] sizes = new int[groups.size()];
    int k = 0;
    for (int g = 0; g < groups.size(); g++) {
      sizes[g] = groups.get(g).length;
      for (double v : groups.get(g)) {
        values[k] = v;
        groupOf[k++] = g;
      }
    }
    Integer[] order = new Integer[total];
    for (int i = 0; i < total; i++) {
      order[i] = i;
    }
    Arrays.sort(order, Comparator.comparingDouble(i -> values[i]));
    double[] sorted = new double[total];
    int[] groupOfSorted = new int[total];
    for (int i = 0; i < total; i++) {
      sorted[i] = values[order[i]];
      groupOfSorted[i] = groupOf[order[i]];
    }
    return new Bootstrap(sorted, groupOfSorted, sizes).run(options, Resampling.GROUPS);
  }

  private BootstrapIntervals run(BootstrapOptions options, Resampling resampling) {
    Estimates estimates = estimates(options.seed(), options.resamples());
    double alpha = 1 - options.confidenceLevel();
    return new BootstrapIntervals(
        options,
        resampling,
        interval(estimates.means(), alpha),
        interval(estimates.medians(), alpha),
        interval(estimates.p99s(), alpha));
  }

  private Estimates estimates(long seed, int resamples) {
    int units = groupSize.length;
    double[] groupSum = new double[units];
    for (int k = 0; k < sorted.length; k++) {
      groupSum[groupOfSorted[k]] += sorted[k];
    }
    SplitMix64 random = new SplitMix64(seed);
    int[] draws = new int[units];
    double[] means = new double[resamples];
    double[] medians = new double[resamples];
    double[] p99s = new double[resamples];
    for (int b = 0; b < resamples; b++) {
      Arrays.fill(draws, 0);
      for (int i = 0; i < units; i++) {
        draws[random.nextInt(units)]++;
      }
      long size = 0;
      double sum = 0;
      for (int g = 0; g < units; g++) {
        size += (long) draws[g] * groupSize[g];
        sum += draws[g] * groupSum[g];
      }
      means[b] = sum / size;
      medians[b] = quantile(draws, size, P50);
      p99s[b] = quantile(draws, size, P99);
    }
    return new Estimates(means, medians, p99s);
  }

  /**
   * The type-7 quantile at {@code p} of the resample in which each value of group g occurs {@code
   * draws[g]} times ({@code size} values in all). Walks the sorted data once, from whichever end is
   * nearer to the quantile, so the median costs half a pass and p99 a hundredth.
   */
  private double quantile(int[] draws, long size, double p) {
    double h = (size - 1) * p;
    long lo = (long) Math.floor(h);
    long hi = Math.min(lo + 1, size - 1);
    double low;
    double high;
    if (p <= 0.5) {
      long seen = 0;
      int k = 0;
      while (seen <= lo) {
        seen += draws[groupOfSorted[k++]];
      }
      low = sorted[k - 1];
      while (seen <= hi) {
        seen += draws[groupOfSorted[k++]];
      }
      high = sorted[k - 1];
    } else {
      // Ranks counted from the largest value: hi is nearer to the top than lo.
      long seen = 0;
      int k = sorted.length;
      while (seen <= size - 1 - hi) {
        seen += draws[groupOfSorted[--k]];
      }
      high = sorted[k];
      while (seen <= size - 1 - lo) {
        seen += draws[groupOfSorted[--k]];
      }
      low = sorted[k];
    }
    return low + (h - lo) * (high - low);
  }

  private static ConfidenceInterval interval(double[] estimates, double alpha) {
    Arrays.sort(estimates);
    return new ConfidenceInterval(
        SortedQuantile.type7(estimates, alpha / 2), SortedQuantile.type7(estimates, 1 - alpha / 2));
  }
}
