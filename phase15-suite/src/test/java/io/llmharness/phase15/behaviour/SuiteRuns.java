package io.llmharness.phase15.behaviour;

import static org.junit.platform.engine.discovery.ClassNameFilter.excludeClassNamePatterns;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

/** Test support: runs Phase 15 suite classes through an inner JUnit engine with given settings. */
final class SuiteRuns {
  static final String PACKAGE = "io.llmharness.phase15.";

  private SuiteRuns() {}

  /** The settings every behaviour test starts from: fast profile, results under {@code dir}. */
  static Map<String, String> settings(Path dir) {
    Map<String, String> config = new LinkedHashMap<>();
    config.put("junit.jupiter.testclass.order.default", "io.llmharness.junit.StageClassOrderer");
    config.put("harness.emulator.profile", "fast");
    config.put("harness.results.dir", dir.resolve("results").toString());
    config.put("harness.logs.dir", dir.resolve("logs").toString());
    config.put("harness.run.id", "behaviour");
    return config;
  }

  /** Runs the named suite classes (simple names) in this JVM. */
  static EngineExecutionResults run(Map<String, String> config, List<String> classes) {
    return EngineTestKit.engine("junit-jupiter")
        .selectors(
            classes.stream()
                .map(c -> selectClass(PACKAGE + c))
                .toArray(org.junit.platform.engine.DiscoverySelector[]::new))
        .configurationParameters(config)
        .execute();
  }

  /** The same request, for a launcher in another JVM. */
  static LauncherDiscoveryRequest request(Map<String, String> config, List<String> classes) {
    return LauncherDiscoveryRequestBuilder.request()
        .selectors(classes.stream().map(c -> selectClass(PACKAGE + c)).toList())
        .filters(excludeClassNamePatterns(".*\\.behaviour\\..*"))
        .configurationParameters(config)
        .build();
  }

  /** The messages of the failed tests of a run. */
  static List<String> failureMessages(EngineExecutionResults results) {
    return results.testEvents().failed().stream()
        .map(e -> e.getPayload(org.junit.platform.engine.TestExecutionResult.class).orElseThrow())
        .map(r -> r.getThrowable().map(Throwable::getMessage).orElse(""))
        .toList();
  }
}
