package io.llmharness.server.ssh;

import io.llmharness.preflight.internal.ListeningPorts;
import io.llmharness.server.LaunchCheck;
import io.llmharness.server.LaunchException;
import io.llmharness.server.Launcher;
import io.llmharness.server.ServerCommand;
import io.llmharness.server.internal.ssh.RemoteProcesses;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts servers on one node over SSH. Each runs detached in its own session on the node, with its
 * own log file there ({@link RemoteServerProcess#remoteLog()}) that is streamed back to the local
 * log while it runs. Stopping one stops every process it started on the node; whatever is still
 * running when the JVM exits is stopped then.
 *
 * <pre>{@code
 * try (SshLauncher node1 = new SshLauncher(SshSettings.fromSystemProperties("10.0.0.1"))) {
 *   node1.node().verify();                     // unreachable, auth, host key: fails here
 *   RemoteServerProcess vllm = node1.start("prefill", command, Path.of("prefill.log"));
 *   ...
 * }
 * }</pre>
 */
public final class SshLauncher implements Launcher, AutoCloseable {
  private final SshNode node;
  private final List<RemoteServerProcess> started = new ArrayList<>();

  /** A launcher for the node {@code settings} describe; it owns its {@link SshNode}. */
  public SshLauncher(SshSettings settings) {
    this(new SshNode(settings));
  }

  /** A launcher on {@code node}, which it closes when closed. */
  public SshLauncher(SshNode node) {
    this.node = node;
  }

  public SshNode node() {
    return node;
  }

  /**
   * Checks, before anything runs, that the node is reachable and fit and that the command's
   * executable exists there.
   *
   * @throws LaunchException one sentence naming the node, the problem and the fix
   */
  public void check(String name, ServerCommand command) {
    node.verify();
    RemoteProcesses.checkExecutable(node.connection(), name, command);
  }

  /**
   * Connects and checks the node ({@link SshNode#verify}), then that the executable exists there
   * and that nothing listens on the ports (read from the node's {@code /proc/net/tcp}, so in its
   * network namespace). An unreachable or unfit node is the one problem reported for it.
   */
  @Override
  public List<String> problems(LaunchCheck check) {
    try {
      node.verify();
    } catch (LaunchException e) {
      return List.of(e.getMessage());
    }
    List<String> problems = new ArrayList<>();
    try {
      RemoteProcesses.checkExecutable(
          node.connection(), check.name(), check.command(), check.executableFix());
    } catch (LaunchException e) {
      problems.add(e.getMessage());
    }
    for (int port : check.ports()) {
      if (ListeningPorts.isListening(node, port)) {
        problems.add(
            LaunchCheck.portInUse(port, check.node().name() + " (" + check.node().address() + ")"));
      }
    }
    return problems;
  }

  @Override
  public RemoteServerProcess start(String name, ServerCommand command, Path log) {
    RemoteServerProcess p = RemoteProcesses.start(node.connection(), name, command, log);
    synchronized (started) {
      started.add(p);
    }
    return p;
  }

  /** Stops the processes started here that are still running, then closes the connection. */
  @Override
  public void close() {
    List<RemoteServerProcess> all;
    synchronized (started) {
      all = List.copyOf(started);
      started.clear();
    }
    LaunchException failure = null;
    for (RemoteServerProcess p : all) {
      try {
        p.stop(Duration.ofSeconds(10));
      } catch (LaunchException e) {
        failure = e;
      }
    }
    node.close();
    if (failure != null) {
      throw failure;
    }
  }

  @Override
  public String toString() {
    return "SshLauncher[" + node.name() + "]";
  }
}
