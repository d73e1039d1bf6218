package io.llmharness.results;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** The result file format against golden files ({@link GoldenFiles}). */
class ResultJsonGoldenTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** The seed's metadata keys in order (seed-system.md §2.9; phase first, layer/priority last). */
  private static final List<String> SEED_METADATA =
      List.of(
          "phase",
          "mode",
          "backend",
          "prefix_cache",
          "prompt_tokens",
          "max_tokens",
          "warmup_iterations",
          "measurement_iterations",
          "concurrency",
          "measurement_type",
          "measurement_method",
          "timestamp",
          "model",
          "vllm_version",
          "instance_type",
          "total_successful_requests",
          "layer",
          "priority");

  private static final List<String> SEED_STATS =
      List.of("p50", "p95", "p99", "mean", "stdev", "min", "max", "raw");

  static ScenarioResult small() {
    return ScenarioAnalysis.analyze(
        Fixtures.smallScenario(),
        Fixtures.metadata(),
        Fixtures.context("p15-tcp-4k-c1", "3f2a9c"),
        AnalysisOptions.defaults());
  }

  static ScenarioResult noSuccess() {
    return ScenarioAnalysis.analyze(
        List.of(
            TestRecords.request(0, 0)
                .failed(ErrorCause.CONNECTION_REFUSED, "Connection refused")
                .build()),
        Fixtures.metadata(),
        Fixtures.context("p15-tcp-4k-c1", "3f2a9c"),
        AnalysisOptions.defaults());
  }

  /**
   * 24 requests: TTFT alternates between two modes after a slow start of 4; TPOT is higher for the
   * first 4 requests (a change point with warmup advice); proxy headers on all.
   */
  static ScenarioResult twoModes() {
    List<RequestRecord> records = new ArrayList<>();
    for (int i = 0; i < 24; i++) {
      double ttft = i < 4 ? 5200 + 13 * i : (i % 2 == 0 ? 2100 : 4700) + 7 * (i % 5);
      records.add(
          TestRecords.request(i, i * 10_000)
              .events(ttft, ttft + 28, ttft + 57, ttft + 84)
              .endAt(ttft + 84 + (i < 4 ? 60 : 0) + i % 3)
              .tokens(4)
              .header("X-Proxy-Prefill-Time", String.format(Locale.ROOT, "%.2f", ttft - 900))
              .header("X-Proxy-KV-Extract-Time", "0.01")
              .build());
    }
    return ScenarioAnalysis.analyze(
        records,
        Fixtures.metadata(),
        Fixtures.context("p15-tcp-32k-c1", "77aa01"),
        AnalysisOptions.defaults());
  }

  private static void assertGolden(String name, ScenarioResult result) throws IOException {
    GoldenFiles.assertGolden(name, result.toJson());
  }

  @Test
  void smallScenarioMatchesItsGoldenFile() throws IOException {
    assertGolden("small-scenario.json", small());
  }

  @Test
  void scenarioWithoutSuccessMatchesItsGoldenFile() throws IOException {
    assertGolden("no-success.json", noSuccess());
  }

  @Test
  void twoModeScenarioMatchesItsGoldenFile() throws IOException {
    assertGolden("two-modes.json", twoModes());
  }

  @Test
  void outputDoesNotDependOnTheDefaultLocale() throws IOException {
    Locale saved = Locale.getDefault();
    try {
      Locale.setDefault(Locale.GERMANY);
      assertThat(String.format("%.1f", 1.5)).isEqualTo("1,5");
      assertGolden("two-modes.json", twoModes());
      assertGolden("small-scenario.json", small());
    } finally {
      Locale.setDefault(saved);
    }
  }

  @Test
  void metadataHasTheSeedKeysInTheSeedOrder() throws IOException {
    JsonNode metadata = MAPPER.readTree(small().toJson()).get("metadata");
    List<String> keys = new ArrayList<>();
    metadata.fieldNames().forEachRemaining(keys::add);
    assertThat(keys).isEqualTo(SEED_METADATA);
  }

  @Test
  void resultsStartWithTheSeedKeysAndStatsShape() throws IOException {
    JsonNode results = MAPPER.readTree(twoModes().toJson()).get("results");
    List<String> keys = new ArrayList<>();
    results.fieldNames().forEachRemaining(keys::add);
    assertThat(keys.subList(0, 8))
        .containsExactly(
            "ttft",
            "ttft_bimodal",
            "tpot",
            "tpot_bimodal",
            "e2e_latency",
            "throughput_rps",
            "proxy_prefill_time",
            "proxy_kv_extract_time");
    for (String stats : List.of("ttft", "tpot", "e2e_latency", "proxy_prefill_time")) {
      List<String> statKeys = new ArrayList<>();
      results.get(stats).fieldNames().forEachRemaining(statKeys::add);
      assertThat(statKeys).as(stats).isEqualTo(SEED_STATS);
    }
  }

  @Test
  void proxyKeysAreAbsentWhenNoRequestHadTheHeader() throws IOException {
    JsonNode results = MAPPER.readTree(noSuccess().toJson()).get("results");
    assertThat(results.has("proxy_prefill_time")).isFalse();
    assertThat(results.get("ttft").get("raw").size()).isZero();
    assertThat(results.get("ttft_bimodal").has("cv")).isFalse();
  }
}
