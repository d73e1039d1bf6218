package io.llmharness.stats.internal;

import java.util.Arrays;

/**
 * Maximum-likelihood fits of one Gaussian and of a two-component Gaussian mixture to univariate
 * data, the mixture by expectation–maximisation from two deterministic starts (the best two-means
 * split of the sorted data, and the quartiles), keeping the better likelihood. Component standard
 * deviations are floored at {@value #SD_FLOOR_FRACTION} of the overall one so that no component can
 * collapse onto a few tied values.
 */
public final class GaussianMixture {
  private static final double SD_FLOOR_FRACTION = 1e-3;
  private static final int MAX_ITERATIONS = 500;
  private static final double TOLERANCE = 1e-9;
  private static final double LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);

  private GaussianMixture() {}

  /**
   * One fitted component.
   *
   * @param weight mixing weight
   * @param mean component mean
   * @param sd component standard deviation
   */
  public record Component(double weight, double mean, double sd) {}

  /**
   * Both fits.
   *
   * @param single the one-component fit (weight 1)
   * @param singleLogLikelihood its log-likelihood
   * @param first the mixture component with the smaller mean
   * @param second the mixture component with the larger mean
   * @param mixtureLogLikelihood the mixture's log-likelihood
   * @param iterations EM iterations of the retained start
   */
  public record Fit(
      Component single,
      double singleLogLikelihood,
      Component first,
      Component second,
      double mixtureLogLikelihood,
      int iterations) {

    /** BIC(one) − BIC(two): positive values favour two components (2 vs 5 parameters). */
    public double deltaBic(int n) {
      return 2 * (mixtureLogLikelihood - singleLogLikelihood) - 3 * Math.log(n);
    }

    /** Ashman's D: {@code sqrt(2) |mean1 − mean2| / sqrt(sd1² + sd2²)}. */
    public double separation() {
      return Math.sqrt(2) * Math.abs(second.mean - first.mean) / Math.hypot(first.sd, second.sd);
    }
  }

  /** Fits both models to {@code data} (at least 4 values, not all equal). */
  public static Fit fit(double[] data) {
    double[] x = data.clone();
    Arrays.sort(x);
    int n = x.length;
    double mean = Arrays.stream(x).sum() / n;
    double ss = 0;
    for (double v : x) {
      ss += (v - mean) * (v - mean);
    }
    double sd = Math.sqrt(ss / n);
    double floor = SD_FLOOR_FRACTION * sd;
    Component single = new Component(1, mean, sd);
    double singleLl = 0;
    for (double v : x) {
      singleLl += logDensity(v, mean, sd);
    }

    Fit best = null;
    for (double[] start : new double[][] {twoMeansStart(x, floor), quartileStart(x, sd)}) {
      Fit candidate = em(x, start, floor, single, singleLl);
      if (best == null || candidate.mixtureLogLikelihood > best.mixtureLogLikelihood) {
        best = candidate;
      }
    }
    return best;
  }

  /** Start {weight1, mean1, sd1, mean2, sd2} from the split of sorted data with least within-SS. */
  private static double[] twoMeansStart(double[] x, double floor) {
    int n = x.length;
    double[] prefix = new double[n + 1];
    double[] prefixSq = new double[n + 1];
    double shift = x[n / 2];
    for (int i = 0; i < n; i++) {
      double v = x[i] - shift;
      prefix[i + 1] = prefix[i] + v;
      prefixSq[i + 1] = prefixSq[i] + v * v;
    }
    int bestK = n / 2;
    double bestWithin = Double.POSITIVE_INFINITY;
    for (int k = 2; k <= n - 2; k++) {
      double left = prefixSq[k] - prefix[k] * prefix[k] / k;
      double rightSum = prefix[n] - prefix[k];
      double right = (prefixSq[n] - prefixSq[k]) - rightSum * rightSum / (n - k);
      if (left + right < bestWithin) {
        bestWithin = left + right;
        bestK = k;
      }
    }
    return moments(x, bestK, floor);
  }

  private static double[] moments(double[] x, int k, double floor) {
    double[] a = Arrays.copyOfRange(x, 0, k);
    double[] b = Arrays.copyOfRange(x, k, x.length);
    return new double[] {
      (double) k / x.length,
      meanOf(a),
      Math.max(sdOf(a), floor),
      meanOf(b),
      Math.max(sdOf(b), floor)
    };
  }

  private static double[] quartileStart(double[] x, double sd) {
    return new double[] {
      0.5, SortedQuantile.type7(x, 0.25), sd / 2, SortedQuantile.type7(x, 0.75), sd / 2
    };
  }

  private static Fit em(
      double[] x, double[] start, double floor, Component single, double singleLl) {
    int n = x.length;
    double w = start[0];
    double m1 = start[1];
    double s1 = start[2];
    double m2 = start[3];
    double s2 = start[4];
    double[] r = new double[n];
    double previous = Double.NEGATIVE_INFINITY;
    double ll = previous;
    int iteration = 0;
    while (iteration < MAX_ITERATIONS) {
      iteration++;
      ll = 0;
      for (int i = 0; i < n; i++) {
        double a = Math.log(w) + logDensity(x[i], m1, s1);
        double b = Math.log1p(-w) + logDensity(x[i], m2, s2);
        double top = Math.max(a, b);
        double total = top + Math.log(Math.exp(a - top) + Math.exp(b - top));
        r[i] = Math.exp(a - total);
        ll += total;
      }
      double r1 = 0;
      double sum1 = 0;
      double sum2 = 0;
      for (int i = 0; i < n; i++) {
        r1 += r[i];
        sum1 += r[i] * x[i];
        sum2 += (1 - r[i]) * x[i];
      }
      double r2 = n - r1;
      if (r1 < 1e-9 || r2 < 1e-9) {
        break;
      }
      m1 = sum1 / r1;
      m2 = sum2 / r2;
      double v1 = 0;
      double v2 = 0;
      for (int i = 0; i < n; i++) {
        v1 += r[i] * (x[i] - m1) * (x[i] - m1);
        v2 += (1 - r[i]) * (x[i] - m2) * (x[i] - m2);
      }
      s1 = Math.max(Math.sqrt(v1 / r1), floor);
      s2 = Math.max(Math.sqrt(v2 / r2), floor);
      w = Math.min(Math.max(r1 / n, 1e-12), 1 - 1e-12);
      if (Math.abs(ll - previous) <= TOLERANCE * Math.abs(ll)) {
        break;
      }
      previous = ll;
    }
    Component a = new Component(w, m1, s1);
    Component b = new Component(1 - w, m2, s2);
    return m1 <= m2
        ? new Fit(single, singleLl, a, b, ll, iteration)
        : new Fit(single, singleLl, b, a, ll, iteration);
  }

  private static double logDensity(double v, double mean, double sd) {
    double z = (v - mean) / sd;
    return -0.5 * z * z - Math.log(sd) - LOG_SQRT_2PI;
  }

  private static double meanOf(double[] v) {
    return Arrays.stream(v).sum() / v.length;
  }

  private static double sdOf(double[] v) {
    double m = meanOf(v);
    double ss = 0;
    for (double x : v) {
      ss += (x - m) * (x - m);
    }
    return Math.sqrt(ss / v.length);
  }
}
