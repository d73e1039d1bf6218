package io.llmharness.server.ssh;

import static io.llmharness.server.ssh.ProcessTable.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import io.llmharness.preflight.BackgroundProcess;
import io.llmharness.preflight.CommandResult;
import io.llmharness.server.ServerCommand;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Starts, watches and stops processes through a real OpenSSH sshd on loopback. */
class SshLauncherIT extends SshdOnLoopback {
  @TempDir Path logs;

  private SshLauncher launcher;
  private String marker;

  @BeforeEach
  void connect() {
    launcher = new SshLauncher(sshd.settings());
    marker = "llmharness-it-" + UUID.randomUUID();
  }

  @AfterEach
  void close() {
    launcher.close();
    assertThat(eventually(() -> ProcessTable.withMarker(marker).isEmpty()))
        .as("processes marked %s are gone", marker)
        .isTrue();
  }

  @Test
  void stopKillsEveryProcessOfTheRemoteSession() {
    RemoteServerProcess p = startScript("sleepers", "sleep 300 & sleep 300 & wait");
    assertThat(eventually(() -> ProcessTable.inSession(p.remotePid()).size() >= 4)).isTrue();

    p.stop(Duration.ofSeconds(5));

    assertThat(ProcessTable.inSession(p.remotePid())).isEmpty();
    assertThat(ProcessTable.withMarker(marker)).isEmpty();
    assertThat(p.isAlive()).isFalse();
  }

  @Test
  void stopEscalatesToSigkillAfterTheGrace() {
    RemoteServerProcess p =
        startScript("stubborn", "trap '' TERM; echo ready; while :; do sleep 1; done");
    assertThat(eventually(() -> p.tailLog(5).contains("ready"))).isTrue();

    p.stop(Duration.ofMillis(300));

    assertThat(ProcessTable.inSession(p.remotePid())).isEmpty();
    assertThat(p.exitCode()).hasValue(137);
  }

  @Test
  void logIsStreamedBackWhileTheProcessRuns() {
    RemoteServerProcess p =
        startScript("talker", "i=0; while :; do i=$((i+1)); echo line-$i; sleep 0.1; done");

    assertThat(eventually(() -> p.tailLog(100).contains("line-5"))).isTrue();
    assertThat(p.isAlive()).isTrue();
  }

  @Test
  void crashIsReportedWithExitCodeAndLogTail() {
    RemoteServerProcess p =
        startScript("crasher", "echo loading; echo 'fatal: out of memory' >&2; exit 3");

    assertThat(eventually(() -> !p.isAlive())).isTrue();
    assertThat(p.exitCode()).hasValue(3);
    assertThat(p.tailLog(2)).containsExactly("loading", "fatal: out of memory");
  }

  @Test
  void argumentsAndEnvironmentArriveVerbatim() {
    String odd = "it's a \"test\" with $HOME `and` spaces";
    ServerCommand command =
        new ServerCommand(
            List.of("sh", "-c", "printf '[%s]\\n' \"$1\" \"$ODD_VALUE\"", marker, odd),
            Map.of("ODD_VALUE", odd + " too"));

    RemoteServerProcess p = launcher.start("echo", command, logs.resolve("e.log"));

    assertThat(eventually(() -> !p.isAlive())).isTrue();
    assertThat(p.tailLog(2)).containsExactly("[" + odd + "]", "[" + odd + " too]");
  }

  @Test
  void missingExecutableIsAClearErrorBeforeAnythingRuns() {
    ServerCommand command = new ServerCommand(List.of("no-such-vllm-" + marker, "serve"), Map.of());

    assertThatLaunch(() -> launcher.start("vllm", command, logs.resolve("m.log")))
        .hasMessageContaining("cannot start vllm on root@127.0.0.1:" + sshd.port())
        .hasMessageContaining("executable no-such-vllm-" + marker + " not found (PATH=")
        .hasMessageContaining("install it on the node or give its absolute path");
  }

  @Test
  void checkFindsAMissingExecutableWithoutStartingAnything() {
    ServerCommand command = new ServerCommand(List.of("/opt/" + marker + "/bin/vllm"), Map.of());

    assertThatLaunch(() -> launcher.check("vllm", command))
        .hasMessageContaining("executable /opt/" + marker + "/bin/vllm not found");
  }

  @Test
  void processesAndLogsSurviveADroppedConnection() {
    RemoteServerProcess p =
        startScript("survivor", "i=0; while :; do i=$((i+1)); echo tick-$i; sleep 0.1; done");
    assertThat(eventually(() -> p.tailLog(100).contains("tick-3"))).isTrue();

    sshd.dropConnections();

    assertThat(eventually(p::isAlive)).isTrue();
    int before = lastTick(p);
    assertThat(eventually(() -> lastTick(p) > before + 5)).isTrue();
    p.stop(Duration.ofSeconds(5));
    assertThat(ProcessTable.inSession(p.remotePid())).isEmpty();
  }

  @Test
  void runReturnsExitCodeAndBothStreams() {
    CommandResult r =
        launcher
            .node()
            .run(List.of("sh", "-c", "echo out; echo err >&2; exit 4"), Duration.ofSeconds(20));

    assertThat(r.exitCode()).isEqualTo(4);
    assertThat(r.stdout()).isEqualTo("out\n");
    assertThat(r.stderr()).isEqualTo("err\n");
    assertThat(r.timedOut()).isFalse();
  }

  @Test
  void runKillsACommandThatOutlivesItsTimeout() {
    CommandResult r =
        launcher.node().run(List.of("sh", "-c", "sleep 60", marker), Duration.ofMillis(500));

    assertThat(r.timedOut()).isTrue();
    assertThat(ProcessTable.withMarker(marker)).isEmpty();
  }

  @Test
  void runReportsAMissingProgramAs127() {
    CommandResult r =
        launcher.node().run(List.of("no-such-tool-" + marker), Duration.ofSeconds(20));

    assertThat(r.exitCode()).isEqualTo(CommandResult.NOT_STARTED);
    assertThat(r.stderr()).contains("no-such-tool-" + marker);
  }

  @Test
  void backgroundCommandStreamsOutputAndStopEndsItsWholeSession() {
    try (BackgroundProcess p =
        launcher
            .node()
            .start(List.of("sh", "-c", "echo up; echo warn >&2; sleep 300 & sleep 300", marker))) {
      assertThat(eventually(() -> p.stdoutSoFar().equals("up\n"))).isTrue();
      assertThat(eventually(() -> p.stderrSoFar().equals("warn\n"))).isTrue();
      assertThat(ProcessTable.withMarker(marker)).isNotEmpty();
      assertThat(p.isAlive()).isTrue();

      CommandResult r = p.stop();

      assertThat(r.stdout()).isEqualTo("up\n");
      assertThat(p.isAlive()).isFalse();
      assertThat(ProcessTable.withMarker(marker)).isEmpty();
    }
  }

  @Test
  void commandsOnAnUnreachableNodeEndWith255AndTheReason() throws IOException {
    int closed = Sshd.freePort();
    try (SshNode nowhere = new SshNode(sshd.settings().withPort(closed))) {
      CommandResult r = nowhere.run(List.of("true"), Duration.ofSeconds(5));

      assertThat(r.exitCode()).isEqualTo(255);
      assertThat(r.stderr())
          .startsWith("cannot reach node 127.0.0.1:" + closed + ": connection refused");
    }
  }

  @Test
  void verifyAcceptsAFitNode() {
    launcher.node().verify();

    assertThat(sshdDir.resolve("remote")).isDirectory();
  }

  /** Starts {@code sh -c body}, marked, as {@code name} with the log {@code <name>.log}. */
  private RemoteServerProcess startScript(String name, String body) {
    return launcher.start(
        name,
        new ServerCommand(List.of("sh", "-c", body, marker), Map.of()),
        logs.resolve(name + ".log"));
  }

  private static int lastTick(RemoteServerProcess p) {
    List<String> lines = p.tailLog(1);
    String last = lines.isEmpty() ? "" : lines.get(0);
    return last.startsWith("tick-") ? Integer.parseInt(last.substring(5)) : 0;
  }

  static org.assertj.core.api.AbstractThrowableAssert<?, ? extends Throwable> assertThatLaunch(
      org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
    return org.assertj.core.api.Assertions.assertThatThrownBy(call)
        .isInstanceOf(io.llmharness.server.LaunchException.class);
  }
}
