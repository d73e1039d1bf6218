package io.llmharness.results.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmharness.stats.BootstrapOptions;
import io.llmharness.stats.Difference;
import io.llmharness.stats.Quantiles;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report of a small fake run (unified, EFA and TCP at 20K and 50K tokens) written with the real
 * result API, with a bandwidth baseline of TCP 10 Gbit/s and EFA 100 Gbit/s.
 */
class RunReportTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Pattern DATA_URI = Pattern.compile("src=\"data:image/png;base64,([^\"]+)\"");

  @TempDir static Path shared;
  private static Path run;
  private static ReportFiles files;
  private static String summary;
  private static String html;

  @TempDir Path results;

  @BeforeAll
  static void writeTheStandardReport() throws IOException {
    run = FakeRun.write(shared);
    FakeRun.writeBaseline(run, OptionalDouble.of(10), OptionalDouble.of(100));
    files = RunReport.write(run, ReportOptions.defaults());
    summary = Files.readString(files.summary(), StandardCharsets.UTF_8);
    html = Files.readString(files.html(), StandardCharsets.UTF_8);
  }

  /** The Markdown table rows whose second cell is a scenario id, in order. */
  private static List<List<String>> scenarioRows(String markdown) {
    List<List<String>> rows = new ArrayList<>();
    for (String line : markdown.split("\n")) {
      if (line.startsWith("| ") && line.endsWith(" |")) {
        List<String> cells =
            Stream.of(line.substring(2, line.length() - 2).split(" \\| "))
                .map(String::strip)
                .toList();
        if (cells.size() == 14 && cells.get(1).startsWith("`")) {
          rows.add(cells);
        }
      }
    }
    return rows;
  }

  private static List<String> row(String markdown, String scenarioId) {
    return scenarioRows(markdown).stream()
        .filter(r -> r.get(1).equals("`" + scenarioId + "`"))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no row for " + scenarioId + " in\n" + markdown));
  }

  private static String ms(double value) {
    return String.format(Locale.ROOT, "%,.1f", value);
  }

  private static String signed(double value) {
    return String.format(Locale.ROOT, "%+,.1f", value);
  }

  @Test
  void theTableHasEveryScenarioByStageThenId() {
    assertThat(scenarioRows(summary).stream().map(r -> r.get(0) + " " + r.get(1)))
        .containsExactly(
            "32,768 `p15-efa-20k-c1`",
            "32,768 `p15-tcp-20k-c1`",
            "32,768 `p15-unified-20k-c1`",
            "65,536 `p15-efa-50k-c1`",
            "65,536 `p15-tcp-50k-c1`",
            "65,536 `p15-unified-50k-c1`");
  }

  @Test
  void aRowShowsTheScenariosLatenciesThroughputErrorsAndCache() throws IOException {
    JsonNode result = MAPPER.readTree(run.resolve("p15-tcp-50k-c1.json").toFile());
    double[] p = Quantiles.type7(FakeRun.TCP_LONG, 0.5, 0.95, 0.99);
    assertThat(row(summary, "p15-tcp-50k-c1"))
        .containsExactly(
            "65,536",
            "`p15-tcp-50k-c1`",
            "TCP",
            "50,000",
            "1",
            ms(p[0]),
            ms(p[1]),
            ms(p[2]),
            "20.50",
            "20.00",
            String.format(
                Locale.ROOT, "%,.1f", result.at("/results/output_tokens_per_second").asDouble()),
            String.format(Locale.ROOT, "%,.3f", result.at("/results/throughput_rps").asDouble()),
            "1/11",
            "off");
  }

  @Test
  void theCacheColumnShowsTheServersHitRate() {
    assertThat(row(summary, "p15-unified-20k-c1").get(13)).isEqualTo("25.0%");
  }

  @Test
  void theEfaTcpSectionGivesTheMedianDifferenceWithItsBootstrapInterval() {
    Difference d = Difference.of(FakeRun.TCP_SHORT, FakeRun.EFA_SHORT, BootstrapOptions.defaults());
    assertThat(d.median()).isEqualTo(500);
    assertThat(d.medianInterval().contains(500)).isTrue();
    assertThat(d.medianInterval().contains(0)).isFalse();
    assertThat(summary)
        .contains(
            "| 20,000 | 1 | `p15-efa-20k-c1` | `p15-tcp-20k-c1` | 1,045.0 | 1,545.0 | +500.0 ("
                + signed(d.medianInterval().lower())
                + " to "
                + signed(d.medianInterval().upper())
                + ") | +500.0 ("
                + signed(d.meanInterval().lower())
                + " to "
                + signed(d.meanInterval().upper())
                + ") |");
  }

  @Test
  void theEfaTcpSectionPredictsTheKvTransferFromTheMeasuredBandwidth() {
    // 20,000 tokens × 262,144 bytes × 8 = 41.94 Gbit: 4,194.3 ms at 10 Gbit/s, 419.4 ms at 100.
    assertThat(summary)
        .contains("| 5.24 GB | 419.4 | 4,194.3 | +3,774.9 |")
        .contains("| 13.11 GB | 1,048.6 | 10,485.8 | +9,437.2 |")
        .contains("TCP 10.00 Gbit/s; EFA 100.00 Gbit/s");
  }

  @Test
  void theBytesPerTokenAreConfigurable() throws IOException {
    Path dir = FakeRun.write(results);
    FakeRun.writeBaseline(dir, OptionalDouble.of(10), OptionalDouble.of(100));
    RunReport.write(dir, ReportOptions.defaults().withKvBytesPerToken(131_072));
    assertThat(Files.readString(dir.resolve(RunReport.SUMMARY_FILE)))
        .contains("131,072 bytes per token")
        .contains("| 2.62 GB | 209.7 | 2,097.2 | +1,887.4 |");
  }

  @Test
  void efaAndTcpArePairedOnlyAtTheSameConcurrency() throws IOException {
    FakeRun fake = FakeRun.open(results, "pairs");
    fake.scenario("efa-20k-c1", "efa", false, FakeRun.SHORT, 1, 32768, FakeRun.EFA_SHORT, 0);
    fake.scenario("tcp-20k-c4", "tcp", false, FakeRun.SHORT, 4, 32768, FakeRun.TCP_SHORT, 0);
    RunReport.write(fake.runDirectory(), ReportOptions.defaults());
    assertThat(Files.readString(fake.runDirectory().resolve(RunReport.SUMMARY_FILE)))
        .contains("No prompt length has both an EFA and a TCP scenario at the same concurrency.");
  }

  @Test
  void aScenarioWithoutSuccessHasNoLatenciesNoChartAndSaysWhy() throws IOException {
    FakeRun fake = FakeRun.open(results, "failing");
    fake.scenario("all-failed", "tcp", false, FakeRun.SHORT, 1, 32768, new double[0], 3);
    ReportFiles written = RunReport.write(fake.runDirectory(), ReportOptions.defaults());
    String text = Files.readString(written.summary());
    assertThat(row(text, "all-failed").subList(5, 13))
        .containsExactly("–", "–", "–", "–", "–", "0.0", "0.000", "3/3");
    assertThat(text)
        .contains("- No measured request succeeded.")
        .contains(
            "- Errors: 3 of 3 measured requests failed: `timeout` 3 (Request timeout (600s)).");
    assertThat(written.charts()).isEmpty();
  }

  @Test
  void aSingleValueIsDrawnButNotBootstrapped() throws IOException {
    FakeRun fake = FakeRun.open(results, "single");
    fake.scenario("efa-20k-c1", "efa", false, FakeRun.SHORT, 1, 32768, new double[] {1000}, 0);
    fake.scenario("tcp-20k-c1", "tcp", false, FakeRun.SHORT, 1, 32768, FakeRun.TCP_SHORT, 0);
    ReportFiles written = RunReport.write(fake.runDirectory(), ReportOptions.defaults());
    assertThat(Files.readString(written.summary()))
        .contains("| 1,000.0 | 1,545.0 | too few values | too few values |");
    assertThat(written.charts().stream().map(p -> p.getFileName().toString()))
        .contains("ttft-distribution-efa-20k-c1.png");
  }

  @Test
  void withoutABaselineThePredictionIsNotMeasured() throws IOException {
    Path dir = FakeRun.write(results);
    RunReport.write(dir, ReportOptions.defaults());
    assertThat(Files.readString(dir.resolve(RunReport.SUMMARY_FILE)))
        .contains(
            "TCP not measured (no `preflight/baseline_bandwidth.json` in this run); EFA not"
                + " measured (no `preflight/baseline_bandwidth.json` in this run).")
        .contains("| 5.24 GB | not measured | not measured | not measured |");
  }

  @Test
  void aFailedMeasurementIsNotMeasuredWithItsError() throws IOException {
    Path dir = FakeRun.write(results);
    FakeRun.writeBaseline(dir, OptionalDouble.of(10), OptionalDouble.empty());
    RunReport.write(dir, ReportOptions.defaults());
    assertThat(Files.readString(dir.resolve(RunReport.SUMMARY_FILE)))
        .contains(
            "TCP 10.00 Gbit/s; EFA not measured (failed: libfabric provider 'efa' is not"
                + " available).")
        .contains("| 5.24 GB | not measured | 4,194.3 | not measured |");
  }

  @Test
  void theHtmlLoadsNothingFromElsewhere() {
    assertThat(html)
        .doesNotContain("src=\"http")
        .doesNotContain("href=\"http")
        .doesNotContain("<script")
        .doesNotContain("<link")
        .doesNotContain("url(")
        .doesNotContain("@import");
  }

  @Test
  void theHtmlEmbedsEveryChartAsAPngDataUri() throws IOException {
    List<byte[]> embedded = new ArrayList<>();
    Matcher m = DATA_URI.matcher(html);
    while (m.find()) {
      embedded.add(Base64.getDecoder().decode(m.group(1)));
    }
    assertThat(embedded).hasSize(files.charts().size()).hasSize(7);
    for (int i = 0; i < embedded.size(); i++) {
      assertThat(embedded.get(i)).isEqualTo(Files.readAllBytes(files.charts().get(i)));
      assertThat(ImageIO.read(new ByteArrayInputStream(embedded.get(i)))).isNotNull();
    }
  }

  @Test
  void theChartsAreReadablePngsOfTheirSize() throws IOException {
    assertThat(files.charts().stream().map(p -> p.getFileName().toString()))
        .containsExactly(
            "ttft-vs-prompt-tokens.png",
            "ttft-distribution-p15-efa-20k-c1.png",
            "ttft-distribution-p15-tcp-20k-c1.png",
            "ttft-distribution-p15-unified-20k-c1.png",
            "ttft-distribution-p15-efa-50k-c1.png",
            "ttft-distribution-p15-tcp-50k-c1.png",
            "ttft-distribution-p15-unified-50k-c1.png");
    BufferedImage main = ImageIO.read(files.charts().get(0).toFile());
    assertThat(main.getWidth()).isEqualTo(900);
    assertThat(main.getHeight()).isEqualTo(500);
    for (Path distribution : files.charts().subList(1, files.charts().size())) {
      BufferedImage image = ImageIO.read(distribution.toFile());
      assertThat(image.getWidth()).isEqualTo(900);
      assertThat(image.getHeight()).isEqualTo(320);
    }
  }

  @Test
  void theChartsAreNotBlank() throws IOException {
    for (Path chart : files.charts()) {
      BufferedImage image = ImageIO.read(chart.toFile());
      long colours =
          java.util.stream.IntStream.range(0, image.getWidth() * image.getHeight())
              .map(i -> image.getRGB(i % image.getWidth(), i / image.getWidth()))
              .distinct()
              .count();
      assertThat(colours).as("distinct colours of %s", chart).isGreaterThan(20);
    }
  }

  @Test
  void findingsGiveWarmupAdviceAndErrorsByCause() {
    assertThat(summary)
        .contains("### p15-unified-50k-c1")
        .contains("- Warmup (TTFT): the first 6 measured requests were slower")
        .contains("raise warmup to at least 8.")
        .contains(
            "- Errors: 1 of 11 measured requests failed: `timeout` 1 (Request timeout (600s)).");
  }

  @Test
  void aBadResultFileIsSkippedWithANote() throws IOException {
    Path dir = FakeRun.write(results);
    Files.writeString(dir.resolve("broken.json"), "{\"metadata\": {");
    Files.writeString(dir.resolve("server-starts.json"), "{\"starts\": 3}");
    Files.write(dir.resolve("binary.json"), new byte[] {(byte) 0xC3, (byte) 0x28, 0x7B});
    ReportFiles written = RunReport.write(dir, ReportOptions.defaults());
    assertThat(written.notes())
        .anySatisfy(n -> assertThat(n).startsWith("`broken.json` skipped: it is not valid JSON ("))
        .anySatisfy(
            n ->
                assertThat(n)
                    .isEqualTo(
                        "`server-starts.json` skipped: it is not a scenario result (no `metadata`"
                            + " and `results` objects)."))
        .anySatisfy(n -> assertThat(n).isEqualTo("`binary.json` skipped: it is not UTF-8 text."));
    String text = Files.readString(written.summary());
    assertThat(text).contains("## Notes").contains("- `broken.json` skipped");
    assertThat(scenarioRows(text)).hasSize(6);
  }

  @Test
  void aResultOfAnotherSchemaVersionIsShownWithANote() throws IOException {
    Path dir = FakeRun.write(results);
    Path file = dir.resolve("p15-efa-20k-c1.json");
    ObjectNode root = (ObjectNode) MAPPER.readTree(file.toFile());
    ObjectNode extended = (ObjectNode) root.get("extended");
    extended.put("schema_version", 2);
    extended.remove(List.of("requests", "errors", "server_metrics", "change_point"));
    Files.writeString(file, MAPPER.writeValueAsString(root));
    ReportFiles written = RunReport.write(dir, ReportOptions.defaults());
    assertThat(written.notes())
        .contains(
            "`p15-efa-20k-c1.json` has schema_version 2; this report reads version 1 and shows"
                + " what it can.");
    List<String> row = row(Files.readString(written.summary()), "p15-efa-20k-c1");
    assertThat(row.get(5)).isEqualTo("1,045.0");
    assertThat(row.get(12)).isEqualTo("–");
  }

  @Test
  void aSeedFormatFileIsShownWithANote() throws IOException {
    Path dir = FakeRun.write(results);
    Path file = dir.resolve("p15-tcp-20k-c1.json");
    ObjectNode root = (ObjectNode) MAPPER.readTree(file.toFile());
    root.remove("extended");
    Files.writeString(file, MAPPER.writeValueAsString(root));
    ReportFiles written = RunReport.write(dir, ReportOptions.defaults());
    assertThat(written.notes())
        .anySatisfy(
            n -> assertThat(n).startsWith("`p15-tcp-20k-c1.json` has no `extended` object"));
    String text = Files.readString(written.summary());
    assertThat(row(text, "p15-tcp-20k-c1").get(5)).isEqualTo("1,545.0");
    assertThat(text).contains("| 20,000 | 1 | `p15-efa-20k-c1` | `p15-tcp-20k-c1` |");
  }

  @Test
  void anEmptyRunStillGetsAReport() throws IOException {
    Path dir = Files.createDirectories(results.resolve("empty-run"));
    ReportFiles written = RunReport.write(dir, ReportOptions.defaults());
    assertThat(written.charts()).isEmpty();
    assertThat(Files.readString(written.summary()))
        .contains("No readable scenario result in run `empty-run`.")
        .contains("No prompt length has both an EFA and a TCP scenario at the same concurrency.");
    assertThat(written.html()).exists();
  }

  @Test
  void rewritingReplacesTheFilesAndLeavesNoTemporaryFile() throws IOException {
    Path dir = FakeRun.write(results);
    RunReport.write(dir, ReportOptions.defaults());
    ReportFiles again = RunReport.write(dir, ReportOptions.defaults());
    try (Stream<Path> listing = Files.list(dir)) {
      assertThat(listing.map(p -> p.getFileName().toString()))
          .noneMatch(name -> name.startsWith("."))
          .contains(RunReport.SUMMARY_FILE, RunReport.HTML_FILE);
    }
    assertThat(again.all()).hasSize(9).allSatisfy(p -> assertThat(p).exists());
  }

  @Test
  void aMissingRunDirectoryIsRejected() {
    assertThatThrownBy(() -> RunReport.write(results.resolve("nope"), ReportOptions.defaults()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("does not exist or is not a directory");
  }
}
