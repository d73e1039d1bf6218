package io.llmharness.server.internal.ssh;

import io.llmharness.preflight.BackgroundProcess;
import io.llmharness.preflight.CommandResult;
import io.llmharness.server.LaunchException;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import net.schmizz.sshj.common.SSHException;
import net.schmizz.sshj.connection.ConnectionException;
import net.schmizz.sshj.connection.channel.direct.Session;

/**
 * A command running on a node for as long as its SSH channel, its output collected as it comes,
 * such as a tool server during a measurement. It runs in a session of its own on the node, so
 * stopping it (or a timeout) ends every process it started there; so does the JVM's exit.
 */
public final class AttachedCommand implements BackgroundProcess, RemoteReaper.Reapable {
  /** The exit code reported when the node cannot be reached, as {@code ssh} reports it. */
  public static final int UNREACHABLE = 255;

  private static final int LIMIT = 8 * 1024 * 1024;
  private static final Duration GRACE = Duration.ofSeconds(3);
  private static final Duration CONTROL_TIMEOUT = Duration.ofSeconds(30);

  private final SshConnection connection;
  private final List<String> argv;
  private final long startNanos = System.nanoTime();
  private final Session session;
  private final Session.Command command;
  private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
  private final StringBuilder stderr = new StringBuilder();
  private final CountDownLatch drained = new CountDownLatch(2);
  private final CountDownLatch sessionKnown = new CountDownLatch(1);
  private volatile long sessionId;
  private CommandResult result;

  private AttachedCommand(
      SshConnection connection, List<String> argv, Session session, Session.Command command) {
    this.connection = connection;
    this.argv = argv;
    this.session = session;
    this.command = command;
  }

  private AttachedCommand(SshConnection connection, List<String> argv, CommandResult failed) {
    this(connection, argv, null, null);
    this.result = failed;
    drained.countDown();
    drained.countDown();
    sessionKnown.countDown();
  }

  /**
   * Starts {@code argv} on the node. Never throws for a failing command: an unreachable node gives
   * a finished command with exit code {@link #UNREACHABLE} and the reason on stderr.
   */
  public static AttachedCommand start(SshConnection connection, List<String> argv) {
    List<String> words = List.copyOf(argv);
    if (words.isEmpty()) {
      throw new IllegalArgumentException("the command to run is empty; give at least a program");
    }
    Session session = null;
    try {
      session = connection.openSession();
      Session.Command command = session.exec(RemoteScripts.attached(words));
      AttachedCommand started = new AttachedCommand(connection, words, session, command);
      RemoteReaper.register(started);
      started.collect(command.getInputStream(), command.getErrorStream());
      return started;
    } catch (LaunchException | SSHException e) {
      if (session != null) {
        SshConnection.closeQuietly(session);
      }
      String reason = e instanceof LaunchException ? e.getMessage() : SshConnector.reason(e);
      return new AttachedCommand(
          connection,
          words,
          new CommandResult(words, UNREACHABLE, "", reason, Duration.ZERO, false));
    }
  }

  @Override
  public List<String> command() {
    return argv;
  }

  @Override
  public synchronized boolean isAlive() {
    return result == null && command.isOpen();
  }

  @Override
  public String stdoutSoFar() {
    synchronized (stdout) {
      return stdout.toString(StandardCharsets.UTF_8);
    }
  }

  @Override
  public String stderrSoFar() {
    synchronized (stderr) {
      return stderr.toString();
    }
  }

  @Override
  public CommandResult awaitExit(Duration timeout) {
    synchronized (this) {
      if (result != null) {
        return result;
      }
    }
    try {
      command.join(Math.max(1, timeout.toMillis()), TimeUnit.MILLISECONDS);
    } catch (ConnectionException e) {
      // timed out, or the connection broke: told apart below
    }
    boolean running = command.isOpen();
    return finish(running, running);
  }

  @Override
  public CommandResult stop() {
    return finish(true, false);
  }

  @Override
  public void reap() {
    stop();
  }

  @Override
  public String toString() {
    return String.join(" ", argv) + " on " + connection.node();
  }

  private synchronized CommandResult finish(boolean kill, boolean timedOut) {
    if (result != null) {
      return result;
    }
    long end = System.nanoTime();
    if (kill && command.isOpen()) {
      killSession();
      try {
        command.join(GRACE.toMillis(), TimeUnit.MILLISECONDS);
      } catch (ConnectionException e) {
        // closed below either way
      }
    }
    SshConnection.closeQuietly(session);
    await(drained, GRACE);
    Integer status = command.getExitStatus();
    result =
        new CommandResult(
            argv,
            timedOut || status == null ? -1 : status,
            stdoutSoFar(),
            stderrSoFar(),
            Duration.ofNanos(end - startNanos),
            timedOut);
    RemoteReaper.unregister(this);
    return result;
  }

  private void killSession() {
    await(sessionKnown, GRACE);
    long sid = sessionId;
    if (sid > 0) {
      try {
        connection.execIdempotent(RemoteScripts.stop(sid, GRACE), GRACE.plus(CONTROL_TIMEOUT));
      } catch (LaunchException e) {
        appendErr(
            "[could not stop the command's processes on "
                + connection.node()
                + ": "
                + e.getMessage()
                + "]\n");
      }
    }
  }

  private void collect(InputStream out, InputStream err) {
    Thread o =
        new Thread(
            () -> {
              byte[] buf = new byte[16 * 1024];
              try (out) {
                int n;
                while ((n = out.read(buf)) >= 0) {
                  synchronized (stdout) {
                    stdout.write(buf, 0, Math.min(n, Math.max(0, LIMIT - stdout.size())));
                  }
                }
              } catch (IOException e) {
                // the channel closed: what arrived is kept
              } finally {
                drained.countDown();
              }
            },
            "harness-ssh-out");
    Thread e =
        new Thread(
            () -> {
              try (BufferedReader r =
                  new BufferedReader(new InputStreamReader(err, StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                  if (sessionId == 0 && line.startsWith(RemoteScripts.SESSION_MARK + " ")) {
                    sessionId =
                        Long.parseLong(
                            line.substring(RemoteScripts.SESSION_MARK.length() + 1).strip());
                    sessionKnown.countDown();
                  } else {
                    appendErr(line + "\n");
                  }
                }
              } catch (IOException | NumberFormatException x) {
                // the channel closed: what arrived is kept
              } finally {
                sessionKnown.countDown();
                drained.countDown();
              }
            },
            "harness-ssh-err");
    o.setDaemon(true);
    e.setDaemon(true);
    o.start();
    e.start();
  }

  private void appendErr(String text) {
    synchronized (stderr) {
      if (stderr.length() < LIMIT) {
        stderr.append(text, 0, Math.min(text.length(), LIMIT - stderr.length()));
      }
    }
  }

  private static void await(CountDownLatch latch, Duration timeout) {
    try {
      latch.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
