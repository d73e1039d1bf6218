package io.llmharness.preflight;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How a command ended on a node.
 *
 * @param command the argument vector as given to the node (without the node's own prefix)
 * @param exitCode the exit code; 127 when the program could not be started, as a shell reports it;
 *     -1 when it was killed after its timeout
 * @param stdout everything the command wrote to standard output (truncated beyond a few MiB)
 * @param stderr everything the command wrote to standard error (truncated beyond a few MiB)
 * @param duration wall-clock time from start to exit
 * @param timedOut true when the command was killed because it ran past its timeout
 */
public record CommandResult(
    List<String> command,
    int exitCode,
    String stdout,
    String stderr,
    Duration duration,
    boolean timedOut) {

  /** The exit code a shell reports for a program that cannot be found or started. */
  public static final int NOT_STARTED = 127;

  public CommandResult {
    command = List.copyOf(command);
    Objects.requireNonNull(stdout, "stdout");
    Objects.requireNonNull(stderr, "stderr");
    Objects.requireNonNull(duration, "duration");
  }

  /** True when the command exited by itself with code 0. */
  public boolean succeeded() {
    return exitCode == 0 && !timedOut;
  }

  /** The command line as one string, for messages. */
  public String commandLine() {
    return String.join(" ", command);
  }

  /**
   * A one-sentence description of a failure: the command, how it ended and the last line of its
   * error output.
   */
  public String failureSummary() {
    String how =
        timedOut
            ? "timed out after " + duration.toMillis() + " ms"
            : exitCode == NOT_STARTED
                ? "could not be started (exit 127)"
                : "exited with " + exitCode;
    String detail = lastNonBlankLine(stderr.isBlank() ? stdout : stderr);
    return "'" + commandLine() + "' " + how + (detail.isEmpty() ? "" : ": " + detail);
  }

  private static String lastNonBlankLine(String text) {
    String[] lines = text.strip().split("\\R");
    for (int i = lines.length - 1; i >= 0; i--) {
      if (!lines[i].isBlank()) {
        return lines[i].strip();
      }
    }
    return "";
  }
}
