/**
 * The report of a run: {@link io.llmharness.results.report.RunReport#write} reads the result files
 * of {@code <results-dir>/<run-id>/} and writes {@code summary.md}, a self-contained {@code
 * report.html} and PNG charts beside them; {@link io.llmharness.results.report.ReportMain}
 * regenerates them from the command line.
 */
package io.llmharness.results.report;
