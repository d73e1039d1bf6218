package io.llmharness.runner.internal;

import io.llmharness.results.Environment;
import io.llmharness.results.ScenarioContext;
import io.llmharness.results.ScenarioMetadata;
import io.llmharness.results.ServerMetrics;
import io.llmharness.runner.ScenarioRun;
import io.llmharness.scenario.ScenarioSpec;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/** Fills the result's seed metadata and context from a scenario and what its run observed. */
public final class ResultMapping {
  private ResultMapping() {}

  /** The seed's metadata of a scenario that started at {@code timestamp} (local time). */
  public static ScenarioMetadata metadata(
      ScenarioSpec spec, Optional<String> serverVersion, LocalDateTime timestamp) {
    ScenarioMetadata.Builder b =
        ScenarioMetadata.builder()
            .timestamp(timestamp.truncatedTo(ChronoUnit.SECONDS))
            .mode(spec.backend().disaggregated() ? "disaggregated" : "unified")
            .backend(spec.backend().seedName())
            .prefixCache(spec.server().prefixCache())
            .promptTokens(spec.prompt().tokens())
            .maxTokens(spec.maxTokens())
            .warmupIterations(spec.load().warmup())
            .measurementIterations(spec.load().iterations())
            .concurrency(spec.load().concurrency())
            .model(spec.model());
    serverVersion.ifPresent(b::vllmVersion);
    String phase = spec.labels().get("phase");
    if (phase != null && phase.matches("\\d+")) {
      b.phase(Integer.parseInt(phase));
    }
    Optional.ofNullable(spec.labels().get("layer")).ifPresent(b::layer);
    Optional.ofNullable(spec.labels().get("priority")).ifPresent(b::priority);
    Optional.ofNullable(spec.labels().get("instance_type")).ifPresent(b::instanceType);
    return b.build();
  }

  /** The metadata of a finished run, stamped with its start time. */
  public static ScenarioMetadata metadata(ScenarioRun run) {
    return metadata(
        run.spec(),
        run.serverVersion(),
        LocalDateTime.ofInstant(run.started(), ZoneId.systemDefault()));
  }

  /** The context of a finished run. */
  public static ScenarioContext context(String runId, ScenarioRun run) {
    return new ScenarioContext(
        runId,
        run.spec().id(),
        run.spec().toMap(),
        run.spec().hash(),
        Environment.detect(run.serverVersion()),
        run.metricsBefore().samples().isEmpty()
            ? ServerMetrics.none()
            : ServerMetrics.of(run.metricsAfter().deltaSince(run.metricsBefore())));
  }
}
