package io.llmharness.results.report;

import io.llmharness.preflight.BandwidthOptions;
import io.llmharness.preflight.BandwidthReport;
import io.llmharness.preflight.MeasurementStatus;
import io.llmharness.preflight.PreflightSettings;
import io.llmharness.preflight.RdmaMeasurement;
import io.llmharness.preflight.RdmaTool;
import io.llmharness.preflight.TcpMeasurement;
import io.llmharness.results.AnalysisOptions;
import io.llmharness.results.Environment;
import io.llmharness.results.ErrorCause;
import io.llmharness.results.RequestError;
import io.llmharness.results.RequestPhase;
import io.llmharness.results.RequestRecord;
import io.llmharness.results.ResultStore;
import io.llmharness.results.ScenarioAnalysis;
import io.llmharness.results.ScenarioContext;
import io.llmharness.results.ScenarioMetadata;
import io.llmharness.results.ServerMetrics;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * A small run written with the real result API: unified, EFA and TCP at 20,000 and 50,000 tokens,
 * concurrency 1, with hand-checkable TTFTs. Every request streams 3 tokens 20 ms apart after its
 * first token and ends 1 ms after the last, so TPOT is 20.5 ms and every ITL gap 20 ms.
 */
final class FakeRun {
  static final String RUN_ID = "run-report-test";
  static final int SHORT = 20_000;
  static final int LONG = 50_000;

  /** Ten TTFT offsets in a fixed shuffled order (no trend, so no change point). */
  static final double[] JITTER = {40, 0, 70, 20, 90, 10, 60, 30, 80, 50};

  /** EFA at 20K: 1,000–1,090 ms, median 1,045. */
  static final double[] EFA_SHORT = plus(JITTER, 1000);

  /** TCP at 20K: EFA + 500 ms, exactly. */
  static final double[] TCP_SHORT = plus(EFA_SHORT, 500);

  /** EFA at 50K: 2,500–2,590 ms. */
  static final double[] EFA_LONG = plus(JITTER, 2500);

  /** TCP at 50K: EFA + 1,250 ms. */
  static final double[] TCP_LONG = plus(EFA_LONG, 1250);

  static final double[] UNIFIED_SHORT = plus(JITTER, 900);

  /** Thirty values whose first six are twice as slow: a warmup change point. */
  static final double[] UNIFIED_LONG = unifiedLong();

  private static final long MS = 1_000_000L;
  private static final Instant T = Instant.parse("2026-03-03T14:55:23Z");

  private final ResultStore store;

  private FakeRun(ResultStore store) {
    this.store = store;
  }

  /** Writes the standard run under {@code resultsDir} and returns its run directory. */
  static Path write(Path resultsDir) throws IOException {
    FakeRun run = open(resultsDir, RUN_ID);
    run.scenario("p15-unified-20k-c1", "none", true, SHORT, 1, 32768, UNIFIED_SHORT, 0);
    run.scenario("p15-efa-20k-c1", "efa", false, SHORT, 1, 32768, EFA_SHORT, 0);
    run.scenario("p15-tcp-20k-c1", "tcp", false, SHORT, 1, 32768, TCP_SHORT, 0);
    run.scenario("p15-unified-50k-c1", "none", true, LONG, 1, 65536, UNIFIED_LONG, 0);
    run.scenario("p15-efa-50k-c1", "efa", false, LONG, 1, 65536, EFA_LONG, 0);
    run.scenario("p15-tcp-50k-c1", "tcp", false, LONG, 1, 65536, TCP_LONG, 1);
    return run.runDirectory();
  }

  /** An empty run {@code resultsDir/runId} to add scenarios to. */
  static FakeRun open(Path resultsDir, String runId) throws IOException {
    return new FakeRun(ResultStore.open(resultsDir, runId));
  }

  Path runDirectory() {
    return store.runDirectory();
  }

  /**
   * Writes a scenario whose successful requests have these TTFTs, then {@code failures} timeouts.
   */
  void scenario(
      String id,
      String backend,
      boolean prefixCache,
      int promptTokens,
      int concurrency,
      int maxModelLen,
      double[] ttftMs,
      int failures)
      throws IOException {
    List<RequestRecord> records = new ArrayList<>();
    for (int i = 0; i < ttftMs.length; i++) {
      records.add(success(i, ttftMs[i], promptTokens));
    }
    for (int f = 0; f < failures; f++) {
      records.add(timeout(ttftMs.length + f));
    }
    ScenarioMetadata metadata =
        ScenarioMetadata.builder()
            .phase(15)
            .mode(backend.equals("none") ? "unified" : "disaggregated")
            .backend(backend)
            .prefixCache(prefixCache)
            .promptTokens(promptTokens)
            .maxTokens(3)
            .warmupIterations(2)
            .measurementIterations(ttftMs.length + failures)
            .concurrency(concurrency)
            .timestamp(LocalDateTime.of(2026, 3, 3, 14, 55, 23))
            .model("Qwen/Qwen2.5-32B-Instruct")
            .vllmVersion("0.16.0")
            .build();
    Map<String, Object> spec = new LinkedHashMap<>();
    spec.put("id", id);
    spec.put("backend", backend.equals("none") ? "unified" : backend);
    spec.put("prompt_tokens", promptTokens);
    spec.put("concurrency", concurrency);
    spec.put("max_model_len", maxModelLen);
    spec.put("prefix_cache", prefixCache);
    ServerMetrics metrics =
        prefixCache
            ? ServerMetrics.of(
                Map.of(
                    "vllm:prefix_cache_queries_total{engine=\"0\"}", 200_000.0,
                    "vllm:prefix_cache_hits_total{engine=\"0\"}", 50_000.0))
            : ServerMetrics.none();
    ScenarioContext context =
        new ScenarioContext(
            store.runId(),
            id,
            spec,
            "hash-" + id,
            new Environment(
                "0.1.0-test",
                "17.0.99",
                "Test Vendor",
                "bench-host",
                "Linux",
                Optional.of("0.16.0")),
            metrics);
    store.write(ScenarioAnalysis.analyze(records, metadata, context, AnalysisOptions.defaults()));
  }

  /**
   * Writes {@code preflight/baseline_bandwidth.json} with the TCP and EFA rates (empty: failed).
   */
  static void writeBaseline(Path runDirectory, OptionalDouble tcpGbps, OptionalDouble efaGbps)
      throws IOException {
    new BandwidthReport(T, "local", "10.0.0.1", "local", "10.0.0.2", tcp(tcpGbps), rdma(efaGbps))
        .writeTo(runDirectory.resolve("preflight").resolve(PreflightSettings.BANDWIDTH_FILE));
  }

  private static RequestRecord success(int index, double ttftMs, int promptTokens) {
    long sent = index * 10_000L * MS;
    long first = sent + Math.round(ttftMs * MS);
    long[] events = {first, first + 20 * MS, first + 40 * MS};
    return new RequestRecord(
        "req-" + index,
        index,
        RequestPhase.MEASURED,
        1_785_000_000_000L + sent / MS,
        sent,
        sent,
        OptionalLong.of(first - MS),
        OptionalLong.of(first - MS / 2),
        OptionalLong.of(first),
        OptionalLong.of(first + 41 * MS),
        events,
        OptionalInt.of(promptTokens),
        OptionalInt.of(3),
        OptionalInt.empty(),
        "0".repeat(64),
        Map.of(),
        List.of(),
        Optional.empty());
  }

  private static RequestRecord timeout(int index) {
    long sent = index * 10_000L * MS;
    return new RequestRecord(
        "req-" + index,
        index,
        RequestPhase.MEASURED,
        1_785_000_000_000L + sent / MS,
        sent,
        sent,
        OptionalLong.empty(),
        OptionalLong.empty(),
        OptionalLong.empty(),
        OptionalLong.empty(),
        new long[0],
        OptionalInt.empty(),
        OptionalInt.empty(),
        OptionalInt.empty(),
        "0".repeat(64),
        Map.of(),
        List.of(),
        Optional.of(RequestError.of(ErrorCause.TIMEOUT, "Request timeout (600s)")));
  }

  private static TcpMeasurement tcp(OptionalDouble gbps) {
    boolean ok = gbps.isPresent();
    return new TcpMeasurement(
        ok ? MeasurementStatus.OK : MeasurementStatus.FAILED,
        ok ? Optional.empty() : Optional.of("iperf3: unable to connect to server"),
        Optional.of("iperf 3.12"),
        List.of("iperf3", "-s"),
        List.of("iperf3", "-c", "10.0.0.2"),
        8,
        Duration.ofSeconds(30),
        gbps,
        gbps,
        List.of(),
        OptionalLong.empty(),
        T,
        T,
        "{}",
        "",
        "");
  }

  private static RdmaMeasurement rdma(OptionalDouble gbps) {
    boolean ok = gbps.isPresent();
    return new RdmaMeasurement(
        ok ? MeasurementStatus.OK : MeasurementStatus.FAILED,
        ok ? Optional.empty() : Optional.of("libfabric provider 'efa' is not available"),
        RdmaTool.FI_PINGPONG,
        "efa",
        Optional.of("1.17.0"),
        List.of("fi_pingpong"),
        List.of("fi_pingpong", "10.0.0.2"),
        BandwidthOptions.DEFAULT_MESSAGE_SIZE,
        100,
        gbps,
        OptionalDouble.empty(),
        OptionalDouble.empty(),
        OptionalDouble.empty(),
        T,
        T,
        "",
        "",
        "");
  }

  private static double[] plus(double[] values, double offset) {
    double[] out = new double[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = values[i] + offset;
    }
    return out;
  }

  private static double[] unifiedLong() {
    double[] out = new double[30];
    for (int i = 0; i < out.length; i++) {
      out[i] = (i < 6 ? 4500 : 2250) + JITTER[i % JITTER.length];
    }
    return out;
  }
}
