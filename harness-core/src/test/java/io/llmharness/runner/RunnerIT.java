package io.llmharness.runner;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmharness.results.RequestLog;
import io.llmharness.results.RequestPhase;
import io.llmharness.results.RequestRecord;
import io.llmharness.scenario.ScenarioOptions;
import io.llmharness.scenario.ScenarioSpec;
import io.llmharness.server.JavaCommand;
import io.llmharness.server.RunningDeployment;
import io.llmharness.server.ServerProcess;
import io.llmharness.server.internal.LocalLauncher;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The runner's files: results written as requests finish, and a killed run resumed. */
class RunnerIT {
  @TempDir Path results;

  static ScenarioSpec slowScenario() {
    return RunToKill.spec(
        ScenarioOptions.builder().promptTokens(512).maxTokens(40).warmup(2).iterations(30).build());
  }

  /** 300-token prompts, 5 tokens out. */
  private static ScenarioSpec shortScenario(int warmup, int iterations) {
    return RunToKill.spec(
        ScenarioOptions.builder()
            .promptTokens(300)
            .maxTokens(5)
            .warmup(warmup)
            .iterations(iterations)
            .build());
  }

  /** A quiet runner writing run {@code runId} under {@link #results}. */
  private Runner runner(String runId) {
    return Runner.builder()
        .resultsDir(results)
        .runId(runId)
        .progress(ProgressListener.NONE)
        .build();
  }

  @Test
  void aScenarioWritesItsRequestLogAndAResultThatARerunSkips() throws IOException {
    ScenarioSpec spec = shortScenario(1, 4);
    try (EmulatedServers servers = new EmulatedServers("fast");
        Runner runner = runner("r")) {
      RunningDeployment d = servers.serve(spec);
      ScenarioOutcome first = runner.run(spec, d.target());
      ScenarioOutcome second = runner.run(spec, d.target());

      assertThat(first.skipped()).isFalse();
      assertThat(first.resultFile()).exists();
      assertThat(RequestLog.read(runner.store().requestLogFile(spec.id())).records()).hasSize(5);
      assertThat(second.skipped()).isTrue();
      assertThat(second.result().toJson()).isEqualTo(first.result().toJson());
    }
  }

  @Test
  void aResultWithFailedRequestsIsMeasuredAgainOnRerun() throws IOException {
    ScenarioSpec spec = shortScenario(0, 2);
    try (EmulatedServers servers = new EmulatedServers("fast", "--fault-error-rate", "1");
        Runner runner = runner("r")) {
      RunningDeployment d = servers.serve(spec);
      ScenarioOutcome first = runner.run(spec, d.target());
      ScenarioOutcome second = runner.run(spec, d.target());

      assertThat(first.result().errors().failed()).isEqualTo(2);
      assertThat(second.skipped()).isFalse();
      assertThat(runner.store().setAsideFiles(spec.id())).isNotEmpty();
    }
  }

  @Test
  void aKilledRunResumesWithoutDuplicateOrLostRecords() throws Exception {
    ScenarioSpec spec = slowScenario();
    try (EmulatedServers servers = new EmulatedServers("fast")) {
      RunningDeployment d = servers.serve(spec);
      Path log = results.resolve("killed").resolve(spec.id() + ".requests.jsonl");
      ServerProcess child =
          new LocalLauncher()
              .start(
                  "run-to-kill",
                  JavaCommand.forMain(RunToKill.class.getName())
                      .withArgs(List.of(d.target().toString(), results.toString())),
                  results.resolve("child.log"));
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (lines(log) < 8 && System.nanoTime() < deadline && child.isAlive()) {
        LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
      }
      child.stop(Duration.ZERO);
      int writtenBeforeKill = lines(log);
      assertThat(writtenBeforeKill).isBetween(8, 31);

      try (Runner runner = runner("killed")) {
        ScenarioOutcome outcome = runner.run(spec, d.target());

        List<RequestRecord> records = RequestLog.read(log).records();
        assertThat(records).hasSize(32);
        assertThat(
                records.stream()
                    .filter(r -> r.phase() == RequestPhase.MEASURED)
                    .map(RequestRecord::index)
                    .collect(Collectors.toSet()))
            .hasSize(30);
        assertThat(outcome.result().errors().successful()).isEqualTo(30);
        assertThat(runner.store().setAsideFiles(spec.id()))
            .singleElement()
            .satisfies(
                p ->
                    assertThat(RequestLog.read(p).records())
                        .hasSizeGreaterThanOrEqualTo(writtenBeforeKill));
      }
    }
  }

  private static int lines(Path file) {
    try {
      return Files.exists(file)
          ? (int) Files.readAllLines(file).stream().filter(l -> l.endsWith("}")).count()
          : 0;
    } catch (IOException e) {
      return 0;
    }
  }
}
