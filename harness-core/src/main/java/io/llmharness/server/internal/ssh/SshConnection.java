package io.llmharness.server.internal.ssh;

import io.llmharness.server.LaunchException;
import io.llmharness.server.ssh.SshSettings;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.common.SSHException;
import net.schmizz.sshj.connection.ConnectionException;
import net.schmizz.sshj.connection.channel.direct.Session;

/**
 * One SSH connection to a node, opened on first use and reopened when it drops. Commands run on
 * their own channels of it, concurrently.
 */
public final class SshConnection implements AutoCloseable {
  /** The most output kept per stream of a command; the rest is read and dropped. */
  private static final int MAX_OUTPUT = 8 * 1024 * 1024;

  private static final ExecutorService READERS =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "harness-ssh-reader");
            t.setDaemon(true);
            return t;
          });

  private final SshSettings settings;
  private SSHClient client;
  private boolean closed;

  public SshConnection(SshSettings settings) {
    this.settings = settings;
  }

  public SshSettings settings() {
    return settings;
  }

  /** {@code user@host:port}. */
  public String node() {
    return settings.target();
  }

  /**
   * Connects now unless connected.
   *
   * @throws LaunchException naming the node and the fix when it cannot be reached or refuses us
   */
  public synchronized void connect() {
    client();
  }

  /** Drops the current connection (if any); the next command reconnects. */
  public synchronized void reset() {
    SshConnector.closeQuietly(client);
    client = null;
  }

  /**
   * Opens a session channel, reconnecting once when the connection turns out to be broken.
   *
   * @throws LaunchException when the node cannot be reached
   */
  public Session openSession() {
    try {
      return client().startSession();
    } catch (SSHException | IllegalStateException e) {
      // the connection died after it was last checked ("Not connected"): reconnect once
      if (isClosed()) {
        throw new IllegalStateException("the SSH connection to " + node() + " was closed", e);
      }
      reset();
      try {
        return client().startSession();
      } catch (SSHException | IllegalStateException again) {
        throw new LaunchException(
            "cannot open an SSH session on node "
                + node()
                + " ("
                + SshConnector.reason(again)
                + "); check the node and its sshd (MaxSessions).",
            again);
      }
    }
  }

  /**
   * Runs a command line through the remote user's shell and waits for it, at most {@code timeout};
   * a command still running then is abandoned (its channel closed) and reported as timed out.
   *
   * @throws LaunchException when the node cannot be reached or the connection breaks meanwhile
   */
  ExecResult exec(String commandLine, Duration timeout) {
    try {
      return execOnce(commandLine, timeout);
    } catch (SSHException e) {
      throw lost(e);
    }
  }

  /**
   * {@link #exec} that runs the command again on a fresh connection when the connection broke while
   * it ran; only for commands that are safe to run twice.
   */
  ExecResult execIdempotent(String commandLine, Duration timeout) {
    try {
      return execOnce(commandLine, timeout);
    } catch (SSHException e) {
      return exec(commandLine, timeout);
    }
  }

  private ExecResult execOnce(String commandLine, Duration timeout) throws SSHException {
    long start = System.nanoTime();
    Session session = openSession();
    try {
      Session.Command command = session.exec(commandLine);
      CompletableFuture<String> out = read(command.getInputStream());
      CompletableFuture<String> err = read(command.getErrorStream());
      boolean timedOut = !awaitClose(command, timeout);
      if (timedOut) {
        closeQuietly(session);
      }
      Integer status = command.getExitStatus();
      return new ExecResult(
          node(),
          commandLine,
          status == null ? -1 : status,
          collect(out),
          collect(err),
          Duration.ofNanos(System.nanoTime() - start),
          timedOut);
    } finally {
      closeQuietly(session);
    }
  }

  private LaunchException lost(SSHException e) {
    return new LaunchException(
        "lost the SSH connection to node "
            + node()
            + " while running a command ("
            + SshConnector.reason(e)
            + "); check the node and the network.",
        e);
  }

  private synchronized boolean isClosed() {
    return closed;
  }

  @Override
  public synchronized void close() {
    closed = true;
    reset();
  }

  static void closeQuietly(Session session) {
    try {
      session.close();
    } catch (IOException | RuntimeException e) {
      // the channel or the connection is gone already
    }
  }

  private synchronized SSHClient client() {
    if (closed) {
      throw new IllegalStateException("the SSH connection to " + node() + " was closed");
    }
    if (client != null && client.isConnected() && client.isAuthenticated()) {
      return client;
    }
    reset();
    client = SshConnector.connect(settings);
    return client;
  }

  private static boolean awaitClose(Session.Command command, Duration timeout) {
    try {
      command.join(Math.max(1, timeout.toMillis()), TimeUnit.MILLISECONDS);
    } catch (ConnectionException e) {
      // the wait ran out (or the connection failed): tell by whether the channel is still open
    }
    return !command.isOpen();
  }

  private static CompletableFuture<String> read(InputStream in) {
    return CompletableFuture.supplyAsync(
        () -> {
          ByteArrayOutputStream kept = new ByteArrayOutputStream();
          byte[] buf = new byte[8192];
          try (in) {
            int n;
            while ((n = in.read(buf)) >= 0) {
              if (kept.size() < MAX_OUTPUT) {
                kept.write(buf, 0, Math.min(n, MAX_OUTPUT - kept.size()));
              }
            }
          } catch (IOException e) {
            // the channel closed under us: keep what arrived
          }
          return kept.toString(StandardCharsets.UTF_8);
        },
        READERS);
  }

  private static String collect(CompletableFuture<String> output) {
    try {
      return output.get(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "";
    } catch (ExecutionException | TimeoutException e) {
      return "";
    }
  }
}
