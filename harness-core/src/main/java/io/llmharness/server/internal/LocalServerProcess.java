package io.llmharness.server.internal;

import io.llmharness.server.ServerProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.OptionalInt;

/** A server process on this host. */
final class LocalServerProcess implements ServerProcess {
  private final String name;
  private final Process process;
  private final Path log;

  LocalServerProcess(String name, Process process, Path log) {
    this.name = name;
    this.process = process;
    this.log = log;
    ProcessReaper.register(process.toHandle());
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public boolean isAlive() {
    return process.isAlive();
  }

  @Override
  public OptionalInt exitCode() {
    return process.isAlive() ? OptionalInt.empty() : OptionalInt.of(process.exitValue());
  }

  @Override
  public Path log() {
    return log;
  }

  /** The process id, for tests and messages. */
  long pid() {
    return process.pid();
  }

  @Override
  public void stop(Duration grace) {
    ProcessReaper.kill(process.toHandle(), grace.toMillis());
    ProcessReaper.unregister(process.toHandle());
  }

  @Override
  public String toString() {
    return name + " (pid " + process.pid() + ", log " + log + ")";
  }
}
