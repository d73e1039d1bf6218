package io.llmharness.server.internal.ssh;

import io.llmharness.server.LaunchException;
import io.llmharness.server.ssh.RemoteServerProcess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.OptionalInt;

/**
 * A process started detached on a node by {@code SshLauncher}: checked and stopped with short
 * control commands over the node's shared connection, its log streamed back meanwhile, stopped with
 * the JVM if nobody stopped it before.
 */
public final class SshServerProcess implements RemoteServerProcess, RemoteReaper.Reapable {
  /** The exit code reported for a process that had to be killed with SIGKILL. */
  static final int KILLED = 128 + 9;

  private static final Duration CONTROL_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration EXIT_GRACE = Duration.ofSeconds(3);
  private static final Duration LOG_DRAIN = Duration.ofSeconds(10);

  private final String name;
  private final SshConnection connection;
  private final RemoteFiles files;
  private final long pid;
  private final Path log;
  private final RemoteLogStreamer streamer;

  private volatile OptionalInt exitCode = OptionalInt.empty();
  private volatile boolean stopped;
  private volatile boolean contactLost;

  SshServerProcess(String name, SshConnection connection, RemoteFiles files, long pid, Path log) {
    this.name = name;
    this.connection = connection;
    this.files = files;
    this.pid = pid;
    this.log = log;
    this.streamer = new RemoteLogStreamer(connection, files, pid, log, name);
    RemoteReaper.register(this);
    streamer.start();
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String node() {
    return connection.node();
  }

  @Override
  public long remotePid() {
    return pid;
  }

  @Override
  public String remoteLog() {
    return files.log();
  }

  @Override
  public Path log() {
    return log;
  }

  /**
   * True while the remote process runs. When the node cannot be reached it answers false (the
   * server is unusable), without deciding an exit code: a later call may find it running again.
   */
  @Override
  public boolean isAlive() {
    if (exitCode.isPresent()) {
      return false;
    }
    String state;
    try {
      state = status();
    } catch (LaunchException e) {
      if (!contactLost) {
        contactLost = true;
        note("lost contact with " + node() + ": " + e.getMessage());
      }
      return false;
    }
    contactLost = false;
    if (state.equals("running")) {
      return true;
    }
    ended(state);
    return false;
  }

  @Override
  public OptionalInt exitCode() {
    if (exitCode.isEmpty()) {
      isAlive();
    }
    return exitCode;
  }

  /**
   * Stops every process of the remote session: SIGTERM, then SIGKILL after {@code grace}.
   *
   * @throws LaunchException when the node cannot be reached or processes survive SIGKILL; the
   *     process stays registered to be stopped again at JVM exit
   */
  @Override
  public synchronized void stop(Duration grace) {
    if (stopped) {
      return;
    }
    ExecResult r =
        connection.execIdempotent(RemoteScripts.stop(pid, grace), grace.plus(CONTROL_TIMEOUT));
    if (!r.succeeded()) {
      throw new LaunchException(
          "could not stop "
              + name
              + " on "
              + node()
              + " ("
              + r.failureSummary()
              + "); stop it there with 'kill -KILL -- -"
              + pid
              + "'.");
    }
    stopped = true;
    RemoteReaper.unregister(this);
    if (exitCode.isEmpty()) {
      try {
        ended(status());
      } catch (LaunchException e) {
        exitCode = OptionalInt.of(KILLED);
      }
    }
    streamer.awaitFinished(LOG_DRAIN);
    streamer.close();
  }

  @Override
  public void reap() {
    try {
      stop(EXIT_GRACE);
    } catch (IllegalStateException closed) {
      // the launcher was closed after a failed stop: one more try on a connection of our own
      try (SshConnection fresh = new SshConnection(connection.settings())) {
        ExecResult r =
            fresh.exec(RemoteScripts.stop(pid, EXIT_GRACE), EXIT_GRACE.plus(CONTROL_TIMEOUT));
        if (!r.succeeded()) {
          throw new LaunchException("could not stop " + this + ": " + r.failureSummary(), closed);
        }
      }
    }
  }

  @Override
  public String toString() {
    return name + " (" + node() + ", pid " + pid + ", remote log " + files.log() + ")";
  }

  private String status() {
    ExecResult r = connection.execIdempotent(RemoteScripts.status(files, pid), CONTROL_TIMEOUT);
    String out = r.stdout().strip();
    String last = out.substring(out.lastIndexOf('\n') + 1);
    if (!r.succeeded()
        || !(last.equals("running") || last.equals("vanished") || last.startsWith("exited "))) {
      throw new LaunchException(
          "cannot tell whether " + name + " still runs on " + node() + ": " + r.failureSummary());
    }
    return last;
  }

  /** Records how the process ended and waits for the end of its log. */
  private void ended(String state) {
    int code = KILLED;
    if (state.startsWith("exited ")) {
      try {
        code = Integer.parseInt(state.substring("exited ".length()).strip());
      } catch (NumberFormatException e) {
        code = -1;
      }
    } else if (!stopped) {
      note("the wrapper of " + name + " on " + node() + " vanished without an exit code");
      code = -1;
    }
    exitCode = OptionalInt.of(code);
    streamer.awaitFinished(LOG_DRAIN);
  }

  private void note(String line) {
    try {
      Files.writeString(
          log,
          "# harness: " + line + System.lineSeparator(),
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      // the log is for people; the state is still reported through isAlive and exitCode
    }
  }
}
