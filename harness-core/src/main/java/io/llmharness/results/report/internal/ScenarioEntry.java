package io.llmharness.results.report.internal;

import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * What the report shows of one scenario result file. Every value the file may lack is optional.
 *
 * @param fileName the result file's name
 * @param id the scenario id
 * @param backend {@code unified}, {@code efa}, {@code tcp}, or what the file says
 * @param prefixCache whether the server's prefix cache was on
 * @param promptTokens the target prompt length
 * @param concurrency requests in flight
 * @param maxModelLen the stage (the server's {@code max_model_len})
 * @param ttft TTFT statistics, when at least one request succeeded
 * @param tpotP50 median TPOT in milliseconds
 * @param itlP99 99th percentile of the pooled inter-token latency in milliseconds
 * @param outputTokensPerSecond output tokens per second over the measured span
 * @param requestsPerSecond successful requests per second over the measured span
 * @param measured measured requests
 * @param failed failed measured requests
 * @param errors failed requests by cause
 * @param prefixCacheHitRate the server's prefix-cache hit rate over the measured requests
 * @param ttftShift a significant change point of TTFT in request order
 * @param findings readable findings: warmup advice, bimodality, change points, errors
 */
public record ScenarioEntry(
    String fileName,
    String id,
    String backend,
    Optional<Boolean> prefixCache,
    OptionalInt promptTokens,
    OptionalInt concurrency,
    OptionalInt maxModelLen,
    Optional<LatencyStats> ttft,
    OptionalDouble tpotP50,
    OptionalDouble itlP99,
    OptionalDouble outputTokensPerSecond,
    OptionalDouble requestsPerSecond,
    OptionalInt measured,
    OptionalInt failed,
    List<ErrorCount> errors,
    OptionalDouble prefixCacheHitRate,
    Optional<Shift> ttftShift,
    List<String> findings) {

  /** The report's order: by stage (unknown last), then by id. */
  public static final Comparator<ScenarioEntry> REPORT_ORDER =
      Comparator.comparingInt((ScenarioEntry e) -> e.maxModelLen().orElse(Integer.MAX_VALUE))
          .thenComparing(ScenarioEntry::id);

  /** The backend of unified scenarios. */
  public static final String UNIFIED = "unified";

  /** The EFA backend. */
  public static final String EFA = "efa";

  /** The TCP backend. */
  public static final String TCP = "tcp";

  public ScenarioEntry {
    Objects.requireNonNull(fileName, "fileName");
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(backend, "backend");
    Objects.requireNonNull(prefixCache, "prefixCache");
    Objects.requireNonNull(ttft, "ttft");
    errors = List.copyOf(errors);
    Objects.requireNonNull(prefixCacheHitRate, "prefixCacheHitRate");
    Objects.requireNonNull(ttftShift, "ttftShift");
    findings = List.copyOf(findings);
  }

  /** The successful TTFT values in request order (empty when none succeeded). */
  public double[] ttftValues() {
    return ttft.map(LatencyStats::raw).orElseGet(() -> new double[0]);
  }
}
