package io.llmharness.phase15.behaviour;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmharness.results.RequestLog;
import io.llmharness.results.RequestPhase;
import io.llmharness.results.RequestRecord;
import io.llmharness.server.JavaCommand;
import io.llmharness.server.LiveProcesses;
import io.llmharness.server.ServerProcess;
import io.llmharness.server.internal.LocalLauncher;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.EngineExecutionResults;

/**
 * Kill the run in the middle of stage 2 (SIGKILL: no shutdown hook, a half-written request log) and
 * rerun: the emulators the killed JVM started exit by themselves, the finished stage-1 scenario is
 * skipped, the interrupted one is measured again from scratch, stage 3 runs, and no request is
 * duplicated or lost.
 */
class KilledRunIT {
  private static final String STAGE1 = "p15-L0-unified-4k-c1-nocache";
  private static final String STAGE2 = "p15-L1-unified-50k-c1";
  private static final String STAGE3 = "p15-L1-unified-100k-c1";
  private static final List<String> CLASSES =
      List.of("Stage1Layer0BaselineIT", "Stage2Layer1UnifiedIT", "Stage3Layer1UnifiedIT");

  @TempDir Path dir;
  private final String model = "killed-run-" + UUID.randomUUID();

  private Map<String, String> config() {
    Map<String, String> config = SuiteRuns.settings(dir);
    config.put("harness.scenarios", STAGE1 + "," + STAGE2 + "," + STAGE3);
    config.put("harness.model", model);
    // Nine requests of 300 tokens per scenario: long enough to kill stage 2 half-way, and below the
    // ten values the steadiness tests need, so this test is about resuming, not about warmup.
    config.put("harness.warmup", "1");
    config.put("harness.iterations", "8");
    config.put("harness.maxTokens", "300");
    return config;
  }

  @AfterEach
  void killOrphans() {
    // Only if the test failed before they exited by themselves: they carry this test's model name.
    for (long pid : LiveProcesses.withCommandLineContaining(model)) {
      ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
    }
  }

  /** Polls until no process serves this test's model, or 30 s have passed. */
  private boolean orphansGone() {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!LiveProcesses.withCommandLineContaining(model).isEmpty()
        && System.nanoTime() < deadline) {
      LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
    }
    return LiveProcesses.withCommandLineContaining(model).isEmpty();
  }

  @Test
  void aRunKilledInStageTwoResumesWithoutDuplicatesOrLosses() throws IOException {
    Path run = dir.resolve("results").resolve("behaviour");
    List<String> args = new ArrayList<>(List.of(dir.toString(), String.join(",", CLASSES)));
    config().forEach((k, v) -> args.add(k + "=" + v));
    ServerProcess child =
        new LocalLauncher()
            .start(
                "suite-to-kill",
                JavaCommand.forMain(SuiteInChildJvm.class.getName()).withArgs(args),
                dir.resolve("child.log"));
    Path stage2Log = run.resolve(STAGE2 + ".requests.jsonl");
    long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
    while (records(stage2Log) < 3 && child.isAlive() && System.nanoTime() < deadline) {
      LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
    }
    ProcessHandle.of(pidOf(child)).ifPresent(ProcessHandle::destroyForcibly);
    assertThat(records(stage2Log)).as("stage 2 was under way when killed").isBetween(3, 8);
    assertThat(run.resolve(STAGE1 + ".json")).as("stage 1 was complete").exists();
    assertThat(run.resolve(STAGE2 + ".json")).doesNotExist();
    assertThat(orphansGone())
        .as("the killed JVM's emulators exit by themselves (--exit-with-parent)")
        .isTrue();
    byte[] stage1Before = Files.readAllBytes(run.resolve(STAGE1 + ".requests.jsonl"));

    EngineExecutionResults rerun = SuiteRuns.run(config(), CLASSES);

    assertThat(SuiteRuns.failureMessages(rerun)).as("failures of the rerun").isEmpty();
    rerun.testEvents().assertStatistics(s -> s.started(3).succeeded(3));
    assertThat(Files.readAllBytes(run.resolve(STAGE1 + ".requests.jsonl")))
        .as("stage 1 was not measured again")
        .isEqualTo(stage1Before);
    for (String id : List.of(STAGE1, STAGE2, STAGE3)) {
      List<RequestRecord> records = RequestLog.read(run.resolve(id + ".requests.jsonl")).records();
      assertThat(records).as(id).hasSize(9);
      assertThat(measuredIndexes(records)).as(id).hasSize(8);
      assertThat(run.resolve(id + ".json")).exists();
    }
    assertThat(Files.list(run).map(p -> p.getFileName().toString()))
        .as("the interrupted request log is kept aside, not deleted")
        .contains(STAGE2 + ".requests.jsonl.partial-1");
  }

  private static java.util.Set<Integer> measuredIndexes(List<RequestRecord> records) {
    return records.stream()
        .filter(r -> r.phase() == RequestPhase.MEASURED)
        .map(RequestRecord::index)
        .collect(Collectors.toSet());
  }

  private static long pidOf(ServerProcess child) {
    return LiveProcesses.withCommandLineContaining(SuiteInChildJvm.class.getName()).stream()
        .findFirst()
        .orElseThrow(
            () -> new AssertionError("the child JVM is not running: " + child.tailLog(40)));
  }

  private static int records(Path log) {
    try {
      return Files.exists(log) ? (int) Files.lines(log).filter(l -> l.endsWith("}")).count() : 0;
    } catch (IOException | java.io.UncheckedIOException e) {
      return 0;
    }
  }
}
