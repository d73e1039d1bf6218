package io.llmharness.server.internal.slurm;

import io.llmharness.server.slurm.SlurmClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Cancels every job the harness submitted and has not stopped when the JVM exits, so no server
 * keeps its GPUs after an interrupted run.
 */
final class SlurmReaper {
  private static final Map<String, SlurmClient> LIVE = new ConcurrentHashMap<>();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(SlurmReaper::reapAll, "harness-slurm-reaper"));
  }

  private SlurmReaper() {}

  static void register(String jobId, SlurmClient client) {
    LIVE.put(jobId, client);
  }

  static void unregister(String jobId) {
    LIVE.remove(jobId);
  }

  private static void reapAll() {
    Map<SlurmClient, List<String>> byClient = new java.util.IdentityHashMap<>();
    LIVE.forEach((id, client) -> byClient.computeIfAbsent(client, c -> new ArrayList<>()).add(id));
    byClient.forEach(
        (client, ids) -> {
          try {
            client.cancel(ids);
          } catch (RuntimeException e) {
            System.err.println(
                "[harness] could not cancel Slurm jobs " + ids + ": " + e.getMessage());
          }
        });
  }
}
