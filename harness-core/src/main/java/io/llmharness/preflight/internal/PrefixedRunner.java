package io.llmharness.preflight.internal;

import io.llmharness.preflight.BackgroundProcess;
import io.llmharness.preflight.CommandResult;
import io.llmharness.preflight.CommandRunner;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs commands on the local host behind a prefix that changes where they run, such as {@code ip
 * netns exec <namespace>}. Results report the command without the prefix.
 */
final class PrefixedRunner implements CommandRunner {

  private final String name;
  private final String address;
  private final List<String> prefix;

  PrefixedRunner(String name, String address, List<String> prefix) {
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
    try (BackgroundProcess process = start(command)) {
      return process.awaitExit(timeout);
    }
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
