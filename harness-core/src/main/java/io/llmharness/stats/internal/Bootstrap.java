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
 * Seeded percentile bootstrap for the mean, the type-7 median and the type-7 99th percentile.
 *
 * <p>A resample is represented by how many times each unit (value or group) was drawn, so no
 * resample is ever materialised or sorted: the data is sorted once, and each resample costs one
 * pass over it. The statistics of a resample are exactly those of the multiset it describes.
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
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int[] identity = IntStream.range(0, sorted.length).toArray();
    int[] ones = new int[sorted.length];
    Arrays.fill(ones, 1);
    return new Bootstrap(sorted, identity, ones).run(options, Resampling.VALUES);
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
    int units = groupSize.length;
    int resamples = options.resamples();
    SplitMix64 random = new SplitMix64(options.seed());
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
      for (int g = 0; g < units; g++) {
        size += (long) draws[g] * groupSize[g];
      }
      double h50 = (size - 1) * P50;
      double h99 = (size - 1) * P99;
      long r50 = (long) Math.floor(h50);
      long r99 = (long) Math.floor(h99);
      long[] ranks = {r50, Math.min(r50 + 1, size - 1), r99, Math.min(r99 + 1, size - 1)};
      double[] atRank = new double[ranks.length];
      double sum = 0;
      long seen = 0;
      int next = 0;
      for (int k = 0; k < sorted.length; k++) {
        int weight = draws[groupOfSorted[k]];
        if (weight == 0) {
          continue;
        }
        sum += weight * sorted[k];
        seen += weight;
        while (next < ranks.length && ranks[next] < seen) {
          atRank[next++] = sorted[k];
        }
      }
      means[b] = sum / size;
      medians[b] = atRank[0] + (h50 - r50) * (atRank[1] - atRank[0]);
      p99s[b] = atRank[2] + (h99 - r99) * (atRank[3] - atRank[2]);
    }
    double alpha = 1 - options.confidenceLevel();
    return new BootstrapIntervals(
        options,
        resampling,
        interval(means, alpha),
        interval(medians, alpha),
        interval(p99s, alpha));
  }

  private static ConfidenceInterval interval(double[] estimates, double alpha) {
    Arrays.sort(estimates);
    return new ConfidenceInterval(
        SortedQuantile.type7(estimates, alpha / 2), SortedQuantile.type7(estimates, 1 - alpha / 2));
  }
}
