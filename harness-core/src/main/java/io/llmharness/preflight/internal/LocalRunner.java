package io.llmharness.preflight.internal;

import io.llmharness.preflight.BackgroundProcess;
import io.llmharness.preflight.CommandResult;
import io.llmharness.preflight.CommandRunner;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Runs commands as child processes of this JVM, optionally behind a prefix that changes where they
 * run, such as {@code ip netns exec <namespace>}. Results report the command without the prefix.
 */
final class LocalRunner implements CommandRunner {

  private static final Pattern EXEC_FAILED =
      Pattern.compile("^exec of \"[^\"]+\" failed: ", Pattern.MULTILINE);

  private final String name;
  private final String address;
  private final List<String> prefix;

  LocalRunner(String name, String address, List<String> prefix) {
    this.name = name;
    this.address = address;
    this.prefix = List.copyOf(prefix);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String address() {
    return address;
  }

  @Override
  public CommandResult run(List<String> command, Duration timeout) {
    CommandResult result = CommandRunner.super.run(command, timeout);
    return prefix.isEmpty() ? result : asNotStarted(result);
  }

  /**
   * {@code ip netns exec} exits with 1 and {@code exec of "x" failed: …} when it cannot run the
   * program; report that as a shell would, with 127, so callers see "not installed" uniformly.
   */
  static CommandResult asNotStarted(CommandResult r) {
    if (r.exitCode() != 0 && !r.timedOut() && EXEC_FAILED.matcher(r.stderr()).find()) {
      return new CommandResult(
          r.command(), CommandResult.NOT_STARTED, r.stdout(), r.stderr(), r.duration(), false);
    }
    return r;
  }

  @Override
  public BackgroundProcess start(List<String> command) {
    List<String> full = new ArrayList<>(prefix);
    full.addAll(command);
    return LocalProcess.start(full, command);
  }

  @Override
  public String toString() {
    return name + "@" + address;
  }
}
