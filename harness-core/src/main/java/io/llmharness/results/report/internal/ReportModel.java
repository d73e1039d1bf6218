package io.llmharness.results.report.internal;

import io.llmharness.stats.BootstrapOptions;
import java.util.List;
import java.util.Objects;

/**
 * Everything a report shows, read from a run directory.
 *
 * @param runId the run, the run directory's name
 * @param scenarios every readable scenario result, by stage then id
 * @param baseline the preflight bandwidth baseline, as far as it was measured
 * @param comparisons EFA against TCP at each shared prompt length and concurrency
 * @param notes files skipped or partly read, ambiguous pairings, charts not drawn
 * @param kvBytesPerToken KV cache bytes per prompt token used for the predictions
 * @param bootstrap the bootstrap of the TTFT differences
 */
public record ReportModel(
    String runId,
    List<ScenarioEntry> scenarios,
    Baseline baseline,
    List<EfaTcpComparison> comparisons,
    List<String> notes,
    long kvBytesPerToken,
    BootstrapOptions bootstrap) {
  public ReportModel {
    Objects.requireNonNull(runId, "runId");
    scenarios = List.copyOf(scenarios);
    Objects.requireNonNull(baseline, "baseline");
    comparisons = List.copyOf(comparisons);
    notes = List.copyOf(notes);
    Objects.requireNonNull(bootstrap, "bootstrap");
  }
}
