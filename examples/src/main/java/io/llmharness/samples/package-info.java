/**
 * Numbered samples that teach the library, one concept each, in the manner of jmh-samples: read
 * them in order, starting with {@code HarnessSample_01_FirstScenario}. Each explains what it
 * measures, what to expect, what could mislead, and shows the numbers it produced on the emulator;
 * each ends with a "HOW TO RUN THIS SAMPLE" banner.
 *
 * <p>Samples written as JUnit classes ({@code @LlmBenchmark}) live in {@code src/test/java} and run
 * with Failsafe; samples written as a {@code main} (the programmatic API, or a target of their own)
 * live here, and {@code SamplesMainIT} runs each of them. Numbers are permanent: a retired sample
 * leaves a gap. The samples run from 01 to 15 ({@code HarnessSample_15_Slurm}, which skips without
 * {@code SLURM_CONF}).
 */
package io.llmharness.samples;
