package io.llmharness.runner;

import io.llmharness.client.MetricsSnapshot;
import io.llmharness.results.RequestRecord;
import io.llmharness.scenario.ScenarioSpec;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Everything one execution of a scenario observed, before analysis: the requests of both phases,
 * the server's metrics around the measurement, and what the server said about itself.
 *
 * @param spec the scenario
 * @param target the URL the requests went to (a server or the proxy)
 * @param serverVersion the server's {@code /version}, when it has one
 * @param promptCounter how prompts were sized (which tokenizer)
 * @param chatTemplateOverhead for chat, the measured template tokens around the user message
 * @param warmup the warmup requests, in completion order
 * @param measured the measured requests, in completion order
 * @param metricsBefore {@code /metrics} just before the first measured request was sent (warmup
 *     requests may still run: continuous and open-loop load flow from warmup into measurement)
 * @param metricsAfter {@code /metrics} just after the last measured request finished, before
 *     cooldown requests (continuous load) were cancelled; empty when the scenario was stopped
 * @param started when the scenario started (warmup included)
 * @param finished when the last measured request finished
 */
public record ScenarioRun(
    ScenarioSpec spec,
    URI target,
    Optional<String> serverVersion,
    String promptCounter,
    OptionalInt chatTemplateOverhead,
    List<RequestRecord> warmup,
    List<RequestRecord> measured,
    MetricsSnapshot metricsBefore,
    MetricsSnapshot metricsAfter,
    Instant started,
    Instant finished) {

  public ScenarioRun {
    Objects.requireNonNull(spec, "spec");
    Objects.requireNonNull(target, "target");
    warmup = List.copyOf(warmup);
    measured = List.copyOf(measured);
  }

  /**
   * Requests (of either phase) whose server-reported prompt tokens differ from the target by more
   * than the scenario's tolerance.
   */
  public List<RequestRecord> promptLengthMismatches() {
    int target = spec.prompt().tokens();
    int tolerance = spec.prompt().tolerance();
    return java.util.stream.Stream.concat(warmup.stream(), measured.stream())
        .filter(r -> r.promptTokens().isPresent())
        .filter(r -> Math.abs(r.promptTokens().getAsInt() - target) > tolerance)
        .toList();
  }
}
