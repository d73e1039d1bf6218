package io.llmharness.stats;

/**
 * Parameters of {@link ChangePoints#detect}.
 *
 * @param permutations random permutations for the p-value, at least 100; default 2,000
 * @param alpha significance level, in (0, 1); default 0.01 (two metrics are tested per scenario,
 *     and advice should be rare when nothing happened)
 * @param minSegment the fewest values on either side of the split, at least 1; default 1, so a
 *     single slow first request can be found in long enough series
 * @param seed seed of the permutations
 * @since 0.1.0
 */
public record ChangePointOptions(int permutations, double alpha, int minSegment, long seed) {
  public ChangePointOptions {
    if (permutations < 100) {
      throw new IllegalArgumentException(
          "A permutation test needs at least 100 permutations, but was [" + permutations + "].");
    }
    if (!(alpha > 0 && alpha < 1)) {
      throw new IllegalArgumentException(
          "The change point's alpha must be in (0, 1), for example 0.01, but was [" + alpha + "].");
    }
    if (minSegment < 1) {
      throw new IllegalArgumentException(
          "A segment needs at least 1 value, but minSegment was [" + minSegment + "].");
    }
  }

  /** 2,000 permutations, alpha 0.01, segments of at least one value. */
  public static ChangePointOptions defaults() {
    return new ChangePointOptions(2000, 0.01, 1, BootstrapOptions.DEFAULT_SEED);
  }

  /** These options with another seed. */
  public ChangePointOptions withSeed(long newSeed) {
    return new ChangePointOptions(permutations, alpha, minSegment, newSeed);
  }
}
