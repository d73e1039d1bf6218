package io.llmharness.server;

import java.nio.file.Path;
import java.util.List;

/** Starts server processes somewhere (this host, a remote node over SSH, a Slurm job). */
public interface Launcher {
  /**
   * Starts a process whose output goes to {@code log}.
   *
   * @throws LaunchException when it cannot be started (missing executable, unreachable node)
   */
  ServerProcess start(String name, ServerCommand command, Path log);

  /**
   * What would keep the server of {@code check} from starting through this launcher, found before
   * anything starts: an unreachable node, a missing executable, a port already in use. The default
   * finds nothing (a launcher that cannot tell before it starts, such as Slurm's).
   *
   * @return one sentence per problem, naming the node, the value and the fix; empty when none
   */
  default List<String> problems(LaunchCheck check) {
    return List.of();
  }
}
