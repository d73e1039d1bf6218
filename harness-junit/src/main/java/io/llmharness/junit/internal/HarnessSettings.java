package io.llmharness.junit.internal;

import io.llmharness.internal.ConfigValues;
import io.llmharness.scenario.LoadShape;
import io.llmharness.scenario.Option;
import io.llmharness.scenario.Options;
import io.llmharness.scenario.PromptSharing;
import io.llmharness.scenario.ScenarioOptions;
import io.llmharness.scenario.ScenarioSpec;
import io.llmharness.scenario.StageLadder;
import io.llmharness.server.TargetConfig;
import io.llmharness.server.slurm.SlurmSettings;
import io.llmharness.server.ssh.SshSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The run's configuration, read from JUnit configuration parameters (which include system
 * properties and {@code junit-platform.properties}) by key.
 */
public final class HarnessSettings {
  /** The keys of runs and results this extension reads itself. */
  private static final List<String> RUN_KEYS =
      List.of(
          "harness.results.dir",
          "harness.run.id",
          "harness.stages",
          "harness.scenarios",
          "harness.tokenizer",
          "harness.healthCheckInterval",
          "harness.healthCheckFailures",
          "harness.idleTimeout",
          "harness.emulated.warmup",
          "harness.emulated.iterations",
          "harness.emulated.requests");

  /**
   * Every non-scenario key the harness reads: the target's, the Slurm and SSH launchers', and the
   * run's.
   */
  static final List<String> KEYS =
      Stream.of(TargetConfig.KEYS, SlurmSettings.KEYS, SshSettings.KEYS, RUN_KEYS)
          .flatMap(List::stream)
          .toList();

  private final Map<String, String> values;

  private HarnessSettings(Map<String, String> values) {
    this.values = Map.copyOf(values);
  }

  /**
   * Reads every known key through a lookup such as {@code context::getConfigurationParameter}, and
   * every {@code harness.*} system property (so keys of launchers and tools added later need no
   * registration when given with {@code -D}).
   */
  public static HarnessSettings read(Function<String, Optional<String>> lookup) {
    Map<String, String> values = new LinkedHashMap<>();
    System.getProperties()
        .stringPropertyNames()
        .forEach(
            key -> {
              if (key.startsWith("harness.")) {
                values.put(key, System.getProperty(key));
              }
            });
    for (String key : KEYS) {
      lookup.apply(key).ifPresent(v -> values.put(key, v));
    }
    for (Option<?> o : Options.all()) {
      lookup.apply(o.key()).ifPresent(v -> values.put(o.key(), v));
    }
    return new HarnessSettings(values);
  }

  /** All values read, key → text. */
  public Map<String, String> values() {
    return values;
  }

  /**
   * The scenario options set by configuration: the highest-precedence layer. On the emulated
   * target, {@code harness.emulated.warmup} and {@code harness.emulated.iterations} stand in for
   * {@code harness.warmup} and {@code harness.iterations} when those are not set, so a suite
   * written with a study's full settings runs in minutes on the emulator.
   */
  public ScenarioOptions scenarioOverrides() {
    return ScenarioOptions.fromProperties(effectiveValues());
  }

  /**
   * The spec with the emulated target's reductions: {@code harness.emulated.warmup} as its warmup
   * (but at least {@link #warmupFloor}) unless {@code harness.warmup} is set, and with {@code
   * harness.emulated.requests}, iterations = ceil(requests / concurrency) so every scenario
   * measures about the same number of requests unless {@code harness.iterations} is set. Other
   * targets: the spec unchanged.
   */
  public ScenarioSpec emulatedRequests(ScenarioSpec spec) {
    if (!emulated()) {
      return spec;
    }
    LoadShape load = spec.load();
    int warmup = load.warmup();
    String reducedWarmup = values.get("harness.emulated.warmup");
    if (reducedWarmup != null
        && !reducedWarmup.isBlank()
        && !values.containsKey("harness.warmup")) {
      warmup =
          Math.max(
              warmupFloor(spec),
              ConfigValues.read(values, "harness.emulated.warmup", 0, ConfigValues::parseInt));
    }
    int iterations = load.iterations();
    String requests = values.get("harness.emulated.requests");
    if (requests != null && !requests.isBlank() && !values.containsKey("harness.iterations")) {
      int wanted =
          ConfigValues.read(values, "harness.emulated.requests", 1, ConfigValues::parseInt);
      iterations = Math.max(1, (wanted + load.concurrency() - 1) / load.concurrency());
    }
    if (warmup == load.warmup() && iterations == load.iterations()) {
      return spec;
    }
    return spec.withLoad(
        new LoadShape(
            warmup,
            iterations,
            load.concurrency(),
            load.mode(),
            load.requestRate(),
            load.burstiness()));
  }

  /**
   * The least warmup a reduced scenario keeps: 1 where prompts share a prefix (the first request
   * fills the cache, and a measured cache miss would be a different measurement), else 0. At
   * concurrency above 1 a reduction without a round of warmup measures one round whose requests
   * start together and queue, as the seed's rounds did; the suite does not read a change point as a
   * warmup signal there.
   */
  static int warmupFloor(ScenarioSpec spec) {
    return spec.prompt().sharing() == PromptSharing.UNIQUE ? 0 : 1;
  }

  /**
   * The emulated-target reductions in force, e.g. {@code warmup 2, iterations 5}; empty if none.
   */
  public Optional<String> emulatedReductions() {
    if (!emulated()) {
      return Optional.empty();
    }
    List<String> applied = new java.util.ArrayList<>();
    if (!values.containsKey("harness.warmup") && values.containsKey("harness.emulated.warmup")) {
      applied.add(
          "warmup "
              + values.get("harness.emulated.warmup")
              + " (at least 1 where prompts share a prefix)");
    }
    if (!values.containsKey("harness.iterations")
        && values.containsKey("harness.emulated.iterations")) {
      applied.add("iterations " + values.get("harness.emulated.iterations"));
    }
    if (!values.containsKey("harness.iterations")
        && values.containsKey("harness.emulated.requests")) {
      applied.add(
          "about "
              + values.get("harness.emulated.requests")
              + " measured requests (iterations = requests / concurrency)");
    }
    return applied.isEmpty() ? Optional.empty() : Optional.of(String.join(", ", applied));
  }

  private Map<String, String> effectiveValues() {
    if (!emulated()) {
      return values;
    }
    Map<String, String> effective = new LinkedHashMap<>(values);
    String reduced = values.get("harness.emulated.iterations");
    if (reduced != null && !values.containsKey("harness.iterations")) {
      effective.put("harness.iterations", reduced);
    }
    return effective;
  }

  private boolean emulated() {
    String target = values.get("harness.target");
    return target == null || target.isBlank() || target.trim().equalsIgnoreCase("emulated");
  }

  /** The stage ladder ({@code harness.stages}). */
  public StageLadder stages() {
    String s = values.get("harness.stages");
    return s == null || s.isBlank() ? StageLadder.DEFAULT : StageLadder.parse(s);
  }

  /** The target configuration. */
  public TargetConfig target() {
    return TargetConfig.fromProperties(values);
  }

  /** Where results go ({@code harness.results.dir}, default {@code results}). */
  public Path resultsDir() {
    return Path.of(values.getOrDefault("harness.results.dir", "results"));
  }

  /** A local tokenizer.json for servers without /tokenize ({@code harness.tokenizer}). */
  public Optional<Path> tokenizer() {
    return Optional.ofNullable(values.get("harness.tokenizer"))
        .filter(s -> !s.isBlank())
        .map(Path::of);
  }

  /**
   * How long a scenario waits for busy servers before its first request ({@code
   * harness.idleTimeout}, default 2 minutes).
   */
  public Duration idleTimeout() {
    return ConfigValues.read(
        values, "harness.idleTimeout", Duration.ofMinutes(2), ConfigValues::parseDuration);
  }

  /** The run id ({@code harness.run.id}, default {@code default}); a rerun with it resumes. */
  public String runId() {
    return values.getOrDefault("harness.run.id", "default");
  }

  /**
   * True when a scenario id is selected by {@code harness.scenarios} (comma-separated ids, with
   * {@code *} as a wildcard, e.g. {@code p15-L1-*}); everything is selected when it is unset.
   */
  public boolean selects(String scenarioId) {
    String filter = values.get("harness.scenarios");
    if (filter == null || filter.isBlank()) {
      return true;
    }
    for (String pattern : ConfigValues.parseList(filter)) {
      String regex = Pattern.quote(pattern).replace("*", "\\E.*\\Q");
      if (scenarioId.matches(regex)) {
        return true;
      }
    }
    return false;
  }
}
