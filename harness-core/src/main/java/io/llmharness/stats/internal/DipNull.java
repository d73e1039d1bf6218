package io.llmharness.stats.internal;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The null distribution of the dip, simulated from the uniform distribution (the least favourable
 * unimodal distribution, Hartigan and Hartigan 1985), and the Monte Carlo p-value against it.
 *
 * <p>Above {@link #MAX_SIMULATED_SIZE} values the simulation uses samples of that size and compares
 * {@code sqrt(n) * dip}, whose null distribution converges as n grows. Simulated distributions are
 * cached (a few, least recently used first out), since a run asks for the same sizes again and
 * again. Thread-safe.
 */
public final class DipNull {
  /** The largest sample size simulated directly. */
  public static final int MAX_SIMULATED_SIZE = 4000;

  private static final int CACHE_ENTRIES = 32;

  private static final Map<Key, double[]> CACHE =
      new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, double[]> eldest) {
          return size() > CACHE_ENTRIES;
        }
      };

  private record Key(int n, int simulations, long seed) {}

  private DipNull() {}

  /**
   * {@code (1 + #{simulated >= observed}) / (simulations + 1)} for the dip {@code observed} of
   * {@code n} values.
   */
  public static double pValue(double observed, int n, int simulations, long seed) {
    int size = Math.min(n, MAX_SIMULATED_SIZE);
    double[] scaled = distribution(size, simulations, seed);
    double target = observed * Math.sqrt(n) / Math.sqrt(size);
    // Count simulated values >= target, allowing for rounding in the rescaling.
    double tolerance = 1e-12 * Math.max(1, Math.abs(target));
    int firstAtLeast = lowerBound(scaled, target - tolerance);
    int atLeast = scaled.length - firstAtLeast;
    return (1.0 + atLeast) / (simulations + 1.0);
  }

  private static double[] distribution(int size, int simulations, long seed) {
    Key key = new Key(size, simulations, seed);
    synchronized (CACHE) {
      double[] cached = CACHE.get(key);
      if (cached != null) {
        return cached;
      }
    }
    SplitMix64 random = new SplitMix64(seed ^ (31L * size));
    double[] dips = new double[simulations];
    double[] sample = new double[size];
    for (int s = 0; s < simulations; s++) {
      for (int i = 0; i < size; i++) {
        sample[i] = random.nextDouble();
      }
      Arrays.sort(sample);
      dips[s] = Dip.of(sample).statistic();
    }
    Arrays.sort(dips);
    synchronized (CACHE) {
      CACHE.put(key, dips);
    }
    return dips;
  }

  private static int lowerBound(double[] sorted, double value) {
    int lo = 0;
    int hi = sorted.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (sorted[mid] < value) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }
}
