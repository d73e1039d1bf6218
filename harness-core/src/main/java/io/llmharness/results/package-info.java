/**
 * Per-request records, scenario results and their files.
 *
 * <p>{@link io.llmharness.results.RequestRecord} is the raw measurement of one request. {@link
 * io.llmharness.results.ScenarioAnalysis#analyze} turns a scenario's records into a {@link
 * io.llmharness.results.ScenarioResult} (metrics, statistics, errors; formulas in {@code
 * METRICS.md}). {@link io.llmharness.results.ResultStore} keeps a run's files: the per-request JSON
 * Lines log ({@link io.llmharness.results.RequestLogWriter}, {@link
 * io.llmharness.results.RequestLog}) and the seed-compatible result JSON, written atomically, and
 * tells a rerun which scenarios are complete.
 */
package io.llmharness.results;
