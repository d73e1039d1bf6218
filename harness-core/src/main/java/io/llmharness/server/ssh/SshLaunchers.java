package io.llmharness.server.ssh;

import io.llmharness.server.LaunchException;
import io.llmharness.server.Launcher;
import io.llmharness.server.Node;
import io.llmharness.server.internal.LocalLauncher;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The launchers of the {@code ssh} target, for {@code new Supervisor(target, launchers)}: one
 * {@link SshLauncher} (one connection) per remote node, reached at the node's address with the
 * {@code harness.ssh.*} settings; servers on {@link Node#LOCAL} (the proxy, by default) start on
 * this host. Close it after the supervisor: it stops whatever is still running and disconnects.
 */
public final class SshLaunchers implements Function<Node, Launcher>, AutoCloseable {
  private final Function<Node, SshSettings> settings;
  private final Map<String, SshLauncher> remote = new LinkedHashMap<>();
  private final Launcher local = new LocalLauncher();

  /** Launchers whose settings for each node come from {@code settings}. */
  public SshLaunchers(Function<Node, SshSettings> settings) {
    this.settings = settings;
  }

  /** Launchers reaching each node at its address with the {@code harness.ssh.*} keys of config. */
  public static SshLaunchers fromConfig(Map<String, String> config) {
    Map<String, String> copy = Map.copyOf(config);
    return new SshLaunchers(node -> SshSettings.fromConfig(node.address(), copy));
  }

  /** The launcher for a node: this host's for {@link Node#LOCAL}, else the node's SSH launcher. */
  @Override
  public Launcher apply(Node node) {
    return node.equals(Node.LOCAL) ? local : ssh(node);
  }

  /** The SSH launcher of a remote node, made on first use. */
  public synchronized SshLauncher ssh(Node node) {
    return remote.computeIfAbsent(node.address(), a -> new SshLauncher(settings.apply(node)));
  }

  /**
   * Connects to every remote node and checks it can run servers, before any scenario runs.
   *
   * @throws LaunchException for the first node that cannot, naming it, the problem and the fix
   */
  public void verify(Collection<Node> nodes) {
    for (Node node : nodes) {
      if (!node.equals(Node.LOCAL)) {
        ssh(node).node().verify();
      }
    }
  }

  /** Stops what the SSH launchers started and is still running, and closes their connections. */
  @Override
  public void close() {
    List<SshLauncher> all;
    synchronized (this) {
      all = new ArrayList<>(remote.values());
      remote.clear();
    }
    LaunchException failure = null;
    for (SshLauncher l : all) {
      try {
        l.close();
      } catch (LaunchException e) {
        failure = e;
      }
    }
    if (failure != null) {
      throw failure;
    }
  }
}
