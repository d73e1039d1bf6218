package io.llmharness.stats.internal;

/**
 * The SplitMix64 generator (Steele, Lea and Flood, 2014): a fixed, documented algorithm, so seeded
 * results are identical on every JDK. Not thread-safe; create one per computation.
 */
public final class SplitMix64 {
  private long state;

  /** A generator whose sequence is fully determined by {@code seed}. */
  public SplitMix64(long seed) {
    this.state = seed;
  }

  /** The next 64 uniformly distributed bits. */
  public long nextLong() {
    long z = (state += 0x9E3779B97F4A7C15L);
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** A uniform double in [0, 1) with 53 random bits. */
  public double nextDouble() {
    return (nextLong() >>> 11) * 0x1.0p-53;
  }

  /**
   * A uniform int in [0, bound), without modulo bias (Lemire's multiply-and-reject method).
   *
   * @param bound exclusive upper bound, at least 1
   */
  public int nextInt(int bound) {
    long product = (nextLong() >>> 32) * bound;
    long low = product & 0xFFFFFFFFL;
    if (low < bound) {
      long threshold = ((1L << 32) - bound) % bound;
      while (low < threshold) {
        product = (nextLong() >>> 32) * bound;
        low = product & 0xFFFFFFFFL;
      }
    }
    return (int) (product >>> 32);
  }
}
