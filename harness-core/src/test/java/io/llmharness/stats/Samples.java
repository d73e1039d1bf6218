package io.llmharness.stats;

/** Fixed samples shared by the tests, with their provenance. */
final class Samples {
  /**
   * 101 log-normal values (median 1000, sigma 0.4), rounded to 3 decimals: numpy 2.4 {@code
   * np.random.default_rng(7).lognormal(np.log(1000), 0.4, 101).round(3)}. numpy gives mean
   * 989.9733168316834, sample stdev 346.74856732349826, and percentiles [50, 90, 95, 99] = [952.84,
   * 1432.621, 1653.354, 1839.349].
   */
  static final double[] LOGNORMAL_101 = {
    1000.492, 1126.931, 896.143, 700.307, 833.711, 672.564, 1024.349, 1709.304, 821.287, 780.212,
    1216.45, 1153.447, 1043.067, 689.225, 988.367, 1320.646, 584.098, 832.73, 467.438, 597.014,
    478.694, 910.25, 602.313, 1114.611, 1064.708, 927.955, 365.421, 806.157, 980.787, 1046.366,
    542.236, 826.049, 676.104, 723.587, 1528.611, 723.964, 987.076, 1424.408, 791.805, 956.303,
    1045.176, 1025.841, 612.613, 1030.925, 1722.074, 538.559, 1410.23, 1048.9, 773.687, 2225.912,
    1356.495, 618.959, 1030.255, 1259.451, 927.268, 1314.116, 973.744, 1305.909, 1777.858, 763.177,
    1084.648, 830.836, 1052.225, 621.961, 793.168, 924.522, 1432.621, 1581.049, 588.952, 727.707,
    1295.325, 450.693, 830.882, 961.833, 1653.354, 1317.534, 877.318, 862.923, 904.767, 1839.349,
    842.645, 885.616, 1151.466, 952.84, 924.12, 640.423, 995.402, 837.418, 1594.326, 1298.533,
    990.389, 1306.501, 872.888, 1523.257, 997.843, 1262.827, 596.69, 1148.747, 509.013, 443.024,
    885.334
  };

  private Samples() {}

  /** {@code n} draws from N(mean, sd²) with {@link java.util.Random} (fully specified, seeded). */
  static double[] normal(long seed, int n, double mean, double sd) {
    java.util.Random random = new java.util.Random(seed);
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = mean + sd * random.nextGaussian();
    }
    return v;
  }

  /** {@code n} log-normal draws with the given median and log-scale sigma. */
  static double[] lognormal(long seed, int n, double median, double sigma) {
    java.util.Random random = new java.util.Random(seed);
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = median * Math.exp(sigma * random.nextGaussian());
    }
    return v;
  }

  /**
   * {@code n} draws from the mixture {@code weight N(mean1, sd1²) + (1 − weight) N(mean2, sd2²)},
   * each draw picking its component at random.
   */
  static double[] mixture(
      long seed, int n, double weight, double mean1, double sd1, double mean2, double sd2) {
    java.util.Random random = new java.util.Random(seed);
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      boolean first = random.nextDouble() < weight;
      v[i] = first ? mean1 + sd1 * random.nextGaussian() : mean2 + sd2 * random.nextGaussian();
    }
    return v;
  }
}
