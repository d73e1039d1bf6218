package io.llmharness.server.internal.ssh;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Stops every remote process the harness started and did not stop when the JVM exits (normally or
 * on SIGTERM/SIGINT), all in parallel, so no server outlives a test run.
 */
final class RemoteReaper {
  /** Something running on a node that must not outlive this JVM. */
  interface Reapable {
    /** Stops it, and everything it started, quickly. */
    void reap();
  }

  private static final long WAIT_SECONDS = 60;
  private static final Set<Reapable> LIVE = ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(RemoteReaper::reapAll, "harness-ssh-reaper"));
  }

  private RemoteReaper() {}

  static void register(Reapable remote) {
    LIVE.add(remote);
  }

  static void unregister(Reapable remote) {
    LIVE.remove(remote);
  }

  private static void reapAll() {
    List<Thread> stoppers = new ArrayList<>();
    for (Reapable p : LIVE) {
      Thread t =
          new Thread(
              () -> {
                try {
                  p.reap();
                } catch (RuntimeException e) {
                  System.err.println("harness: could not stop " + p + ": " + e.getMessage());
                }
              },
              "harness-ssh-reaper");
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
