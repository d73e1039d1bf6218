package io.llmharness.results;

import io.llmharness.stats.BimodalityTest;
import io.llmharness.stats.ChangePoint;
import io.llmharness.stats.SeedBimodality;
import java.util.Objects;
import java.util.Optional;

/**
 * The shape of a latency metric over the measured requests: the seed's dispersion rule, the real
 * bimodality test, and the temporal change point in request order.
 *
 * @param seedBimodality the seed's {@code *_bimodal} object
 * @param bimodality the dip + mixture test; empty with fewer than 10 values or constant values
 * @param changePoint the best split in request order; empty when too short or constant
 * @since 0.1.0
 */
public record ShapeAnalysis(
    SeedBimodality seedBimodality,
    Optional<BimodalityTest> bimodality,
    Optional<ChangePoint> changePoint) {
  public ShapeAnalysis {
    Objects.requireNonNull(seedBimodality, "seedBimodality");
    Objects.requireNonNull(bimodality, "bimodality");
    Objects.requireNonNull(changePoint, "changePoint");
  }
}
