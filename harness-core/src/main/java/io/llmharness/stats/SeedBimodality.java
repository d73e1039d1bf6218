package io.llmharness.stats;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The seed scripts' "bimodality" rule ({@code analyze_bimodality}, threshold 0.3), reproduced
 * exactly for compatibility with their {@code ttft_bimodal} and {@code tpot_bimodal} objects. It is
 * a dispersion check, not a test of bimodality: use {@link Bimodality#test} for that.
 *
 * <ol>
 *   <li>Fewer than {@value #MIN_VALUES} values: not bimodal, {@code phase_b} holds every value, and
 *       there is no {@code cv} or {@code threshold}.
 *   <li>Otherwise {@code cv = stdev / mean} (sample stdev; 0 when the mean is not positive).
 *   <li>If {@code cv > }{@value #THRESHOLD} (strictly), {@code phase_a} = values above the median
 *       ("slow"), {@code phase_b} = values at or below it ("fast"); bimodal when both are
 *       non-empty.
 *   <li>Otherwise not bimodal, {@code phase_a} empty and {@code phase_b} every value.
 * </ol>
 *
 * @param bimodal the seed's verdict
 * @param phaseA the "slow" values, in input order
 * @param phaseB the "fast" values (all values when not bimodal), in input order
 * @param phaseAStats statistics of {@code phaseA}; empty (the seed's {@code {}}) when not bimodal
 * @param phaseBStats statistics of {@code phaseB}
 * @param rawStats statistics of all values
 * @param cv the coefficient of variation; absent when fewer than {@value #MIN_VALUES} values
 * @param threshold {@value #THRESHOLD}; absent when fewer than {@value #MIN_VALUES} values
 * @since 0.1.0
 */
public record SeedBimodality(
    boolean bimodal,
    List<Double> phaseA,
    List<Double> phaseB,
    Optional<SeedStats> phaseAStats,
    SeedStats phaseBStats,
    SeedStats rawStats,
    OptionalDouble cv,
    OptionalDouble threshold) {

  /** The seed's CV threshold. */
  public static final double THRESHOLD = 0.3;

  /** The fewest values the seed analyses. */
  public static final int MIN_VALUES = 10;

  public SeedBimodality {
    phaseA = List.copyOf(phaseA);
    phaseB = List.copyOf(phaseB);
    Objects.requireNonNull(phaseAStats, "phaseAStats");
    Objects.requireNonNull(phaseBStats, "phaseBStats");
    Objects.requireNonNull(rawStats, "rawStats");
    Objects.requireNonNull(cv, "cv");
    Objects.requireNonNull(threshold, "threshold");
  }

  /** Applies the seed's rule to {@code values} (in result order). */
  public static SeedBimodality of(double... values) {
    List<Double> all = Arrays.stream(values).boxed().toList();
    SeedStats rawStats = SeedStats.of(values);
    if (values.length < MIN_VALUES) {
      return notBimodal(all, rawStats, OptionalDouble.empty(), OptionalDouble.empty());
    }
    double cv = rawStats.mean() > 0 ? rawStats.stdev() / rawStats.mean() : 0;
    if (cv > THRESHOLD) {
      double median = rawStats.p50();
      List<Double> slow = new ArrayList<>();
      List<Double> fast = new ArrayList<>();
      for (double v : values) {
        (v > median ? slow : fast).add(v);
      }
      if (!slow.isEmpty() && !fast.isEmpty()) {
        return new SeedBimodality(
            true,
            slow,
            fast,
            Optional.of(SeedStats.of(toArray(slow))),
            SeedStats.of(toArray(fast)),
            rawStats,
            OptionalDouble.of(cv),
            OptionalDouble.of(THRESHOLD));
      }
    }
    return notBimodal(all, rawStats, OptionalDouble.of(cv), OptionalDouble.of(THRESHOLD));
  }

  /** Every value in phase B, no phase A: what the seed reports when its rule does not split. */
  private static SeedBimodality notBimodal(
      List<Double> all, SeedStats rawStats, OptionalDouble cv, OptionalDouble threshold) {
    return new SeedBimodality(
        false, List.of(), all, Optional.empty(), rawStats, rawStats, cv, threshold);
  }

  private static double[] toArray(List<Double> values) {
    return values.stream().mapToDouble(Double::doubleValue).toArray();
  }
}
