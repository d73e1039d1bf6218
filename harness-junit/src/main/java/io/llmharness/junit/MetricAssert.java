package io.llmharness.junit;

import io.llmharness.results.LatencyMetric;
import io.llmharness.stats.Summary;
import java.time.Duration;
import java.util.Locale;
import java.util.function.ToDoubleFunction;
import org.assertj.core.api.AbstractDurationAssert;
import org.assertj.core.api.Assertions;

/**
 * Assertions on one latency metric of a scenario; every statistic is a {@link Duration} whose
 * failure message carries the scenario, the whole distribution and the result file.
 *
 * <p>Intended for users: {@code assertThat(result).ttft().p50().isLessThan(ofSeconds(3))}.
 */
public final class MetricAssert {
  private final String scenario;
  private final String metric;
  private final LatencyMetric values;
  private final String resultFile;

  MetricAssert(String scenario, String metric, LatencyMetric values, String resultFile) {
    this.scenario = scenario;
    this.metric = metric;
    this.values = values;
    this.resultFile = resultFile;
  }

  /** The median. */
  public AbstractDurationAssert<?> p50() {
    return stat("p50", Summary::p50);
  }

  /** The 90th percentile. */
  public AbstractDurationAssert<?> p90() {
    return stat("p90", Summary::p90);
  }

  /** The 95th percentile. */
  public AbstractDurationAssert<?> p95() {
    return stat("p95", Summary::p95);
  }

  /** The 99th percentile. */
  public AbstractDurationAssert<?> p99() {
    return stat("p99", Summary::p99);
  }

  /** The mean. */
  public AbstractDurationAssert<?> mean() {
    return stat("mean", Summary::mean);
  }

  /** The largest value. */
  public AbstractDurationAssert<?> max() {
    return stat("max", Summary::max);
  }

  /** The summary of the metric, for assertions the shortcuts above do not cover. */
  public Summary summary() {
    return values
        .summary()
        .orElseThrow(
            () ->
                new AssertionError(
                    "scenario ["
                        + scenario
                        + "] has no "
                        + metric
                        + " values (no successful request); see "
                        + resultFile));
  }

  private AbstractDurationAssert<?> stat(String name, ToDoubleFunction<Summary> f) {
    Summary s = summary();
    double ms = f.applyAsDouble(s);
    return Assertions.assertThat(Duration.ofNanos(Math.round(ms * 1e6)))
        .as(
            "scenario [%s] %s %s = %s ms (%s); result %s",
            scenario, metric, name, format(ms), distribution(s), resultFile);
  }

  static String distribution(Summary s) {
    return String.format(
        Locale.ROOT,
        "n=%d, min %s, p50 %s, p90 %s, p95 %s, p99 %s, max %s, mean %s, stdev %s ms",
        s.n(),
        format(s.min()),
        format(s.p50()),
        format(s.p90()),
        format(s.p95()),
        format(s.p99()),
        format(s.max()),
        format(s.mean()),
        format(s.stdev()));
  }

  static String format(double ms) {
    return String.format(Locale.ROOT, ms >= 100 ? "%.1f" : "%.3f", ms);
  }
}
