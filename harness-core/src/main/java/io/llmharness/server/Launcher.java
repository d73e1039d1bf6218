package io.llmharness.server;

import java.nio.file.Path;

/** Starts server processes somewhere (this host, a remote node over SSH, a Slurm job). */
public interface Launcher {
  /**
   * Starts a process whose output goes to {@code log}.
   *
   * @throws LaunchException when it cannot be started (missing executable, unreachable node)
   */
  ServerProcess start(String name, ServerCommand command, Path log);
}
