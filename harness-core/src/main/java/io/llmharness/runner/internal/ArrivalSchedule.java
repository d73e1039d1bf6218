package io.llmharness.runner.internal;

import java.util.SplittableRandom;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.statistics.distribution.ContinuousDistribution;
import org.apache.commons.statistics.distribution.GammaDistribution;

/**
 * Open-loop arrival offsets: gaps drawn from a gamma distribution with shape = burstiness and mean
 * 1 / rate (burstiness 1 is a Poisson process), as {@code vllm bench serve} does. Seeded, so a
 * scenario's schedule is reproducible.
 */
public final class ArrivalSchedule {
  private ArrivalSchedule() {}

  /**
   * Nanosecond offsets from the start of the load for {@code count} arrivals, the first at 0.
   *
   * @param ratePerSecond mean arrivals per second
   * @param burstiness gamma shape; below 1 burstier than Poisson, above 1 more regular
   */
  public static long[] offsets(int count, double ratePerSecond, double burstiness, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    UniformRandomProvider rng = random::nextLong;
    ContinuousDistribution.Sampler gaps =
        GammaDistribution.of(burstiness, 1.0 / (ratePerSecond * burstiness)).createSampler(rng);
    long[] offsets = new long[count];
    double t = 0;
    for (int i = 1; i < count; i++) {
      t += gaps.sample();
      offsets[i] = Math.round(t * 1e9);
    }
    return offsets;
  }
}
