/**
 * Statistics for latency samples: {@link io.llmharness.stats.Summary} (type-7 percentiles, sample
 * standard deviation, seeded bootstrap confidence intervals), the seed scripts' views ({@link
 * io.llmharness.stats.SeedStats}, {@link io.llmharness.stats.SeedBimodality}), a real bimodality
 * test ({@link io.llmharness.stats.Bimodality}) and a temporal change point ({@link
 * io.llmharness.stats.ChangePoints}).
 *
 * <p>Every computation here is deterministic: randomised procedures take an explicit seed. The
 * exact formulas are stated in the repository's {@code METRICS.md}.
 */
package io.llmharness.stats;
