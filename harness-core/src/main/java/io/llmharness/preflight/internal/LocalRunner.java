package io.llmharness.preflight.internal;

import io.llmharness.preflight.BackgroundProcess;
import io.llmharness.preflight.CommandResult;
import io.llmharness.preflight.CommandRunner;
import java.time.Duration;
import java.util.List;

/** Runs commands as child processes of this JVM. */
final class LocalRunner implements CommandRunner {

  private final String name;
  private final String address;

  LocalRunner(String name, String address) {
    this.name = name;
    this.address = address;
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
    return LocalProcess.start(command, command);
  }

  @Override
  public String toString() {
    return name + "@" + address;
  }
}
