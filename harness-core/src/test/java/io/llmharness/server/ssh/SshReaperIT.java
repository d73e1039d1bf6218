package io.llmharness.server.ssh;

import static io.llmharness.server.ssh.ProcessTable.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Remote processes that nobody stopped die with the JVM that started them. */
class SshReaperIT extends SshdOnLoopback {
  @TempDir Path work;

  @Test
  void remoteProcessesDieWhenTheJvmExitsWithoutStoppingThem() throws Exception {
    String marker = "llmharness-reaper-" + UUID.randomUUID();
    Process child = launchChild(marker, "exit");

    long pid = startedPid(child);

    assertThat(child.waitFor(60, TimeUnit.SECONDS)).as("the child JVM exits").isTrue();
    assertThat(child.exitValue()).isZero();
    assertThat(ProcessTable.inSession(pid)).isEmpty();
    assertThat(ProcessTable.withMarker(marker)).isEmpty();
  }

  @Test
  void remoteProcessesDieWhenTheJvmIsTerminated() throws Exception {
    String marker = "llmharness-reaper-" + UUID.randomUUID();
    Process child = launchChild(marker, "wait");
    long pid = startedPid(child);
    assertThat(ProcessTable.inSession(pid)).hasSizeGreaterThanOrEqualTo(3);

    child.destroy();

    assertThat(child.waitFor(60, TimeUnit.SECONDS)).as("the child JVM exits").isTrue();
    assertThat(eventually(() -> ProcessTable.inSession(pid).isEmpty())).isTrue();
    assertThat(ProcessTable.withMarker(marker)).isEmpty();
  }

  private Process launchChild(String marker, String mode) throws IOException {
    SshSettings s = sshd.settings();
    List<String> argv =
        List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-cp",
            System.getProperty("java.class.path"),
            LaunchAndExit.class.getName(),
            s.host(),
            Integer.toString(s.port()),
            s.user(),
            s.privateKey().toString(),
            s.knownHosts().toString(),
            s.remoteDirectory(),
            work.resolve("child.log").toString(),
            marker,
            mode);
    return new ProcessBuilder(argv).redirectError(work.resolve("child.err").toFile()).start();
  }

  /** Reads the child's report; fails unless the remote process was alive when it was made. */
  private long startedPid(Process child) throws IOException {
    BufferedReader out =
        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
    String line = out.readLine();
    assertThat(line)
        .as("report of the child JVM (stderr in %s)", work.resolve("child.err"))
        .matches("started \\d+ alive=true");
    return Long.parseLong(line.split(" ")[1]);
  }
}
