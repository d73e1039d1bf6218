package io.llmharness.results.report;

import io.llmharness.results.internal.AtomicFiles;
import io.llmharness.results.report.internal.Baseline;
import io.llmharness.results.report.internal.ChartImage;
import io.llmharness.results.report.internal.Charts;
import io.llmharness.results.report.internal.Document;
import io.llmharness.results.report.internal.EfaTcpComparison;
import io.llmharness.results.report.internal.HtmlRenderer;
import io.llmharness.results.report.internal.MarkdownRenderer;
import io.llmharness.results.report.internal.ReportContent;
import io.llmharness.results.report.internal.ReportModel;
import io.llmharness.results.report.internal.ResultReader;
import io.llmharness.results.report.internal.ScenarioEntry;
import java.awt.AWTError;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The report of a run, written into its directory {@code <results-dir>/<run-id>/} from the files
 * there: {@code summary.md}, a self-contained {@code report.html} (no external resources; charts
 * embedded as {@code data:} URIs) and the PNG charts {@value Charts#TTFT_VERSUS_PROMPT_TOKENS} and
 * {@code ttft-distribution-<scenario-id>.png}.
 *
 * <p>It reads every {@code <scenario-id>.json} result directly in the directory (a file that cannot
 * be read is skipped with a note, never failing the report) and the optional preflight baseline
 * {@code preflight/baseline_bandwidth.json}. It shows a table of every scenario (by stage, then
 * id), TTFT against prompt tokens for unified, EFA and TCP at concurrency 1, the TTFT distribution
 * of each scenario, EFA against TCP at every shared prompt length and concurrency (the TTFT
 * difference with a bootstrap interval beside the KV transfer time the measured bandwidth
 * predicts), and each scenario's findings (warmup advice, two-mode latency, change points, errors).
 * Every file is written atomically (temporary file, then rename); a rerun replaces them.
 *
 * <pre>{@code
 * ReportFiles files = RunReport.write(resultsDir.resolve(runId), ReportOptions.defaults());
 * files.notes().forEach(System.out::println);
 * }</pre>
 *
 * @since 0.1.0
 */
public final class RunReport {
  /** The Markdown summary's file name. */
  public static final String SUMMARY_FILE = "summary.md";

  /** The HTML report's file name. */
  public static final String HTML_FILE = "report.html";

  private RunReport() {}

  /**
   * Reads the run directory's result files and writes the report into it.
   *
   * @param runDirectory {@code <results-dir>/<run-id>}
   * @param options bytes per token of the KV prediction, bootstrap of the differences
   * @return the files written and the notes about what could not be shown
   * @throws IllegalArgumentException if {@code runDirectory} is not a directory
   * @throws IOException if the directory cannot be listed or a report file cannot be written
   */
  public static ReportFiles write(Path runDirectory, ReportOptions options) throws IOException {
    Objects.requireNonNull(options, "options");
    if (!Files.isDirectory(runDirectory)) {
      throw new IllegalArgumentException(
          "The run directory ["
              + runDirectory
              + "] does not exist or is not a directory; pass <results-dir>/<run-id>.");
    }
    ResultReader.Read read = ResultReader.read(runDirectory);
    Baseline baseline = Baseline.read(runDirectory);
    EfaTcpComparison.Pairing pairing =
        EfaTcpComparison.pair(
            read.scenarios(), baseline, options.kvBytesPerToken(), options.bootstrap());
    List<String> notes = new ArrayList<>(read.notes());
    notes.addAll(pairing.notes());

    Optional<ChartImage> ttftChart =
        draw(
                "the TTFT-versus-prompt-tokens chart",
                () -> Charts.ttftVersusPromptTokens(read.scenarios()),
                notes)
            .flatMap(c -> c);
    List<ChartImage> distributions = new ArrayList<>();
    for (ScenarioEntry s : read.scenarios()) {
      draw("the TTFT distribution of `" + s.id() + "`", () -> Charts.distribution(s), notes)
          .flatMap(c -> c)
          .ifPresent(distributions::add);
    }

    Path absolute = runDirectory.toAbsolutePath().normalize();
    ReportModel model =
        new ReportModel(
            String.valueOf(absolute.getFileName()),
            read.scenarios(),
            baseline,
            pairing.comparisons(),
            notes,
            options.kvBytesPerToken(),
            options.bootstrap());
    Document document = ReportContent.build(model, ttftChart, distributions);

    List<Path> charts = new ArrayList<>();
    List<ChartImage> images = new ArrayList<>();
    ttftChart.ifPresent(images::add);
    images.addAll(distributions);
    for (ChartImage image : images) {
      Path file = runDirectory.resolve(image.fileName());
      AtomicFiles.write(file, image.png());
      charts.add(file);
    }
    Path summary = runDirectory.resolve(SUMMARY_FILE);
    AtomicFiles.write(summary, MarkdownRenderer.render(document).getBytes(StandardCharsets.UTF_8));
    Path html = runDirectory.resolve(HTML_FILE);
    AtomicFiles.write(html, HtmlRenderer.render(document).getBytes(StandardCharsets.UTF_8));
    return new ReportFiles(summary, html, charts, notes);
  }

  /**
   * Draws a chart; a failure (a value the chart library cannot draw, a JVM without fonts) becomes a
   * note instead of failing the report.
   */
  private static <T> Optional<T> draw(String what, Supplier<T> chart, List<String> notes) {
    try {
      return Optional.of(chart.get());
    } catch (RuntimeException | LinkageError | AWTError | InternalError e) {
      notes.add("Could not draw " + what + ": " + e + ".");
      return Optional.empty();
    }
  }
}
