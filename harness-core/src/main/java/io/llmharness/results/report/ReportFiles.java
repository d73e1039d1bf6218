package io.llmharness.results.report;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * The files a run report wrote, and what it could not show.
 *
 * @param summary {@code summary.md}
 * @param html {@code report.html}, self-contained (charts embedded)
 * @param charts the PNG charts, also beside the report
 * @param notes one sentence per result file skipped or partly read, or chart not drawn
 * @since 0.1.0
 */
public record ReportFiles(Path summary, Path html, List<Path> charts, List<String> notes) {
  public ReportFiles {
    Objects.requireNonNull(summary, "summary");
    Objects.requireNonNull(html, "html");
    charts = List.copyOf(charts);
    notes = List.copyOf(notes);
  }

  /** Every file written: the charts, then the summary and the HTML report. */
  public List<Path> all() {
    return java.util.stream.Stream.concat(
            charts.stream(), java.util.stream.Stream.of(summary, html))
        .toList();
  }
}
