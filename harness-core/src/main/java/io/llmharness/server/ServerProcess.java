package io.llmharness.server;

import io.llmharness.server.internal.LogFiles;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/** A server process started by a {@link Launcher}, wherever it runs. */
public interface ServerProcess extends AutoCloseable {
  /** A short name for messages, e.g. {@code prefill@node1}. */
  String name();

  /** True while the process runs. */
  boolean isAlive();

  /** The exit code once the process has ended. */
  OptionalInt exitCode();

  /**
   * How it ended, for messages after {@link #name()}: {@code exited with code 1}; a Slurm job adds
   * its id, state and Slurm's reason.
   */
  default String exitDescription() {
    return "exited with code " + exitCode().orElse(-1);
  }

  /**
   * The address it is reachable at, when the launcher chose its node (a Slurm job: this waits for
   * the allocation and throws {@link LaunchException} when the job cannot start); empty when it
   * runs on the node it was started for.
   */
  default Optional<String> address() {
    return Optional.empty();
  }

  /** The local file its output is written (or streamed back) to. */
  Path log();

  /** The last {@code lines} lines of its log. */
  default List<String> tailLog(int lines) {
    return LogFiles.tail(log(), lines);
  }

  /**
   * {@code the last lines of <log>:} followed by those lines ({@link ReadinessProbe#LOG_LINES}),
   * for the end of error messages.
   */
  default String logTail() {
    return "the last lines of "
        + log()
        + ":\n"
        + String.join("\n", tailLog(ReadinessProbe.LOG_LINES));
  }

  /**
   * Stops the process and everything it started: a polite signal first, a forced kill after {@code
   * grace}. Idempotent.
   */
  void stop(Duration grace);

  /** Stops with a default grace period. */
  @Override
  default void close() {
    stop(Duration.ofSeconds(10));
  }
}
