package io.llmharness.preflight;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The local runner with real processes: output, exit codes, timeouts, process-tree cleanup. */
class CommandRunnerIT {

  private final CommandRunner local = CommandRunner.local();

  @Test
  void capturesOutputAndExitCode() {
    CommandResult r =
        local.run(List.of("sh", "-c", "echo out; echo err >&2; exit 3"), Duration.ofSeconds(10));

    assertThat(r.stdout()).isEqualTo("out\n");
    assertThat(r.stderr()).isEqualTo("err\n");
    assertThat(r.exitCode()).isEqualTo(3);
    assertThat(r.timedOut()).isFalse();
  }

  @Test
  void reportsAMissingProgramAsExit127() {
    CommandResult r = local.run(List.of("no-such-tool-preflight"), Duration.ofSeconds(10));

    assertThat(r.exitCode()).isEqualTo(CommandResult.NOT_STARTED);
    assertThat(r.failureSummary())
        .contains("could not be started")
        .contains("no-such-tool-preflight");
  }

  @Test
  void killsACommandThatRunsPastItsTimeout() {
    CommandResult r = local.run(List.of("sleep", "30"), Duration.ofMillis(300));

    assertThat(r.timedOut()).isTrue();
    assertThat(r.exitCode()).isEqualTo(-1);
    assertThat(r.duration()).isLessThan(Duration.ofSeconds(30));
  }

  @Test
  void stoppingABackgroundCommandStopsItsChildren() throws Exception {
    BackgroundProcess p = local.start(List.of("sh", "-c", "sleep 300 & echo $!; wait"));
    long child = awaitChildPid(p);

    p.stop();

    assertThat(awaitGone(child)).as("child %d still alive", child).isTrue();
  }

  @Test
  void runsInsideANetworkNamespace() {
    try (NetworkNamespacePair pair = NetworkNamespacePair.create()) {
      CommandResult r =
          pair.node1().run(List.of("ip", "-o", "-4", "addr", "show"), Duration.ofSeconds(10));

      assertThat(r.succeeded()).as(r.failureSummary()).isTrue();
      assertThat(r.stdout()).contains(pair.address1).doesNotContain(pair.address2);
      assertThat(r.command()).startsWith("ip", "-o");
    }
  }

  @Test
  void reportsAProgramMissingInsideANetworkNamespaceAsExit127() {
    try (NetworkNamespacePair pair = NetworkNamespacePair.create()) {
      CommandResult r = pair.node1().run(List.of("no-such-tool-preflight"), Duration.ofSeconds(10));

      assertThat(r.exitCode()).isEqualTo(CommandResult.NOT_STARTED);
      assertThat(r.stderr()).contains("no-such-tool-preflight");
    }
  }

  private static long awaitChildPid(BackgroundProcess p) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (System.nanoTime() < deadline) {
      String out = p.stdoutSoFar().strip();
      if (!out.isEmpty()) {
        return Long.parseLong(out);
      }
      Thread.sleep(20);
    }
    throw new AssertionError("the shell never printed its child's pid");
  }

  private static boolean awaitGone(long pid) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (System.nanoTime() < deadline) {
      Optional<ProcessHandle> h = ProcessHandle.of(pid);
      if (h.isEmpty() || !h.get().isAlive()) {
        return true;
      }
      Thread.sleep(20);
    }
    return false;
  }
}
