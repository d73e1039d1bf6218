package io.llmharness.server;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;

/** A server process started by a {@link Launcher}, wherever it runs. */
public interface ServerProcess extends AutoCloseable {
  /** A short name for messages, e.g. {@code prefill@node1}. */
  String name();

  /** True while the process runs. */
  boolean isAlive();

  /** The exit code once the process has ended. */
  OptionalInt exitCode();

  /** The local file its output is written (or streamed back) to. */
  Path log();

  /** The last {@code lines} lines of its log. */
  List<String> tailLog(int lines);

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
