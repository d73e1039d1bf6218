package io.llmharness.results;

import io.llmharness.results.internal.ResultJson;
import java.util.Objects;
import java.util.Optional;

/**
 * The result of one scenario: the seed's metadata, the context (run, spec and its hash,
 * environment, server metrics), every metric, and the failures. Written as {@code
 * <run-id>/<scenario-id>.json} by {@link ResultStore}; {@link #toJson()} gives that text.
 *
 * @param metadata the seed's metadata
 * @param context run, scenario, spec, environment and server metrics
 * @param metrics every metric over the successful measured requests
 * @param errors failed measured requests by cause
 * @since 0.1.0
 */
public record ScenarioResult(
    ScenarioMetadata metadata,
    ScenarioContext context,
    ScenarioMetrics metrics,
    ErrorSummary errors) {

  public ScenarioResult {
    Objects.requireNonNull(metadata, "metadata");
    Objects.requireNonNull(context, "context");
    Objects.requireNonNull(metrics, "metrics");
    Objects.requireNonNull(errors, "errors");
  }

  /** The scenario id. */
  public String scenarioId() {
    return context.scenarioId();
  }

  /**
   * Advice to raise the warmup when the first measured requests were significantly slower: from
   * TTFT's change point, else TPOT's.
   */
  public Optional<String> warmupAdvice() {
    int warmup = metadata.warmupIterations();
    return metrics
        .ttftShape()
        .changePoint()
        .flatMap(c -> c.warmupAdvice(warmup))
        .or(() -> metrics.tpotShape().changePoint().flatMap(c -> c.warmupAdvice(warmup)));
  }

  /**
   * The result file's text: the seed's {@code metadata} and {@code results}, then {@code extended}.
   */
  public String toJson() {
    return ResultJson.write(this);
  }
}
