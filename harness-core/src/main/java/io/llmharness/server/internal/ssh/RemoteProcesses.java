package io.llmharness.server.internal.ssh;

import io.llmharness.server.LaunchException;
import io.llmharness.server.ServerCommand;
import io.llmharness.server.internal.LogFiles;
import io.llmharness.server.ssh.SshSettings;
import java.nio.file.Path;
import java.time.Duration;

/** Checks a node, checks a command on it, and starts commands on it detached. */
public final class RemoteProcesses {
  private static final Duration CHECK_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
  private static final String INSTALL_IT = "install it on the node or give its absolute path";

  private RemoteProcesses() {}

  /**
   * Connects and checks the tools and the working directory.
   *
   * @throws LaunchException one sentence naming the node, the problem and the fix
   */
  public static void verify(SshConnection connection) {
    String dir = connection.settings().remoteDirectory();
    ExecResult r = connection.exec(RemoteScripts.check(dir), CHECK_TIMEOUT);
    if (!r.succeeded()) {
      throw new LaunchException(
          "node "
              + connection.node()
              + " cannot run servers in "
              + dir
              + ": "
              + detail(r)
              + "; install util-linux and coreutils there, or set "
              + SshSettings.PREFIX
              + "remoteDir to a writable directory.");
    }
  }

  /**
   * Checks that the command's executable exists on the node and can be run.
   *
   * @throws LaunchException naming the executable, the node and the fix
   */
  public static void checkExecutable(SshConnection connection, String name, ServerCommand command) {
    checkExecutable(connection, name, command, INSTALL_IT);
  }

  /**
   * Checks that the command's executable exists on the node and can be run.
   *
   * @param fix what to do when it is missing ({@code install vLLM there, or set …})
   * @throws LaunchException naming the executable, the node and the fix
   */
  public static void checkExecutable(
      SshConnection connection, String name, ServerCommand command, String fix) {
    validateEnv(name, command);
    ExecResult r = connection.exec(RemoteScripts.checkExecutable(command), CHECK_TIMEOUT);
    if (!r.succeeded()) {
      throw startFailure(connection, name, command, r, fix);
    }
  }

  /**
   * Starts the command detached on the node, its output in its own remote log streamed back to
   * {@code log}.
   *
   * @throws LaunchException when the node is unreachable, the executable is missing, or the command
   *     could not be started
   */
  public static SshServerProcess start(
      SshConnection connection, String name, ServerCommand command, Path log) {
    validateEnv(name, command);
    RemoteFiles files = RemoteFiles.fresh(connection.settings().remoteDirectory(), name);
    LogFiles.appendLine(log, "# " + connection.node() + ": " + command.render());
    ExecResult r = connection.exec(RemoteScripts.start(files, command), START_TIMEOUT);
    if (!r.succeeded()) {
      LogFiles.appendLine(log, "# harness: " + r.failureSummary());
      throw startFailure(connection, name, command, r, INSTALL_IT);
    }
    String out = r.stdout().strip();
    String last = out.substring(out.lastIndexOf('\n') + 1).strip();
    long pid;
    try {
      pid = Long.parseLong(last);
    } catch (NumberFormatException e) {
      throw new LaunchException(
          "started "
              + name
              + " on "
              + connection.node()
              + " but could not read its process id from '"
              + last
              + "'; check "
              + files.dir()
              + " on the node.",
          e);
    }
    LogFiles.appendLine(log, "# remote pid " + pid + ", remote log " + files.log());
    return new SshServerProcess(name, connection, files, pid, log);
  }

  private static LaunchException startFailure(
      SshConnection connection, String name, ServerCommand command, ExecResult r, String fix) {
    String exe = command.argv().get(0);
    String where = "cannot start " + name + " on " + connection.node() + ": ";
    if (r.timedOut()) {
      return new LaunchException(
          where + "the start script did not finish within " + r.duration().toSeconds() + " s.");
    }
    switch (r.exitCode()) {
      case RemoteScripts.NOT_FOUND:
        return new LaunchException(
            where + "executable " + exe + " " + detail(r) + "; " + fix + ".");
      case RemoteScripts.NOT_EXECUTABLE:
        return new LaunchException(
            where + exe + " is " + detail(r) + "; give the path of an executable file.");
      case RemoteScripts.MISSING_TOOL:
        return new LaunchException(where + detail(r) + "; install util-linux and coreutils.");
      default:
        return new LaunchException(
            where + r.failureSummary() + " (command: " + command.render() + ").");
    }
  }

  private static void validateEnv(String name, ServerCommand command) {
    for (String key : command.env().keySet()) {
      if (!key.matches("[A-Za-z_][A-Za-z0-9_]*")) {
        throw new LaunchException(
            "environment variable name '"
                + key
                + "' of "
                + name
                + " cannot be exported by a shell; use letters, digits and underscores.");
      }
    }
  }

  private static String detail(ExecResult r) {
    String err = r.stderr().strip();
    return err.isEmpty() ? "exit " + r.exitCode() : err.substring(err.lastIndexOf('\n') + 1);
  }
}
