package io.llmharness.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.llmharness.server.LiveProcesses;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.discovery.ClassSelector;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

/**
 * The extension through JUnit's engine, against emulator processes. Every run serves a model named
 * for this test, so the processes it started can be found: none may survive the run.
 */
class ScenarioExtensionIT {
  @TempDir Path results;

  private final String model = "extension-it-" + UUID.randomUUID();

  @AfterEach
  void noServerSurvivesTheRun() {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!LiveProcesses.withCommandLineContaining(model).isEmpty()
        && System.nanoTime() < deadline) {
      LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
    }
    assertThat(LiveProcesses.withCommandLineContaining(model))
        .as("processes serving %s after the run", model)
        .isEmpty();
  }

  private EngineExecutionResults run(List<Class<?>> classes, String... config) {
    List<ClassSelector> selectors = new ArrayList<>();
    classes.forEach(c -> selectors.add(selectClass(c)));
    EngineTestKit.Builder kit =
        EngineTestKit.engine("junit-jupiter")
            .selectors(selectors.toArray(ClassSelector[]::new))
            .configurationParameter(
                "junit.jupiter.testclass.order.default", StageClassOrderer.class.getName())
            .configurationParameter("harness.results.dir", results.toString())
            .configurationParameter("harness.model", model)
            .configurationParameter("harness.emulator.profile", "fast")
            .configurationParameter("harness.logs.dir", results.resolve("logs").toString());
    for (int i = 0; i < config.length; i += 2) {
      kit.configurationParameter(config[i], config[i + 1]);
    }
    return kit.execute();
  }

  private static List<String> reportValues(EngineExecutionResults r, String key) {
    List<String> values = new ArrayList<>();
    r.allEvents().reportingEntryPublished().stream()
        .map(Event::getPayload)
        .forEach(
            p ->
                p.flatMap(
                        x ->
                            x instanceof org.junit.platform.engine.reporting.ReportEntry e
                                ? java.util.Optional.of(e)
                                : java.util.Optional.empty())
                    .ifPresent(
                        e ->
                            e.getKeyValuePairs()
                                .forEach(
                                    (k, v) -> {
                                      if (k.equals(key)) {
                                        values.add(v);
                                      }
                                    })));
    return values;
  }

  @Test
  void shuffledClassesStartEachDistinctDeploymentOnce() throws java.io.IOException {
    List<Class<?>> classes =
        new ArrayList<>(
            List.of(
                Fixtures.MixedDeploymentsCase.class,
                Fixtures.Stage2AndUncachedCase.class,
                Fixtures.CachedOnlyCase.class));
    Collections.shuffle(classes, new Random(7));

    EngineExecutionResults r = run(classes);

    r.testEvents().assertStatistics(s -> s.started(6).succeeded(6).failed(0));
    List<String> starts = reportValues(r, "harness.server.starts");
    assertThat(starts).isNotEmpty();
    assertThat(Integer.parseInt(starts.get(starts.size() - 1))).isEqualTo(3);
    assertThat(
            Files.readString(results.resolve("logs").resolve("unified-32768-cache-1-unified.log")))
        .as("the servers carry this test's model, by which the after-run check finds them")
        .contains("serve " + model);
  }

  @Test
  void aServerCrashFailsOnlyTheAffectedScenarioAndTheNextClassGetsAFreshServer() {
    EngineExecutionResults r =
        run(
            List.of(Fixtures.CrashSecondCase.class, Fixtures.CrashFirstCase.class),
            "harness.emulator.args",
            "--fault-crash-after 2",
            "harness.scenarios",
            "crash-*");

    r.testEvents().assertStatistics(s -> s.started(3).succeeded(2).failed(1));
    assertThat(r.testEvents().failed().stream().map(e -> e.getTestDescriptor().getDisplayName()))
        .containsExactly("crash-2");
    assertThat(failureMessages(r.testEvents().failed()))
        .singleElement()
        .asString()
        .contains("exited with code")
        .contains("the last lines of ");
    assertThat(reportValues(r, "harness.server.starts"))
        .as("starts after each class: the second class got a fresh server")
        .containsExactly("1", "2");
    assertThat(Files.exists(results.resolve("default").resolve("crash-3.json"))).isTrue();
    assertThat(Files.exists(results.resolve("default").resolve("crash-2.json"))).isFalse();
  }

  @Test
  void aMisconfiguredScenarioFailsTheRunBeforeAnyServerStarts() {
    EngineExecutionResults r =
        run(List.of(Fixtures.InvalidCase.class, Fixtures.CachedOnlyCase.class));

    String rule =
        "prompt_tokens 100000 + max_tokens 100 exceeds max_model_len 65536 of stage 2; use stage 3"
            + " (131072)";
    r.testEvents().assertStatistics(s -> s.failed(1).succeeded(0));
    assertThat(failureMessages(r.testEvents().failed())).singleElement().asString().contains(rule);
    assertThat(failureMessages(r.containerEvents().failed()))
        .singleElement()
        .asString()
        .contains(rule);
    assertThat(results.resolve("logs")).doesNotExist();
  }

  @Test
  void aScenarioMethodWithoutScenarioTestFailsTheRunBeforeAnyServerStarts() {
    EngineExecutionResults r = run(List.of(Fixtures.UnmarkedCase.class));

    r.testEvents().assertStatistics(s -> s.started(1).failed(1).succeeded(0));
    assertThat(failureMessages(r.testEvents().failed()))
        .singleElement()
        .asString()
        .contains(
            "method UnmarkedCase.forgotten carries @Scenario but not @ScenarioTest, so its scenario"
                + " would never run; add @ScenarioTest to it");
    assertThat(results.resolve("logs")).doesNotExist();
  }

  /** The messages of the throwables that ended {@code events} (failed or aborted). */
  private static List<String> failureMessages(org.junit.platform.testkit.engine.Events events) {
    return events.stream()
        .map(e -> e.getPayload(org.junit.platform.engine.TestExecutionResult.class).orElseThrow())
        .map(t -> t.getThrowable().orElseThrow().getMessage())
        .toList();
  }

  @Test
  void anExternalServerIsUsedAsItIsAndAStageThatDoesNotFitIsSkippedWithTheReason()
      throws Exception {
    int port;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      port = s.getLocalPort();
    }
    io.llmharness.server.ServerProcess external =
        new io.llmharness.server.internal.LocalLauncher()
            .start(
                "external",
                io.llmharness.server.JavaCommand.forMain(
                        io.llmharness.server.JavaCommand.EMULATOR_MAIN)
                    .withArgs(
                        List.of(
                            "serve",
                            model,
                            "--host",
                            "127.0.0.1",
                            "--port",
                            Integer.toString(port),
                            "--max-model-len",
                            "32768",
                            "--profile",
                            "fast")),
                results.resolve("external.log"));
    try {
      java.net.URI url = java.net.URI.create("http://127.0.0.1:" + port);
      io.llmharness.server.ReadinessProbe.await(external, url, java.time.Duration.ofMinutes(1));

      EngineExecutionResults r =
          run(
              List.of(Fixtures.ExternalCase.class),
              "harness.target",
              "external",
              "harness.external.unified",
              url.toString());

      r.testEvents().assertStatistics(s -> s.succeeded(1).aborted(2));
      assertThat(failureMessages(r.testEvents().aborted()))
          .containsExactlyInAnyOrder(
              "scenario [ext-too-long] runs at stage max_model_len 65536 but the external server at "
                  + url
                  + " has max_model_len 32768; it is skipped (the harness never restarts external"
                  + " servers).",
              "scenario [ext-stage-2] runs at stage max_model_len 65536 but the external server at "
                  + url
                  + " has max_model_len 32768; it is skipped (the harness never restarts external"
                  + " servers).");
      assertThat(reportValues(r, "harness.server.starts")).allMatch("0"::equals);
    } finally {
      external.stop(java.time.Duration.ofSeconds(5));
    }
  }

  @Test
  void aScenarioWhoseTestAConditionSkipsIsNotRunAheadAndWritesNoResult() {
    EngineExecutionResults r =
        run(List.of(Fixtures.GuardedCase.class, Fixtures.MixedDeploymentsCase.class));

    r.testEvents().assertStatistics(s -> s.succeeded(3).failed(0));
    assertThat(r.allEvents().skipped().count()).isEqualTo(1);
    assertThat(results.resolve("default").resolve("a-1.json")).exists();
    assertThat(results.resolve("default").resolve("g-1.json")).doesNotExist();
    assertThat(results.resolve("default").resolve("g-1.requests.jsonl")).doesNotExist();
  }

  @Test
  void theScenarioFilterSelectsByIdPattern() {
    EngineExecutionResults r =
        run(List.of(Fixtures.MixedDeploymentsCase.class), "harness.scenarios", "a-2,a-3");

    r.testEvents().assertStatistics(s -> s.started(2).succeeded(2));
  }
}
