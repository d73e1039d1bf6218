package io.llmharness.server.internal.ssh;

import io.llmharness.server.LaunchException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import net.schmizz.sshj.connection.channel.direct.Session;

/**
 * Copies a remote process's log into the local log file while the process runs, byte for byte:
 * {@code tail -F} on its own channel, resumed from the last byte received when the connection
 * drops, and a final catch-up once the process has ended so the local file ends where the remote
 * one does.
 */
final class RemoteLogStreamer implements AutoCloseable {
  private static final long MAX_BACKOFF_MILLIS = 10_000;

  private final SshConnection connection;
  private final RemoteFiles files;
  private final long pid;
  private final Path log;
  private final Thread thread;
  private final CountDownLatch finished = new CountDownLatch(1);
  private final Object wakeUp = new Object();

  private volatile boolean closed;
  private volatile Session session;
  private volatile String remotePids;
  private long offset;

  RemoteLogStreamer(SshConnection connection, RemoteFiles files, long pid, Path log, String name) {
    this.connection = connection;
    this.files = files;
    this.pid = pid;
    this.log = log;
    this.thread = new Thread(this::run, "harness-ssh-log-" + name);
    thread.setDaemon(true);
  }

  void start() {
    thread.start();
  }

  /** Waits until the whole remote log has been copied after the process ended. */
  boolean awaitFinished(Duration timeout) {
    try {
      return finished.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Stops following now (the remote tail included), whether or not the process still runs. */
  @Override
  public void close() {
    closed = true;
    synchronized (wakeUp) {
      wakeUp.notifyAll();
    }
    String pids = remotePids;
    if (pids != null && finished.getCount() > 0) {
      try {
        connection.exec(RemoteScripts.killStream(pids), Duration.ofSeconds(10));
      } catch (LaunchException e) {
        // the node is unreachable: the remote tail ends with the process it follows
      }
    }
    Session s = session;
    if (s != null) {
      SshConnection.closeQuietly(s);
    }
    try {
      thread.join(5000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void run() {
    try (OutputStream out =
        Files.newOutputStream(log, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
      long backoff = 250;
      while (!closed) {
        Integer status = copy(RemoteScripts.stream(files, pid, offset), out);
        if (status != null && status == 0) {
          // the stream script ends by itself only when the process has ended
          copy(RemoteScripts.catchUp(files, offset), out);
          break;
        }
        if (closed) {
          break;
        }
        pause(backoff);
        backoff = Math.min(MAX_BACKOFF_MILLIS, backoff * 2);
      }
    } catch (IOException e) {
      System.err.println("harness: cannot write the log file " + log + ": " + e.getMessage());
    } finally {
      finished.countDown();
    }
  }

  /** Runs a script whose stdout is log bytes; returns its exit status, null when it broke off. */
  private Integer copy(String script, OutputStream out) throws IOException {
    Session s;
    try {
      s = connection.openSession();
    } catch (LaunchException e) {
      return null;
    } catch (IllegalStateException e) {
      closed = true; // the launcher closed the connection: nothing more to follow
      return null;
    }
    session = s;
    try {
      Session.Command command = s.exec(script);
      Thread pids = readPids(command.getErrorStream());
      InputStream in = command.getInputStream();
      byte[] buf = new byte[16 * 1024];
      int n;
      while ((n = in.read(buf)) >= 0) {
        out.write(buf, 0, n);
        out.flush();
        offset += n;
      }
      command.join(5, TimeUnit.SECONDS);
      pids.join(1000);
      return command.getExitStatus();
    } catch (IOException e) {
      // the channel or the connection broke (a dead connection is reopened on next use)
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    } finally {
      session = null;
      SshConnection.closeQuietly(s);
    }
  }

  private Thread readPids(InputStream err) {
    Thread t =
        new Thread(
            () -> {
              try (BufferedReader r =
                  new BufferedReader(new InputStreamReader(err, StandardCharsets.UTF_8))) {
                String line = r.readLine();
                if (line != null && line.matches("\\d+ \\d+")) {
                  remotePids = line;
                }
                while (r.readLine() != null) {
                  // drain
                }
              } catch (IOException e) {
                // channel gone
              }
            },
            thread.getName() + "-err");
    t.setDaemon(true);
    t.start();
    return t;
  }

  private void pause(long millis) {
    synchronized (wakeUp) {
      if (!closed) {
        try {
          wakeUp.wait(millis);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          closed = true;
        }
      }
    }
  }
}
