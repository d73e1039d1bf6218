package io.llmharness.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmharness.results.ErrorCause;
import io.llmharness.results.RequestLog;
import io.llmharness.results.RequestRecord;
import io.llmharness.scenario.Backend;
import io.llmharness.scenario.ScenarioOptions;
import io.llmharness.scenario.ScenarioSpec;
import io.llmharness.scenario.Scenarios;
import io.llmharness.scenario.StageLadder;
import io.llmharness.server.DeploymentPlanner;
import io.llmharness.server.LiveProcesses;
import io.llmharness.server.RunningDeployment;
import io.llmharness.server.ServerDiedException;
import io.llmharness.server.ServerProcess;
import io.llmharness.server.Supervisor;
import io.llmharness.server.TargetConfig;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The runner's watchdog with emulator and proxy processes started by the supervisor: a server that
 * hangs or dies during a scenario ends it at once, naming that server. The request timeout is 10
 * minutes throughout, so a scenario that ends with its requests recorded as {@code
 * SERVER_UNHEALTHY} was ended by the watchdog, not by timeouts.
 */
class ServerWatchIT {
  private static final int REQUESTS = 12;
  private static final int MAX_TOKENS = 30;
  private static final Duration LONG_TIMEOUT = Duration.ofMinutes(10);
  private static final HealthCheck EVERY_200_MS = new HealthCheck(Duration.ofMillis(200), 1);

  @TempDir Path dir;

  private final String model = "watch-" + UUID.randomUUID();

  /** {@code iterations × concurrency} requests of 256 prompt tokens, {@link #MAX_TOKENS} out. */
  private ScenarioSpec spec(Backend backend, int iterations, int concurrency, Duration timeout) {
    return Scenarios.resolve(
            ScenarioOptions.builder()
                .model(model)
                .backend(backend)
                .promptTokens(256)
                .maxTokens(MAX_TOKENS)
                .warmup(0)
                .iterations(iterations)
                .concurrency(concurrency)
                .requestTimeout(timeout)
                .build(),
            "watch",
            StageLadder.DEFAULT)
        .get(0);
  }

  private TargetConfig target(String... emulatorArgs) {
    Map<String, String> config = new LinkedHashMap<>();
    config.put("harness.target", "emulated");
    config.put("harness.logs.dir", dir.resolve("logs").toString());
    if (emulatorArgs.length > 0) {
      config.put("harness.emulator.args", String.join(" ", emulatorArgs));
    }
    return TargetConfig.fromProperties(config);
  }

  private Runner runner(ProgressListener progress) {
    return Runner.builder()
        .resultsDir(dir.resolve("results"))
        .runId("watch")
        .progress(progress)
        .healthCheck(EVERY_200_MS)
        .build();
  }

  private static ScenarioOutcome run(
      Runner runner, Supervisor supervisor, RunningDeployment up, ScenarioSpec spec) {
    Map<String, URI> servers = new LinkedHashMap<>();
    up.servers().forEach((role, url) -> servers.put(role.label(), url));
    return runner.run(spec, up.target(), servers, () -> supervisor.checkHealthy(up));
  }

  /** A listener that runs {@code action} once, when the {@code n}-th request succeeded. */
  private static ProgressListener afterSuccesses(int n, Runnable action) {
    AtomicInteger successes = new AtomicInteger();
    return new ProgressListener() {
      @Override
      public void requestFinished(ScenarioSpec spec, RequestRecord record) {
        if (record.succeeded() && successes.incrementAndGet() == n) {
          action.run();
        }
      }
    };
  }

  @ParameterizedTest
  @ValueSource(strings = {"unified", "prefill", "decode", "proxy"})
  void aServerThatHangsEndsTheScenarioAtOnceNamingThatServer(String role) throws IOException {
    Backend backend = role.equals("unified") ? Backend.UNIFIED : Backend.TCP;
    ScenarioSpec spec = spec(backend, REQUESTS / 2, 2, LONG_TIMEOUT);
    TargetConfig target = target();
    try (Supervisor supervisor = new Supervisor(target)) {
      RunningDeployment up = supervisor.ensure(new DeploymentPlanner(target).plan(spec));
      RunningDeployment.Endpoint hung =
          up.endpoints().stream()
              .filter(e -> e.process().name().startsWith(role + "@"))
              .findFirst()
              .orElseThrow();
      long pid = pidListeningOn(hung.url());
      try (Runner runner = runner(afterSuccesses(3, () -> signal("STOP", pid)))) {
        assertThatThrownBy(() -> run(runner, supervisor, up, spec))
            .isInstanceOf(ServerDiedException.class)
            .hasMessageStartingWith(
                hung.process().name()
                    + " at "
                    + hung.url()
                    + " stopped answering /health during the scenario; the last lines of "
                    + hung.process().log()
                    + ":\n")
            .hasMessageEndingWith(String.join("\n", hung.process().tailLog(40)));

        List<RequestRecord> records =
            RequestLog.read(runner.store().requestLogFile(spec.id())).records();
        assertThat(records)
            .as("no request sent once the server hung: 3 or 4 done, at most 2 in flight")
            .hasSizeLessThan(REQUESTS);
        assertThat(records.stream().filter(RequestRecord::succeeded))
            .as("the records of the requests before the hang, intact")
            .hasSizeGreaterThanOrEqualTo(3)
            .allSatisfy(r -> assertThat(r.completionTokens()).hasValue(MAX_TOKENS));
        assertThat(records.stream().filter(r -> !r.succeeded()))
            .as("the requests in flight when the server hung")
            .isNotEmpty()
            .allSatisfy(
                r -> {
                  assertThat(r.error().orElseThrow().cause())
                      .isEqualTo(ErrorCause.SERVER_UNHEALTHY);
                  assertThat(r.error().orElseThrow().message())
                      .isEqualTo(
                          "cancelled: "
                              + hung.process().name()
                              + " at "
                              + hung.url()
                              + " stopped answering /health during the scenario");
                });
        assertThat(runner.store().resultFile(spec.id())).doesNotExist();
      } finally {
        signal("CONT", pid);
      }
    }
  }

  @Test
  void aServerThatDiesEndsTheScenarioWithItsExitAndLogAndKeepsTheEarlierRecords()
      throws IOException {
    ScenarioSpec spec = spec(Backend.TCP, REQUESTS, 1, LONG_TIMEOUT);
    // Every emulator crashes on its fourth completion request: the prefill server gets it first.
    TargetConfig target = target("--fault-crash-after", "3");
    try (Supervisor supervisor = new Supervisor(target);
        Runner runner = runner(ProgressListener.NONE)) {
      RunningDeployment up = supervisor.ensure(new DeploymentPlanner(target).plan(spec));
      ServerProcess prefill =
          up.endpoints().stream()
              .map(RunningDeployment.Endpoint::process)
              .filter(p -> p.name().startsWith("prefill@"))
              .findFirst()
              .orElseThrow();

      assertThatThrownBy(() -> run(runner, supervisor, up, spec))
          .isInstanceOf(ServerDiedException.class)
          .hasMessageStartingWith(
              prefill.name()
                  + " exited with code 1 during the scenario; the last lines of "
                  + prefill.log())
          .hasMessageContaining(
              "FAULT --fault-crash-after 3: halting the process on completion request 4");

      List<RequestRecord> records =
          RequestLog.read(runner.store().requestLogFile(spec.id())).records();
      assertThat(records.subList(0, 3))
          .allSatisfy(
              r -> {
                assertThat(r.succeeded()).isTrue();
                assertThat(r.completionTokens()).hasValue(MAX_TOKENS);
              });
      assertThat(records.subList(3, records.size())).noneMatch(RequestRecord::succeeded);
      assertThat(runner.store().resultFile(spec.id())).doesNotExist();
    }
  }

  @Test
  void aStalledStreamOnAHealthyServerIsLeftToItsTimeout() {
    ScenarioSpec spec = spec(Backend.UNIFIED, 1, 1, Duration.ofSeconds(3));
    TargetConfig target = target("--fault-stall-after", "3");
    try (Supervisor supervisor = new Supervisor(target);
        Runner runner = runner(ProgressListener.NONE)) {
      RunningDeployment up = supervisor.ensure(new DeploymentPlanner(target).plan(spec));

      ScenarioOutcome outcome = run(runner, supervisor, up, spec);

      assertThat(outcome.run().orElseThrow().measured())
          .singleElement()
          .satisfies(
              r -> assertThat(r.error().orElseThrow().cause()).isEqualTo(ErrorCause.TIMEOUT));
    }
  }

  /** The process of this test serving {@code url}: the one started with {@code --port <port>}. */
  private long pidListeningOn(URI url) {
    List<Long> pids =
        LiveProcesses.withCommandLineContaining("--port " + url.getPort() + " ").stream()
            .filter(pid -> LiveProcesses.commandLine(pid).contains("io.llmharness."))
            .toList();
    assertThat(pids).as("the process serving %s", url).hasSize(1);
    return pids.get(0);
  }

  /**
   * Sends {@code SIGSTOP} (the process hangs: it keeps its sockets, answers nothing) or SIGCONT.
   */
  private static void signal(String signal, long pid) {
    try {
      Process kill = new ProcessBuilder("sh", "-c", "kill -" + signal + " " + pid).start();
      assertThat(kill.waitFor()).as("kill -%s %d", signal, pid).isZero();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
