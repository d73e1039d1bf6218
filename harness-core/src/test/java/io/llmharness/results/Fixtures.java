package io.llmharness.results;

import java.time.LocalDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Deterministic metadata, context and records shared by the results tests and golden files. */
final class Fixtures {
  static final String RUN_ID = "run-2026-03-03";

  private Fixtures() {}

  static ScenarioMetadata metadata() {
    return ScenarioMetadata.builder()
        .phase(15)
        .mode("disaggregated")
        .backend("tcp")
        .prefixCache(false)
        .promptTokens(4096)
        .maxTokens(4)
        .warmupIterations(1)
        .measurementIterations(5)
        .concurrency(1)
        .timestamp(LocalDateTime.of(2026, 3, 3, 14, 55, 23))
        .model("Qwen/Qwen2.5-32B-Instruct")
        .vllmVersion("0.16.0")
        .layer("Disaggregated with TCP")
        .priority("P1")
        .build();
  }

  static Map<String, Object> spec(String id) {
    Map<String, Object> spec = new LinkedHashMap<>();
    spec.put("id", id);
    spec.put("prompt_tokens", 4096);
    spec.put("max_tokens", 4);
    spec.put("concurrency", 1);
    spec.put("temperature", 0.0);
    spec.put("labels", Map.of("phase", "15"));
    return spec;
  }

  static ScenarioContext context(String scenarioId, String specHash) {
    return new ScenarioContext(
        RUN_ID,
        scenarioId,
        spec(scenarioId),
        specHash,
        new Environment(
            "0.1.0-test",
            "17.0.99",
            "Test Vendor",
            "bench-host",
            "Linux 6.1 (amd64)",
            Optional.of("0.16.0")),
        ServerMetrics.of(
            Map.of(
                "vllm:prefix_cache_queries_total{engine=\"0\"}", 16384.0,
                "vllm:prefix_cache_hits_total{engine=\"0\"}", 4096.0)));
  }

  /**
   * Five measured requests (two failed) and one warmup request with hand-checkable timings: TTFT
   * 100, 80, 120 ms; E2E 130, 105, 121 ms; TPOT 10, 12.5 ms; gaps 10, 15 | 10, 10 ms.
   */
  static List<RequestRecord> smallScenario() {
    return List.of(
        TestRecords.request(0, -500).warmup().events(1000, 1050).endAt(1100).tokens(2).build(),
        TestRecords.request(3, 500).events(120).endAt(121).tokens(1).build(),
        TestRecords.request(0, 0)
            .events(100, 110, 125)
            .endAt(130)
            .tokens(4)
            .header("x-proxy-prefill-time", "50.5")
            .comment(" proxy_total_time=128.25")
            .build(),
        TestRecords.request(1, 200)
            .scheduledAt(150)
            .events(80, 90, 100)
            .endAt(105)
            .tokens(3)
            .build(),
        TestRecords.request(2, 400).failed(ErrorCause.TIMEOUT, "Request timeout (600s)").build(),
        TestRecords.request(4, 700)
            .failed(ErrorCause.HTTP_STATUS, 400, "HTTP 400: maximum context length is 4096 tokens")
            .build());
  }
}
