package io.llmharness.results;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * Every metric of a scenario, over its successful measured requests (METRICS.md has the formulas).
 *
 * @param ttft time to first content token from the hand-off to the HTTP client
 * @param ttftFromSchedule time to first content token from the scheduled start
 * @param tpot {@code (E2E − TTFT) / (completion_tokens − 1)}, requests with at least 2 tokens
 * @param itl every gap between consecutive content events, pooled over requests
 * @param itlPerRequestMean the mean gap of each request, one value per request
 * @param e2e end-to-end latency from the hand-off to {@code [DONE]}
 * @param proxy proxy timings present in at least one request, in {@link ProxyTiming} order
 * @param ttftShape bimodality and change point of TTFT
 * @param tpotShape bimodality and change point of TPOT
 * @param throughput request and token rates
 * @since 0.1.0
 */
public record ScenarioMetrics(
    LatencyMetric ttft,
    LatencyMetric ttftFromSchedule,
    LatencyMetric tpot,
    LatencyMetric itl,
    LatencyMetric itlPerRequestMean,
    LatencyMetric e2e,
    Map<ProxyTiming, LatencyMetric> proxy,
    ShapeAnalysis ttftShape,
    ShapeAnalysis tpotShape,
    Throughput throughput) {

  public ScenarioMetrics {
    Objects.requireNonNull(ttft, "ttft");
    Objects.requireNonNull(ttftFromSchedule, "ttftFromSchedule");
    Objects.requireNonNull(tpot, "tpot");
    Objects.requireNonNull(itl, "itl");
    Objects.requireNonNull(itlPerRequestMean, "itlPerRequestMean");
    Objects.requireNonNull(e2e, "e2e");
    proxy =
        Collections.unmodifiableMap(
            proxy.isEmpty() ? new EnumMap<>(ProxyTiming.class) : new EnumMap<>(proxy));
    Objects.requireNonNull(ttftShape, "ttftShape");
    Objects.requireNonNull(tpotShape, "tpotShape");
    Objects.requireNonNull(throughput, "throughput");
  }
}
