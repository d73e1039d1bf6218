package io.llmharness.server.ssh;

import io.llmharness.preflight.BackgroundProcess;
import io.llmharness.preflight.CommandRunner;
import io.llmharness.server.LaunchException;
import io.llmharness.server.internal.ssh.AttachedCommand;
import io.llmharness.server.internal.ssh.RemoteProcesses;
import io.llmharness.server.internal.ssh.SshConnection;
import java.util.List;

/**
 * A node reached over SSH, with one connection that is opened on first use, shared by everything
 * done on the node and reopened when it drops. Runs commands for other code (the preflight checks
 * among them: it is a {@link CommandRunner}); {@link SshLauncher} starts servers on it.
 *
 * <p>Commands run in a session of their own on the node: a timeout, {@link
 * BackgroundProcess#stop()} or the JVM's exit ends every process they started there; a missing
 * program gives exit code 127. Like every runner it never throws for a failing command; an
 * unreachable node gives exit code 255 (as {@code ssh} does) with the reason on stderr.
 */
public final class SshNode implements CommandRunner, AutoCloseable {
  private final SshConnection connection;

  public SshNode(SshSettings settings) {
    this.connection = new SshConnection(settings);
  }

  public SshSettings settings() {
    return connection.settings();
  }

  /** {@code ssh:user@host:port}. */
  @Override
  public String name() {
    return "ssh:" + connection.node();
  }

  /** The node's host, as other nodes reach it. */
  @Override
  public String address() {
    return settings().host();
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

  @Override
  public BackgroundProcess start(List<String> command) {
    return AttachedCommand.start(connection, command);
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
    return name() + "@" + address();
  }
}
