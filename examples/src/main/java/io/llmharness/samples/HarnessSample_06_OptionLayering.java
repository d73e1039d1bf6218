package io.llmharness.samples;

import io.llmharness.annotations.Scenario;
import io.llmharness.results.ScenarioResult;
import io.llmharness.runner.Runner;
import io.llmharness.scenario.Option;
import io.llmharness.scenario.Options;
import io.llmharness.scenario.ScenarioOptions;
import io.llmharness.scenario.ScenarioSpec;
import io.llmharness.scenario.ScenarioValidationException;
import io.llmharness.scenario.Scenarios;
import io.llmharness.scenario.StageLadder;
import io.llmharness.server.DeploymentPlanner;
import io.llmharness.server.Supervisor;
import io.llmharness.server.TargetConfig;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/*
 * Every scenario option can be set in five layers, and a higher layer replaces what a lower one set:
 *
 *   defaults  <  @Scenario on the class  <  @Scenario on the method  <  ScenarioOptions.builder()
 *             <  harness.* properties (-D on the command line, JUnit configuration parameters)
 *
 * The order is fixed (JMH's `parent()` chain instead lets whichever Options is the child win).
 * Class annotations of superclasses come before those of subclasses. JUnit runs have no builder
 * layer: there the top layer is the JUnit configuration, which includes -D system properties AND
 * the keys of junit-platform.properties; a harness.maxTokens line in that file overrides every
 * annotation of the run, exactly like -Dharness.maxTokens. The programmatic runner (sample 14) has
 * the builder, and reads properties only if you pass them in, as this main does.
 *
 * This sample builds the layers by hand, the way the JUnit extension does, prints who set what,
 * resolves the result, and runs it. The -D layer is simulated as if -Dharness.iterations=3 were
 * given; real -Dharness.* system properties are added on top.
 *
 * What it printed (the last line measured on the emulator's `fast` profile):
 *
 *   option        class      method           builder  -D   -> resolved
 *   promptTokens  2048       -                -        -    -> 2048
 *   maxTokens     64         16               -        -    -> 16
 *   warmup        10         -                2        -    -> 2
 *   iterations    30         -                5        3    -> 3
 *   labels        team=perf  owner=sample-06  -        -    -> [team=perf, owner=sample-06]
 *   resolved: s06-layers, 2048 prompt + 16 output tokens, warmup 2, 3 measured, labels {team=perf, owner=sample-06}, max_model_len 32768 (derived), prefix cache true (default for unified)
 *   with -Dharness.promptTokens=1024,4096: [s06-layers-1024, s06-layers-4096]
 *   an invalid combination fails before any server starts: scenario [s06-layers]: prompt_tokens 40000 + max_tokens 16 exceeds max_model_len 32768 of stage 1; use stage 2 (65536).
 *   measured 3 requests of 16 output tokens each
 *
 * What could mislead:
 *
 *   - -D is global. -Dharness.iterations=3 makes a quick smoke run of a whole suite, and it also
 *     makes every scenario's p99 meaningless (sample 02) and overrides authors who chose 30 for a
 *     reason. The resolved values are what the result records (extended.spec, and the spec hash a
 *     rerun compares), so a result always says what was really run; read it there, not in the
 *     annotation.
 *   - A comma makes a matrix. -Dharness.promptTokens=1024,4096 doubles every scenario of the run;
 *     ids without a {promptTokens} placeholder get "-1024" and "-4096" appended (sample 07).
 *   - Labels accumulate instead of replacing (a repeated key takes the higher layer's value).
 *   - Derived values come last: max_model_len is the smallest stage that fits 2048 + 16 tokens
 *     (32768), and the prefix cache defaults by backend. Raising promptTokens with -D can move a
 *     scenario to another stage, hence another server.
 *   - Rules are checked on the merged options, all at once, before any server starts: an
 *     annotation that is fine on its own can be broken by a -D value, and the message names the
 *     scenario and the fix.
 */
public final class HarnessSample_06_OptionLayering {
  private HarnessSample_06_OptionLayering() {}

  @Scenario(promptTokens = 2048, maxTokens = 64, warmup = 10, iterations = 30, labels = "team=perf")
  static final class Declared {
    @Scenario(id = "s06-layers", maxTokens = 16, labels = "owner=sample-06")
    void layered() {}
  }

  public static void main(String[] args) throws ReflectiveOperationException {
    ScenarioOptions onClass = ScenarioOptions.of(Declared.class.getAnnotation(Scenario.class));
    ScenarioOptions onMethod =
        ScenarioOptions.of(
            Declared.class.getDeclaredMethod("layered").getAnnotation(Scenario.class));
    ScenarioOptions builder = ScenarioOptions.builder().warmup(2).iterations(5).build();
    Map<String, String> properties = new HashMap<>(Map.of("harness.iterations", "3"));
    System.getProperties().stringPropertyNames().stream()
        .filter(k -> k.startsWith("harness."))
        .forEach(k -> properties.put(k, System.getProperty(k)));
    ScenarioOptions commandLine = ScenarioOptions.fromProperties(properties);

    ScenarioOptions merged =
        onClass.overriddenBy(onMethod).overriddenBy(builder).overriddenBy(commandLine);
    List<ScenarioSpec> specs = Scenarios.resolve(merged, "layered", StageLadder.DEFAULT);

    System.out.printf(
        Locale.ROOT,
        "%-13s %-10s %-16s %-8s %-4s -> %s%n",
        "option",
        "class",
        "method",
        "builder",
        "-D",
        "resolved");
    for (Option<?> option :
        List.of(
            Options.PROMPT_TOKENS,
            Options.MAX_TOKENS,
            Options.WARMUP,
            Options.ITERATIONS,
            Options.LABELS)) {
      System.out.printf(
          Locale.ROOT,
          "%-13s %-10s %-16s %-8s %-4s -> %s%n",
          option.name(),
          text(onClass, option),
          text(onMethod, option),
          text(builder, option),
          text(commandLine, option),
          text(merged, option));
    }
    ScenarioSpec spec = specs.get(0);
    System.out.printf(
        Locale.ROOT,
        "resolved: %s, %d prompt + %d output tokens, warmup %d, %d measured, labels %s,"
            + " max_model_len %d (derived), prefix cache %s (default for %s)%n",
        spec.id(),
        spec.prompt().tokens(),
        spec.maxTokens(),
        spec.load().warmup(),
        spec.load().measuredRequests(),
        spec.labels(),
        spec.server().maxModelLen(),
        spec.server().prefixCache(),
        spec.backend().name().toLowerCase(Locale.ROOT));

    Map<String, String> matrix = new HashMap<>(properties);
    matrix.put("harness.promptTokens", "1024,4096");
    List<ScenarioSpec> expanded =
        Scenarios.resolve(
            merged.overriddenBy(ScenarioOptions.fromProperties(matrix)),
            "layered",
            StageLadder.DEFAULT);
    System.out.println(
        "with -Dharness.promptTokens=1024,4096: "
            + expanded.stream().map(ScenarioSpec::id).toList());

    try {
      Scenarios.resolve(
          merged.overriddenBy(
              ScenarioOptions.builder().promptTokens(40000).maxModelLen(32768).build()),
          "layered",
          StageLadder.DEFAULT);
    } catch (ScenarioValidationException e) {
      System.out.println(
          "an invalid combination fails before any server starts: " + e.getMessage());
    }

    TargetConfig target = TargetConfig.fromProperties(Map.of("harness.emulator.profile", "fast"));
    try (Supervisor supervisor = new Supervisor(target);
        Runner runner = SampleRunners.runner("06")) {
      ScenarioResult result =
          runner
              .run(spec, supervisor.ensure(new DeploymentPlanner(target).plan(spec)).target())
              .result();
      System.out.printf(
          Locale.ROOT,
          "measured %d requests of %d output tokens each%n",
          result.errors().measured(),
          result.metrics().throughput().completionTokens()
              / Math.max(1, result.errors().successful()));
      if (result.errors().measured() != spec.load().measuredRequests()) {
        throw new IllegalStateException("the run did not follow the resolved spec: " + spec);
      }
    }
  }

  private static String text(ScenarioOptions layer, Option<?> option) {
    List<?> values = layer.values(option);
    return values.isEmpty()
        ? "-"
        : values.size() == 1 ? String.valueOf(values.get(0)) : values.toString();
  }

  /*
   * ============================== HOW TO RUN THIS SAMPLE: ==============================
   *
   * a) From the repository root, through the test that runs every main-style sample:
   *
   *      mvn -B -pl examples -am verify -Dit.test='SamplesMainIT#sample06*' \
   *          -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false \
   *          -Dfailsafe.failIfNoSpecifiedTests=false
   *
   *    Add -Dharness.maxTokens=8 and watch the table's -D column and the last line change.
   *
   * b) From the IDE: run main(), with VM options such as -Dharness.warmup=0 to see a real -D layer.
   */
}
