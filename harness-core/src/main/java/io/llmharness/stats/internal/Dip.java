package io.llmharness.stats.internal;

/**
 * Hartigans' dip statistic: the largest distance between the empirical distribution function and
 * the closest unimodal distribution function. Implemented from the published algorithm (J. A.
 * Hartigan and P. M. Hartigan, "The Dip Test of Unimodality", Ann. Statist. 13 (1985) 70–84; P. M.
 * Hartigan, "Algorithm AS 217", Appl. Statist. 34 (1985) 320–325), with the correction of the
 * mirrored-data defect of the original Fortran noted by the R package {@code diptest}, and its
 * convention that the smallest possible dip is {@code 1/(2n)}.
 *
 * <p>The algorithm narrows a modal interval {@code [low, high]}: it takes the greatest convex
 * minorant (GCM) of the empirical distribution on the left and the least concave majorant (LCM) on
 * the right, finds where they are furthest apart, shrinks the interval to that place, and keeps the
 * largest departure of the empirical distribution from the two hulls outside the interval. Counts
 * are kept in units of {@code 1/n} and halved at the end. Indices below are 1-based, as in the
 * paper. Linear time after sorting.
 */
public final class Dip {
  private Dip() {}

  /**
   * The dip of ascending {@code sorted} data and its modal interval.
   *
   * @param statistic the dip, in [1/(2n), 1/4]
   * @param modalLow 0-based index of the lower end of the modal interval
   * @param modalHigh 0-based index of the upper end of the modal interval
   */
  public record Result(double statistic, int modalLow, int modalHigh) {}

  /** Computes the dip of {@code sorted} (ascending, at least one value). */
  public static Result of(double[] sorted) {
    int n = sorted.length;
    if (n < 2 || sorted[0] == sorted[n - 1]) {
      return new Result(1.0 / (2 * n), 0, n - 1);
    }
    double[] x = new double[n + 1];
    System.arraycopy(sorted, 0, x, 1, n);
    int[] convexPredecessor = convexPredecessors(x, n);
    int[] concaveSuccessor = concaveSuccessors(x, n);
    int[] gcm = new int[n + 2];
    int[] lcm = new int[n + 2];

    int low = 1;
    int high = n;
    double dip = 1;
    while (true) {
      int gcmLength = hull(gcm, high, low, convexPredecessor, true);
      int lcmLength = hull(lcm, low, high, concaveSuccessor, false);

      int bestGcm = gcmLength;
      int bestLcm = lcmLength;
      double widest;
      if (gcmLength != 2 || lcmLength != 2) {
        widest = 0;
        int ix = gcmLength - 1;
        int iv = 2;
        do {
          int g = gcm[ix];
          int l = lcm[iv];
          if (g > l) {
            // The next LCM vertex comes first: distance of the LCM vertex above the GCM segment.
            int g1 = gcm[ix + 1];
            double distance = (l - g1 + 1) - (x[l] - x[g1]) * (g - g1) / (x[g] - x[g1]);
            iv++;
            if (distance >= widest) {
              widest = distance;
              bestGcm = ix + 1;
              bestLcm = iv - 1;
            }
          } else {
            // The next GCM vertex comes first: distance of the LCM segment above the GCM vertex.
            int l1 = lcm[iv - 1];
            double distance = (x[g] - x[l1]) * (l - l1) / (x[l] - x[l1]) - (g - l1 - 1);
            ix--;
            if (distance >= widest) {
              widest = distance;
              bestGcm = ix + 1;
              bestLcm = iv;
            }
          }
          ix = Math.max(ix, 1);
          iv = Math.min(iv, lcmLength);
        } while (gcm[ix] != lcm[iv]);
      } else {
        widest = 1;
      }
      if (widest < dip) {
        break;
      }
      double outside =
          Math.max(
              gcmDeparture(x, gcm, bestGcm, gcmLength), lcmDeparture(x, lcm, bestLcm, lcmLength));
      dip = Math.max(dip, outside);
      if (low == gcm[bestGcm] && high == lcm[bestLcm]) {
        break;
      }
      low = gcm[bestGcm];
      high = lcm[bestLcm];
    }
    return new Result(dip / (2 * n), low - 1, high - 1);
  }

  /** For each point j, the previous vertex of the greatest convex minorant of points 1..j. */
  private static int[] convexPredecessors(double[] x, int n) {
    int[] mn = new int[n + 1];
    mn[1] = 1;
    for (int j = 2; j <= n; j++) {
      mn[j] = j - 1;
      while (true) {
        int a = mn[j];
        int b = mn[a];
        if (a == 1 || (x[j] - x[a]) * (a - b) < (x[a] - x[b]) * (j - a)) {
          break;
        }
        mn[j] = b;
      }
    }
    return mn;
  }

  /** For each point k, the next vertex of the least concave majorant of points k..n. */
  private static int[] concaveSuccessors(double[] x, int n) {
    int[] mj = new int[n + 1];
    mj[n] = n;
    for (int k = n - 1; k >= 1; k--) {
      mj[k] = k + 1;
      while (true) {
        int a = mj[k];
        int b = mj[a];
        if (a == n || (x[k] - x[a]) * (a - b) < (x[a] - x[b]) * (k - a)) {
          break;
        }
        mj[k] = b;
      }
    }
    return mj;
  }

  /**
   * Fills {@code vertices[1..]} by following {@code next} from {@code start} until passing {@code
   * stop}; returns the number of vertices.
   */
  private static int hull(int[] vertices, int start, int stop, int[] next, boolean descending) {
    int length = 1;
    vertices[1] = start;
    while (descending ? vertices[length] > stop : vertices[length] < stop) {
      vertices[length + 1] = next[vertices[length]];
      length++;
    }
    return length;
  }

  /** Largest distance of the empirical counts above the GCM between its vertices from..length. */
  private static double gcmDeparture(double[] x, int[] gcm, int from, int length) {
    double largest = 0;
    for (int j = from; j < length; j++) {
      int left = gcm[j + 1];
      int right = gcm[j];
      double segment = 1;
      if (right - left > 1 && x[right] != x[left]) {
        double slope = (right - left) / (x[right] - x[left]);
        for (int i = left; i <= right; i++) {
          segment = Math.max(segment, (i - left + 1) - (x[i] - x[left]) * slope);
        }
      }
      largest = Math.max(largest, segment);
    }
    return largest;
  }

  /** Largest distance of the LCM above the empirical counts between its vertices from..length. */
  private static double lcmDeparture(double[] x, int[] lcm, int from, int length) {
    double largest = 0;
    for (int j = from; j < length; j++) {
      int left = lcm[j];
      int right = lcm[j + 1];
      double segment = 1;
      if (right - left > 1 && x[right] != x[left]) {
        double slope = (right - left) / (x[right] - x[left]);
        for (int i = left; i <= right; i++) {
          segment = Math.max(segment, (x[i] - x[left]) * slope - (i - left - 1));
        }
      }
      largest = Math.max(largest, segment);
    }
    return largest;
  }
}
