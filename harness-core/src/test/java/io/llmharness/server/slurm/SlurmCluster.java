package io.llmharness.server.slurm;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Test support: the real Slurm cluster of {@code .ci/slurm-cluster.sh} (found through {@code
 * SLURM_CONF}), read and changed with Slurm's own commands.
 */
final class SlurmCluster {
  /** Why the Slurm tests skip without a cluster. */
  static final String NO_CLUSTER =
      "SLURM_CONF is unset: no Slurm cluster to submit to; run .ci/slurm-cluster.sh up and"
          + " source the env file it names (CI does both)";

  /** The address of node n1 in the cluster's network namespace. */
  static final String N1 = "198.18.0.11";

  /** The address of node n2. */
  static final String N2 = "198.18.0.12";

  private SlurmCluster() {}

  /** Every job Slurm lists as pending, running or completing: {@code id|name|state}. */
  static List<String> jobs() {
    return Arrays.stream(run("squeue", "-h", "-o", "%i|%j|%T").split("\n"))
        .map(String::strip)
        .filter(l -> !l.isEmpty())
        .toList();
  }

  /** The jobs whose name starts with {@code prefix}. */
  static List<String> jobsNamed(String prefix) {
    return jobs().stream().filter(l -> l.split("\\|")[1].startsWith(prefix)).toList();
  }

  static void cancel(String jobId) {
    run("scancel", jobId);
  }

  /** Polls {@code condition} every 100 ms until it holds or {@code limit} passes. */
  static void await(BooleanSupplier condition, Duration limit) {
    long deadline = System.nanoTime() + limit.toNanos();
    while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
      LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
    }
  }

  static String run(String... argv) {
    try {
      Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IllegalStateException(String.join(" ", argv) + " failed: " + out);
      }
      return out;
    } catch (IOException e) {
      throw new IllegalStateException(String.join(" ", argv) + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
