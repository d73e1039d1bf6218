package io.llmharness.runner.internal;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmharness.results.AnalysisOptions;
import io.llmharness.results.Environment;
import io.llmharness.results.ResultStore;
import io.llmharness.results.ScenarioAnalysis;
import io.llmharness.results.ScenarioContext;
import io.llmharness.results.ScenarioMetadata;
import io.llmharness.results.ScenarioResult;
import io.llmharness.results.ServerMetrics;
import java.io.IOException;
import java.nio.file.Files;
import java.time.LocalDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Re-reads a complete result of an earlier execution of the same run: its request log is analysed
 * again (the analysis is deterministic) with the metadata, environment and server metrics the
 * result file recorded, so a resumed run can still assert on scenarios it skipped.
 */
public final class StoredResult {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<Map<String, Object>> SPEC_TYPE = new TypeReference<>() {};

  private StoredResult() {}

  /** The stored result of {@code scenarioId}, re-analysed from its request log. */
  public static ScenarioResult read(ResultStore store, String scenarioId, AnalysisOptions options)
      throws IOException {
    JsonNode root = JSON.readTree(Files.readString(store.resultFile(scenarioId)));
    JsonNode extended = root.path("extended");
    return ScenarioAnalysis.analyze(
        store.requests(scenarioId).records(),
        metadata(root.path("metadata")),
        new ScenarioContext(
            extended.path("run_id").asText(store.runId()),
            scenarioId,
            JSON.convertValue(extended.path("spec"), SPEC_TYPE),
            extended.path("spec_hash").asText(),
            environment(extended.path("environment")),
            serverMetrics(extended.path("server_metrics"))),
        options);
  }

  private static ScenarioMetadata metadata(JsonNode m) {
    ScenarioMetadata.Builder b =
        ScenarioMetadata.builder()
            .mode(m.path("mode").asText())
            .backend(m.path("backend").asText())
            .prefixCache(m.path("prefix_cache").asBoolean())
            .promptTokens(m.path("prompt_tokens").asInt())
            .maxTokens(m.path("max_tokens").asInt())
            .warmupIterations(m.path("warmup_iterations").asInt())
            .measurementIterations(m.path("measurement_iterations").asInt())
            .concurrency(m.path("concurrency").asInt())
            .measurementType(m.path("measurement_type").asText("online"))
            .measurementMethod(m.path("measurement_method").asText("okhttp"))
            .timestamp(LocalDateTime.parse(m.path("timestamp").asText()))
            .model(m.path("model").asText())
            .vllmVersion(m.path("vllm_version").asText("unknown"))
            .instanceType(m.path("instance_type").asText("unknown"));
    if (m.path("phase").isInt()) {
      b.phase(m.path("phase").asInt());
    }
    if (m.hasNonNull("layer")) {
      b.layer(m.path("layer").asText());
    }
    if (m.hasNonNull("priority")) {
      b.priority(m.path("priority").asText());
    }
    return b.build();
  }

  private static Environment environment(JsonNode e) {
    return new Environment(
        e.path("harness_version").asText(),
        e.path("java_version").asText(),
        e.path("java_vendor").asText(),
        e.path("host_name").asText(),
        e.path("os").asText(),
        e.hasNonNull("server_version")
            ? Optional.of(e.path("server_version").asText())
            : Optional.empty());
  }

  private static ServerMetrics serverMetrics(JsonNode s) {
    Map<String, Double> deltas = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> f : s.path("deltas").properties()) {
      deltas.put(f.getKey(), f.getValue().asDouble());
    }
    return deltas.isEmpty() ? ServerMetrics.none() : ServerMetrics.of(deltas);
  }
}
