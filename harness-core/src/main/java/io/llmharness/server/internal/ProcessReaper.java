package io.llmharness.server.internal;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Kills every process tree the harness started when the JVM exits, so no server survives a test
 * run, even one that was interrupted.
 */
public final class ProcessReaper {
  private static final Set<ProcessHandle> LIVE = ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(ProcessReaper::reapAll, "harness-reaper"));
  }

  private ProcessReaper() {}

  /** Registers a process whose tree must die with the JVM. */
  public static void register(ProcessHandle process) {
    LIVE.add(process);
  }

  /** Forgets a process that was stopped. */
  public static void unregister(ProcessHandle process) {
    LIVE.remove(process);
  }

  /** Stops a process tree: SIGTERM to all, then SIGKILL to whatever is left after the grace. */
  public static void kill(ProcessHandle root, long graceMillis) {
    var tree = new java.util.ArrayList<ProcessHandle>();
    root.descendants().forEach(tree::add);
    tree.add(root);
    tree.forEach(ProcessHandle::destroy);
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(graceMillis);
    for (ProcessHandle p : tree) {
      long left = deadline - System.nanoTime();
      if (left > 0) {
        try {
          p.onExit().get(left, TimeUnit.NANOSECONDS);
        } catch (Exception e) {
          // still alive, or interrupted: killed below
        }
      }
    }
    root.descendants().forEach(ProcessHandle::destroyForcibly);
    tree.forEach(ProcessHandle::destroyForcibly);
  }

  private static void reapAll() {
    for (ProcessHandle p : LIVE) {
      kill(p, 2000);
    }
  }
}
