package io.llmharness.server.internal;

import io.llmharness.server.LaunchCheck;
import io.llmharness.server.LaunchException;
import io.llmharness.server.Launcher;
import io.llmharness.server.ServerCommand;
import io.llmharness.server.ServerProcess;
import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

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

  /**
   * The executable must be on this host's {@code PATH} (or an executable file, when given as a
   * path), and the ports free on the node's address.
   */
  @Override
  public List<String> problems(LaunchCheck check) {
    List<String> problems = new ArrayList<>();
    String exe = check.command().argv().get(0);
    if (!onPath(exe)) {
      problems.add(
          "cannot start "
              + check.name()
              + " on this host: executable "
              + exe
              + " was not found; "
              + check.executableFix()
              + ".");
    }
    for (int port : check.ports()) {
      if (taken(check.node().address(), port)) {
        problems.add(LaunchCheck.portInUse(port, check.node().address()));
      }
    }
    return problems;
  }

  private static boolean onPath(String exe) {
    if (exe.contains("/")) {
      return Files.isExecutable(Path.of(exe));
    }
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, exe))) {
        return true;
      }
    }
    return false;
  }

  /** True when the port cannot be bound on an address this host can bind (so it is taken). */
  private static boolean taken(String address, int port) {
    return !bindable(address, port) && bindable(address, 0);
  }

  private static boolean bindable(String address, int port) {
    try (ServerSocket s = new ServerSocket()) {
      s.setReuseAddress(true);
      s.bind(new InetSocketAddress(address, port));
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
