package io.llmharness.stats;

/**
 * Parameters of a seeded percentile bootstrap.
 *
 * @param resamples how many resamples to draw, at least 100
 * @param confidenceLevel the coverage of the intervals, in (0, 1), for example 0.95
 * @param seed the seed of the resampling generator; equal seeds give equal intervals
 * @since 0.1.0
 */
public record BootstrapOptions(int resamples, double confidenceLevel, long seed) {
  /** The default number of resamples. */
  public static final int DEFAULT_RESAMPLES = 2000;

  /** The default confidence level. */
  public static final double DEFAULT_CONFIDENCE_LEVEL = 0.95;

  /** The default seed. */
  public static final long DEFAULT_SEED = 20_260_101L;

  public BootstrapOptions {
    if (resamples < 100) {
      throw new IllegalArgumentException(
          "A bootstrap needs at least 100 resamples, but was [" + resamples + "].");
    }
    if (!(confidenceLevel > 0 && confidenceLevel < 1)) {
      throw new IllegalArgumentException(
          "A confidence level must be in (0, 1), for example 0.95, but was ["
              + confidenceLevel
              + "].");
    }
  }

  /** 2,000 resamples, 95% intervals, seed {@value #DEFAULT_SEED}. */
  public static BootstrapOptions defaults() {
    return new BootstrapOptions(DEFAULT_RESAMPLES, DEFAULT_CONFIDENCE_LEVEL, DEFAULT_SEED);
  }

  /** These options with another number of resamples. */
  public BootstrapOptions withResamples(int newResamples) {
    return new BootstrapOptions(newResamples, confidenceLevel, seed);
  }

  /** These options with another seed. */
  public BootstrapOptions withSeed(long newSeed) {
    return new BootstrapOptions(resamples, confidenceLevel, newSeed);
  }
}
