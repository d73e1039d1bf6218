package io.llmharness.preflight;

import java.time.Duration;
import java.util.List;

/**
 * A command running in the background on a node, such as an iperf3 or fi_pingpong server. Closing
 * it stops the command and every process it started.
 */
public interface BackgroundProcess extends AutoCloseable {

  /** The argument vector as given to the node. */
  List<String> command();

  /** True while the command has not exited. */
  boolean isAlive();

  /** Standard output written so far. */
  String stdoutSoFar();

  /** Standard error written so far. */
  String stderrSoFar();

  /**
   * Waits for the command to exit by itself; if it has not exited after {@code timeout}, stops it
   * (process tree included) and reports it as timed out.
   */
  CommandResult awaitExit(Duration timeout);

  /**
   * Stops the command and its process tree (SIGTERM, then SIGKILL after a grace period) and returns
   * how it ended. Calling it again returns the same result.
   */
  CommandResult stop();

  /** Same as {@link #stop()}. */
  @Override
  default void close() {
    stop();
  }
}
