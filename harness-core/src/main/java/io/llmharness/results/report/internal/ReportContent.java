package io.llmharness.results.report.internal;

import io.llmharness.results.report.internal.Document.Block;
import io.llmharness.results.report.internal.Document.Bullets;
import io.llmharness.results.report.internal.Document.Figure;
import io.llmharness.results.report.internal.Document.Heading;
import io.llmharness.results.report.internal.Document.Paragraph;
import io.llmharness.results.report.internal.Document.Table;
import io.llmharness.stats.ConfidenceInterval;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.Function;

/** What the report says, in order: the {@link Document} both report files are rendered from. */
public final class ReportContent {
  /** What a prediction cell says when the bandwidth is missing. */
  static final String NOT_MEASURED = "not measured";

  private ReportContent() {}

  /**
   * The report's document.
   *
   * @param model what the run's files say
   * @param ttftChart the TTFT-versus-prompt-tokens chart, if drawn
   * @param distributions the TTFT distribution charts drawn, in report order
   */
  public static Document build(
      ReportModel model, Optional<ChartImage> ttftChart, List<ChartImage> distributions) {
    List<Block> blocks = new ArrayList<>();
    blocks.add(new Paragraph(intro(model)));
    if (!model.notes().isEmpty()) {
      blocks.add(new Heading(2, "Notes"));
      blocks.add(new Bullets(model.notes()));
    }
    scenarios(model, blocks);
    efaVersusTcp(model, blocks);
    charts(ttftChart, distributions, blocks);
    findings(model, blocks);
    blocks.add(new Heading(2, "Regenerating this report"));
    blocks.add(
        new Paragraph(
            "`java -cp <harness-core classpath> io.llmharness.results.report.ReportMain <run-dir>`"
                + " reads the run directory's result files and"
                + " `"
                + Baseline.RELATIVE_PATH
                + "` again and rewrites `summary.md`, `report.html` and the charts;"
                + " `--kv-bytes-per-token N` (or `-Dharness.report.kvBytesPerToken=N`) changes the"
                + " KV cache size per token of the prediction."));
    return new Document("Run report: " + model.runId(), blocks);
  }

  private static String intro(ReportModel model) {
    int n = model.scenarios().size();
    if (n == 0) {
      return "No readable scenario result in run `" + model.runId() + "`.";
    }
    return n
        + (n == 1 ? " scenario" : " scenarios")
        + " of run `"
        + model.runId()
        + "`. Latencies are in milliseconds over the successful measured requests; every metric"
        + " is defined in the repository's `METRICS.md`.";
  }

  private static void scenarios(ReportModel model, List<Block> blocks) {
    blocks.add(new Heading(2, "Scenarios"));
    if (model.scenarios().isEmpty()) {
      blocks.add(new Paragraph("No scenario to show."));
      return;
    }
    blocks.add(
        new Paragraph(
            "By stage (the server's `max_model_len`), then id. Throughputs are over the measured"
                + " span; errors are failed of measured requests; the prefix-cache hit rate is the"
                + " server's (`off` when the cache was off)."));
    List<List<String>> rows = new ArrayList<>();
    for (ScenarioEntry s : model.scenarios()) {
      Optional<LatencyStats> ttft = s.ttft();
      rows.add(
          List.of(
              Format.integer(s.maxModelLen()),
              "`" + s.id() + "`",
              backend(s.backend()),
              Format.integer(s.promptTokens()),
              Format.integer(s.concurrency()),
              Format.millis(stat(ttft, LatencyStats::p50)),
              Format.millis(stat(ttft, LatencyStats::p95)),
              Format.millis(stat(ttft, LatencyStats::p99)),
              Format.fixed(s.tpotP50(), 2),
              Format.fixed(s.itlP99(), 2),
              Format.fixed(s.outputTokensPerSecond(), 1),
              Format.fixed(s.requestsPerSecond(), 3),
              errors(s),
              cacheHits(s)));
    }
    blocks.add(
        new Table(
            List.of(
                "max_model_len",
                "Scenario",
                "Backend",
                "Prompt tokens",
                "Conc.",
                "TTFT p50 (ms)",
                "TTFT p95 (ms)",
                "TTFT p99 (ms)",
                "TPOT p50 (ms)",
                "ITL p99 (ms)",
                "Output tok/s",
                "Req/s",
                "Errors",
                "Prefix-cache hits"),
            List.of(
                true, false, false, true, true, true, true, true, true, true, true, true, true,
                true),
            rows));
  }

  private static void efaVersusTcp(ReportModel model, List<Block> blocks) {
    blocks.add(new Heading(2, "EFA versus TCP"));
    blocks.add(new Paragraph(bandwidth(model.baseline())));
    blocks.add(
        new Paragraph(
            "Predicted KV transfer time = "
                + Format.integer(model.kvBytesPerToken())
                + " bytes per token (`harness.report.kvBytesPerToken`) × prompt tokens × 8 /"
                + " bandwidth. Measured: TCP − EFA TTFT, the difference of the medians (and of"
                + " the means) with a "
                + Format.level(model.bootstrap().confidenceLevel())
                + " percentile-bootstrap interval ("
                + Format.integer(model.bootstrap().resamples())
                + " resamples, seed "
                + model.bootstrap().seed()
                + "); an interval entirely above zero means EFA's TTFT is lower."));
    if (model.comparisons().isEmpty()) {
      blocks.add(
          new Paragraph(
              "No prompt length has both an EFA and a TCP scenario at the same concurrency."));
      return;
    }
    List<List<String>> rows = new ArrayList<>();
    for (EfaTcpComparison c : model.comparisons()) {
      rows.add(
          List.of(
              Format.integer(c.promptTokens()),
              Integer.toString(c.concurrency()),
              "`" + c.efa().id() + "`",
              "`" + c.tcp().id() + "`",
              Format.millis(stat(c.efa().ttft(), LatencyStats::p50)),
              Format.millis(stat(c.tcp().ttft(), LatencyStats::p50)),
              c.ttftDifference()
                  .map(d -> withInterval(d.median(), d.medianInterval()))
                  .orElse("too few values"),
              c.ttftDifference()
                  .map(d -> withInterval(d.mean(), d.meanInterval()))
                  .orElse("too few values"),
              bytes(c.kvBytes()),
              predicted(c.predictedEfaMillis()),
              predicted(c.predictedTcpMillis()),
              c.predictedDifferenceMillis().isPresent()
                  ? Format.signedMillis(c.predictedDifferenceMillis().getAsDouble())
                  : NOT_MEASURED));
    }
    String level = Format.level(model.bootstrap().confidenceLevel());
    blocks.add(
        new Table(
            List.of(
                "Prompt tokens",
                "Conc.",
                "EFA scenario",
                "TCP scenario",
                "EFA TTFT p50 (ms)",
                "TCP TTFT p50 (ms)",
                "TCP − EFA median (ms, " + level + " CI)",
                "TCP − EFA mean (ms, " + level + " CI)",
                "KV per prompt",
                "Predicted EFA (ms)",
                "Predicted TCP (ms)",
                "Predicted TCP − EFA (ms)"),
            List.of(true, true, false, false, true, true, true, true, true, true, true, true),
            rows));
  }

  private static void charts(
      Optional<ChartImage> ttftChart, List<ChartImage> distributions, List<Block> blocks) {
    blocks.add(new Heading(2, "Charts"));
    blocks.add(
        ttftChart
            .<Block>map(Figure::new)
            .orElse(
                new Paragraph(
                    "No scenario at concurrency 1 has a TTFT: there is no TTFT-versus-prompt-tokens"
                        + " chart.")));
    blocks.add(new Heading(3, "TTFT distributions"));
    if (distributions.isEmpty()) {
      blocks.add(new Paragraph("No scenario has a successful request to draw."));
    }
    distributions.forEach(d -> blocks.add(new Figure(d)));
  }

  private static void findings(ReportModel model, List<Block> blocks) {
    blocks.add(new Heading(2, "Findings per scenario"));
    blocks.add(
        new Paragraph(
            "Warmup advice and change points (in request order), two-mode latency (Hartigans' dip"
                + " test with a two-component mixture, and the seed's dispersion rule), and errors"
                + " by cause, from each result's `extended` object."));
    List<String> quiet = new ArrayList<>();
    for (ScenarioEntry s : model.scenarios()) {
      if (s.findings().isEmpty()) {
        quiet.add("`" + s.id() + "`");
      } else {
        blocks.add(new Heading(3, s.id()));
        blocks.add(new Bullets(s.findings()));
      }
    }
    if (!quiet.isEmpty()) {
      blocks.add(new Paragraph("No findings for " + String.join(", ", quiet) + "."));
    }
  }

  private static String bandwidth(Baseline b) {
    String source = "Bandwidth baseline (`" + Baseline.RELATIVE_PATH + "`): ";
    return source + "TCP " + link(b.tcp()) + "; EFA " + link(b.efa()) + ".";
  }

  private static String link(Baseline.Link link) {
    return link.gbps().isPresent()
        ? Format.fixed(link.gbps().getAsDouble(), 2) + " Gbit/s"
        : NOT_MEASURED + " (" + link.whyNot().orElse("no value") + ")";
  }

  private static String backend(String backend) {
    return switch (backend) {
      case ScenarioEntry.EFA -> "EFA";
      case ScenarioEntry.TCP -> "TCP";
      default -> backend;
    };
  }

  private static String errors(ScenarioEntry s) {
    if (s.failed().isEmpty()) {
      return Format.NONE;
    }
    return s.failed().getAsInt() + (s.measured().isPresent() ? "/" + s.measured().getAsInt() : "");
  }

  private static String cacheHits(ScenarioEntry s) {
    if (s.prefixCacheHitRate().isPresent()) {
      return Format.percent(s.prefixCacheHitRate().getAsDouble());
    }
    return s.prefixCache().map(on -> on ? Format.NONE : "off").orElse(Format.NONE);
  }

  private static OptionalDouble stat(
      Optional<LatencyStats> stats, Function<LatencyStats, Double> field) {
    return stats.map(field).filter(Double::isFinite).stream()
        .mapToDouble(Double::doubleValue)
        .findFirst();
  }

  private static String withInterval(double value, ConfidenceInterval ci) {
    return Format.signedMillis(value)
        + " ("
        + Format.signedMillis(ci.lower())
        + " to "
        + Format.signedMillis(ci.upper())
        + ")";
  }

  private static String predicted(OptionalDouble ms) {
    return ms.isPresent() ? Format.millis(ms.getAsDouble()) : NOT_MEASURED;
  }

  private static String bytes(long bytes) {
    return bytes >= 1_000_000_000L
        ? Format.fixed(bytes / 1e9, 2) + " GB"
        : Format.fixed(bytes / 1e6, 1) + " MB";
  }
}
