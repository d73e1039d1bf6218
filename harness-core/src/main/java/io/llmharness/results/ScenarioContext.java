package io.llmharness.results;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What identifies a scenario result beyond the seed's metadata: the run and scenario ids, the
 * resolved spec and its hash (a rerun skips scenarios whose hash already has a complete result),
 * the environment and the server's metric deltas.
 *
 * @param runId the run, the name of the results subdirectory
 * @param scenarioId the scenario, the base name of its files
 * @param spec the resolved scenario spec as plain values (strings, numbers, booleans, lists, maps)
 * @param specHash the spec's hash (the scenario model's {@code ScenarioSpec.hash()})
 * @param environment where it was measured
 * @param serverMetrics the server's {@code /metrics} deltas
 * @since 0.1.0
 */
public record ScenarioContext(
    String runId,
    String scenarioId,
    Map<String, Object> spec,
    String specHash,
    Environment environment,
    ServerMetrics serverMetrics) {

  private static final Pattern FILE_SAFE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

  public ScenarioContext {
    requireFileSafe("run id", runId);
    requireFileSafe("scenario id", scenarioId);
    spec = Collections.unmodifiableMap(new LinkedHashMap<>(spec));
    Objects.requireNonNull(specHash, "specHash");
    Objects.requireNonNull(environment, "environment");
    Objects.requireNonNull(serverMetrics, "serverMetrics");
  }

  /** Checks that {@code value} can name a file; used for run and scenario ids. */
  static String requireFileSafe(String what, String value) {
    Objects.requireNonNull(value, what);
    if (!FILE_SAFE.matcher(value).matches()) {
      throw new IllegalArgumentException(
          "The "
              + what
              + " ["
              + value
              + "] names result files, so it must start with a letter or digit and contain only"
              + " letters, digits, '.', '_' and '-'.");
    }
    return value;
  }
}
