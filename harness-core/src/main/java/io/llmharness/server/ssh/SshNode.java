package io.llmharness.server.ssh;

import io.llmharness.server.LaunchException;
import io.llmharness.server.ServerCommand;
import io.llmharness.server.internal.ssh.RemoteProcesses;
import io.llmharness.server.internal.ssh.SshConnection;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * A node reached over SSH, with one connection that is opened on first use, shared by everything
 * done on the node and reopened when it drops. Runs short commands; {@link SshLauncher} starts
 * servers on it.
 */
public final class SshNode implements AutoCloseable {
  private static final int TIMED_OUT = 124;

  private final SshConnection connection;

  public SshNode(SshSettings settings) {
    this.connection = new SshConnection(settings);
  }

  public SshSettings settings() {
    return connection.settings();
  }

  /** {@code user@host:port}. */
  public String name() {
    return connection.node();
  }

  /**
   * Connects, authenticates, and checks that the node has the tools the launcher needs and a
   * writable working directory: the check to run before any scenario.
   *
   * @throws LaunchException one sentence naming the node, the problem and the fix
   */
  public void verify() {
    RemoteProcesses.verify(connection);
  }

  /**
   * Runs a command (its words quoted for the remote shell) and waits for it; a command still
   * running after {@code timeout} is killed on the node, process group included, and reported as
   * timed out. A missing program gives exit code 127.
   *
   * @throws LaunchException when the node cannot be reached
   */
  public SshCommandResult run(List<String> argv, Duration timeout) {
    if (argv.isEmpty()) {
      throw new IllegalArgumentException("a command needs at least an executable");
    }
    String seconds = String.format(Locale.ROOT, "%.3f", timeout.toMillis() / 1000.0);
    String line =
        "timeout -k 5 "
            + seconds
            + " "
            + argv.stream().map(ServerCommand::quote).collect(Collectors.joining(" "));
    SshCommandResult r = connection.exec(line, timeout.plusSeconds(15));
    boolean timedOut =
        r.timedOut() || (r.exitCode() == TIMED_OUT && !r.duration().minus(timeout).isNegative());
    return new SshCommandResult(
        r.node(),
        String.join(" ", argv),
        r.exitCode(),
        r.stdout(),
        r.stderr(),
        r.duration(),
        timedOut);
  }

  /**
   * Runs a POSIX shell script ({@code sh -c}) and waits for it at most {@code timeout}; a script
   * still running then is abandoned and reported as timed out.
   *
   * @throws LaunchException when the node cannot be reached
   */
  public SshCommandResult runScript(String script, Duration timeout) {
    return connection.exec("sh -c " + ServerCommand.quote(script), timeout);
  }

  /** Closes the connection. */
  @Override
  public void close() {
    connection.close();
  }

  SshConnection connection() {
    return connection;
  }

  @Override
  public String toString() {
    return "SshNode[" + name() + "]";
  }
}
