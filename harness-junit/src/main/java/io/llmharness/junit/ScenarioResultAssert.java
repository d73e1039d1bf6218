package io.llmharness.junit;

import io.llmharness.results.ProxyTiming;
import io.llmharness.results.ScenarioResult;
import io.llmharness.runner.ScenarioOutcome;
import io.llmharness.stats.BimodalityTest;
import java.util.Locale;
import java.util.stream.Collectors;
import org.assertj.core.api.AbstractAssert;
import org.assertj.core.api.AbstractDoubleAssert;
import org.assertj.core.api.Assertions;

/**
 * AssertJ assertions on a {@link ScenarioResult}. Failure messages name the scenario, the measured
 * values and the result file.
 *
 * <p>Intended for users; start from {@link HarnessAssertions#assertThat(ScenarioResult)}.
 */
public final class ScenarioResultAssert
    extends AbstractAssert<ScenarioResultAssert, ScenarioResult> {
  private final String resultFile;

  ScenarioResultAssert(ScenarioResult actual, String resultFile) {
    super(actual, ScenarioResultAssert.class);
    this.resultFile = resultFile;
  }

  static ScenarioResultAssert of(ScenarioResult result) {
    return new ScenarioResultAssert(
        result, result.context().runId() + "/" + result.scenarioId() + ".json");
  }

  static ScenarioResultAssert of(ScenarioOutcome outcome) {
    return new ScenarioResultAssert(outcome.result(), outcome.resultFile().toString());
  }

  /** Time to first token, from the hand-off to the HTTP client. */
  public MetricAssert ttft() {
    return metric("TTFT", actual.metrics().ttft());
  }

  /** Time to first token from the scheduled start (open-loop load). */
  public MetricAssert ttftFromSchedule() {
    return metric("TTFT from schedule", actual.metrics().ttftFromSchedule());
  }

  /** Time per output token after the first. */
  public MetricAssert tpot() {
    return metric("TPOT", actual.metrics().tpot());
  }

  /** Inter-token latency, every gap pooled. */
  public MetricAssert itl() {
    return metric("ITL", actual.metrics().itl());
  }

  /** End-to-end latency. */
  public MetricAssert e2e() {
    return metric("E2E", actual.metrics().e2e());
  }

  /** A proxy timing ({@code proxy_prefill_time}, …); fails when no request carried it. */
  public MetricAssert proxy(ProxyTiming timing) {
    isNotNull();
    var values = actual.metrics().proxy().get(timing);
    if (values == null) {
      failWithMessage(
          "scenario [%s] has no %s: no request carried it (is the scenario going through the proxy?);"
              + " result %s",
          actual.scenarioId(), timing.resultKey(), resultFile);
    }
    return metric(timing.resultKey(), values);
  }

  /** Checks that no measured request failed. */
  public ScenarioResultAssert hasNoErrors() {
    isNotNull();
    var errors = actual.errors();
    if (errors.failed() > 0) {
      failWithMessage(
          "scenario [%s] had %d failed of %d measured requests: %s; result %s",
          actual.scenarioId(),
          errors.failed(),
          errors.measured(),
          errors.byCause().entrySet().stream()
              .map(
                  e ->
                      e.getKey()
                          + " ×"
                          + e.getValue().count()
                          + " ("
                          + String.join(" | ", e.getValue().firstMessages())
                          + ")")
              .collect(Collectors.joining("; ")),
          resultFile);
    }
    return this;
  }

  /** Checks that every timing the proxy reports is present (disaggregated scenarios). */
  public ScenarioResultAssert hasProxyTimings() {
    isNotNull();
    for (ProxyTiming t : ProxyTiming.values()) {
      if (!actual.metrics().proxy().containsKey(t)) {
        failWithMessage(
            "scenario [%s] has no %s (present: %s); are its requests going through the proxy? result %s",
            actual.scenarioId(), t.resultKey(), actual.metrics().proxy().keySet(), resultFile);
      }
    }
    return this;
  }

  /**
   * Checks that neither TTFT nor TPOT is bimodal (dip test and mixture) and neither has a
   * significant change point; the failure says how much warmup the data asks for. Use it at
   * concurrency 1: with several requests in flight TTFT depends on the place in the queue, which
   * makes it multimodal by design; use {@link #hasNoChangePoint()} there.
   */
  public ScenarioResultAssert isSteady() {
    return hasNoBimodality().hasNoChangePoint();
  }

  /** Checks that neither TTFT nor TPOT is bimodal (dip test and mixture). */
  public ScenarioResultAssert hasNoBimodality() {
    isNotNull();
    bimodality("TTFT", actual.metrics().ttftShape(), actual.metrics().ttft());
    bimodality("TPOT", actual.metrics().tpotShape(), actual.metrics().tpot());
    return this;
  }

  /**
   * Checks that neither TTFT nor TPOT changes level during the measurement; when the first requests
   * were the slow ones, the failure says how much warmup the data asks for.
   */
  public ScenarioResultAssert hasNoChangePoint() {
    isNotNull();
    changePoint("TTFT", actual.metrics().ttftShape());
    changePoint("TPOT", actual.metrics().tpotShape());
    return this;
  }

  private String advice() {
    return actual
        .warmupAdvice()
        .orElse("no warmup advice: the slow requests are not the first ones");
  }

  private void bimodality(
      String metric,
      io.llmharness.results.ShapeAnalysis shape,
      io.llmharness.results.LatencyMetric values) {
    shape
        .bimodality()
        .filter(BimodalityTest::bimodal)
        .ifPresent(
            b ->
                failWithMessage(
                    "scenario [%s] %s is bimodal (dip p=%s, modes %s ms ×%s and %s ms ×%s); %s; values %s; result %s",
                    actual.scenarioId(),
                    metric,
                    String.format(Locale.ROOT, "%.4f", b.dip().pValue()),
                    MetricAssert.format(b.mixture().fast().mean()),
                    String.format(Locale.ROOT, "%.2f", b.mixture().fast().weight()),
                    MetricAssert.format(b.mixture().slow().mean()),
                    String.format(Locale.ROOT, "%.2f", b.mixture().slow().weight()),
                    advice(),
                    values.summary().map(MetricAssert::distribution).orElse("-"),
                    resultFile));
  }

  private void changePoint(String metric, io.llmharness.results.ShapeAnalysis shape) {
    shape
        .changePoint()
        .filter(c -> c.significant())
        .ifPresent(
            c ->
                failWithMessage(
                    "scenario [%s] %s changes level after request %d (%s ms before, %s ms after, p=%s); %s; result %s",
                    actual.scenarioId(),
                    metric,
                    c.index(),
                    MetricAssert.format(c.meanBefore()),
                    MetricAssert.format(c.meanAfter()),
                    String.format(Locale.ROOT, "%.4f", c.pValue()),
                    advice(),
                    resultFile));
  }

  /** The server's prefix-cache hit rate over the measured requests (fails when not reported). */
  public AbstractDoubleAssert<?> prefixCacheHitRate() {
    isNotNull();
    var rate = actual.context().serverMetrics().prefixCacheHitRate();
    if (rate.isEmpty()) {
      failWithMessage(
          "scenario [%s]: the server reported no prefix-cache counters; result %s",
          actual.scenarioId(), resultFile);
    }
    return Assertions.assertThat(rate.getAsDouble())
        .as("scenario [%s] prefix-cache hit rate; result %s", actual.scenarioId(), resultFile);
  }

  private MetricAssert metric(String name, io.llmharness.results.LatencyMetric values) {
    isNotNull();
    return new MetricAssert(actual.scenarioId(), name, values, resultFile);
  }
}
