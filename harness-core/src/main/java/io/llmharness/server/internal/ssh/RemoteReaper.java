package io.llmharness.server.internal.ssh;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Stops every remote process the harness started and did not stop when the JVM exits (normally or
 * on SIGTERM/SIGINT), all nodes in parallel, so no server outlives a test run.
 */
final class RemoteReaper {
  private static final Duration GRACE = Duration.ofSeconds(3);
  private static final long WAIT_SECONDS = 60;
  private static final Set<SshServerProcess> LIVE = ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(RemoteReaper::reapAll, "harness-ssh-reaper"));
  }

  private RemoteReaper() {}

  static void register(SshServerProcess process) {
    LIVE.add(process);
  }

  static void unregister(SshServerProcess process) {
    LIVE.remove(process);
  }

  private static void reapAll() {
    List<Thread> stoppers = new ArrayList<>();
    for (SshServerProcess p : LIVE) {
      Thread t =
          new Thread(
              () -> {
                try {
                  p.stop(GRACE);
                } catch (RuntimeException e) {
                  System.err.println("harness: could not stop " + p + ": " + e.getMessage());
                }
              },
              "harness-ssh-reaper-" + p.name());
      t.start();
      stoppers.add(t);
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
    for (Thread t : stoppers) {
      try {
        t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
