package io.llmharness.server.ssh;

import io.llmharness.server.ServerCommand;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A child JVM for {@link SshReaperIT}: starts a marked remote process over SSH, reports it, and
 * then either returns from main without stopping it ({@code exit}) or waits to be killed ({@code
 * wait}).
 *
 * <p>Arguments: host port user key knownHosts remoteDir log marker exit|wait
 */
public final class LaunchAndExit {
  private LaunchAndExit() {}

  public static void main(String[] args) {
    SshSettings settings =
        SshSettings.forHost(args[0])
            .withPort(Integer.parseInt(args[1]))
            .withUser(args[2])
            .withPrivateKey(Path.of(args[3]))
            .withKnownHosts(Path.of(args[4]))
            .withRemoteDir(args[5]);
    SshLauncher launcher = new SshLauncher(settings);
    RemoteServerProcess p =
        launcher.start(
            "orphan-candidate",
            new ServerCommand(
                List.of("sh", "-c", "echo ready; sleep 300 & sleep 300 & wait", args[7]), Map.of()),
            Path.of(args[6]));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!p.tailLog(5).contains("ready") && System.nanoTime() < deadline) {
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
    }
    System.out.println("started " + p.remotePid() + " alive=" + p.isAlive());
    System.out.flush();
    if (args[8].equals("wait")) {
      LockSupport.parkNanos(Duration.ofMinutes(5).toNanos());
    }
  }
}
