package io.llmharness.server.internal.ssh;

import java.time.Duration;
import java.util.Objects;

/**
 * How a command line sent over SSH ended (the launcher's own control scripts).
 *
 * @param node the node it ran on, {@code user@host:port}
 * @param command the command line as sent to the node
 * @param exitCode the exit code; 127 when the program was not found; -1 when it ended without one
 *     (killed by a signal, or the channel closed)
 * @param stdout its standard output
 * @param stderr its standard error
 * @param duration wall-clock time from sending the command to its end
 * @param timedOut true when it was stopped because it ran past its timeout
 */
record ExecResult(
    String node,
    String command,
    int exitCode,
    String stdout,
    String stderr,
    Duration duration,
    boolean timedOut) {

  ExecResult {
    Objects.requireNonNull(node, "node");
    Objects.requireNonNull(command, "command");
    Objects.requireNonNull(stdout, "stdout");
    Objects.requireNonNull(stderr, "stderr");
    Objects.requireNonNull(duration, "duration");
  }

  /** True when the command exited by itself with code 0. */
  boolean succeeded() {
    return exitCode == 0 && !timedOut;
  }

  /**
   * One sentence for an error message: the command, the node, how it ended, its last error line.
   */
  String failureSummary() {
    String how =
        timedOut
            ? "timed out after " + duration.toMillis() + " ms"
            : exitCode == RemoteScripts.NOT_FOUND
                ? "was not found (exit 127)"
                : "exited with " + exitCode;
    String detail = lastLine(stderr.isBlank() ? stdout : stderr);
    return "'" + command + "' on " + node + " " + how + (detail.isEmpty() ? "" : ": " + detail);
  }

  private static String lastLine(String text) {
    String[] lines = text.strip().split("\\R");
    return lines[lines.length - 1].strip();
  }
}
