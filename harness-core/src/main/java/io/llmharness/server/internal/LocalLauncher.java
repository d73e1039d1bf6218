package io.llmharness.server.internal;

import io.llmharness.server.LaunchException;
import io.llmharness.server.Launcher;
import io.llmharness.server.ServerCommand;
import io.llmharness.server.ServerProcess;
import java.io.IOException;
import java.nio.file.Path;

/** Starts processes on this host, output appended to a log file, killed with the JVM. */
public final class LocalLauncher implements Launcher {
  @Override
  public ServerProcess start(String name, ServerCommand command, Path log) {
    LogFiles.appendLine(log, "# " + command.render());
    ProcessBuilder pb = new ProcessBuilder(command.argv());
    pb.environment().putAll(command.env());
    pb.redirectErrorStream(true);
    pb.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    try {
      return new LocalServerProcess(name, pb.start(), log);
    } catch (IOException e) {
      throw new LaunchException(
          "cannot start "
              + name
              + ": "
              + e.getMessage()
              + " (command: "
              + command.render()
              + "); check that the executable exists and is on the PATH.",
          e);
    }
  }
}
