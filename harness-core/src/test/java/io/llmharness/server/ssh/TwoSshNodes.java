package io.llmharness.server.ssh;

import io.llmharness.server.Node;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The two-node study's nodes: two network namespaces, each running an {@link Sshd}. {@link
 * #close()} undoes whatever {@link #start} made, also after a partial start.
 */
final class TwoSshNodes implements AutoCloseable {
  private NamespaceNetwork network;
  private Sshd sshd1;
  private Sshd sshd2;

  /** Makes the namespaces and starts an sshd in each, its files under {@code dir}. */
  void start(Path dir) throws IOException {
    Sshd.assumeAvailable();
    network = NamespaceNetwork.create(2);
    sshd1 = Sshd.inNamespace(dir.resolve("sshd1"), network.namespace(0), network.address(0));
    sshd2 = Sshd.inNamespace(dir.resolve("sshd2"), network.namespace(1), network.address(1));
  }

  /** The namespaces, or null before {@link #start} made them. */
  NamespaceNetwork network() {
    return network;
  }

  /** The address of node 1 ({@code index} 0) or node 2 (1). */
  String address(int index) {
    return network.address(index);
  }

  /** The sshd of node 1 ({@code index} 0) or node 2 (1). */
  Sshd sshd(int index) {
    return index == 0 ? sshd1 : sshd2;
  }

  /** Settings that reach {@code node}: the sshd of node 1 at its address, else that of node 2. */
  SshSettings settingsFor(Node node) {
    return node.address().equals(network.address(0)) ? sshd1.settings() : sshd2.settings();
  }

  @Override
  public void close() {
    closeAll(sshd1, sshd2, network);
  }

  /** Closes each of {@code resources} that is not null, reporting failures and going on. */
  static void closeAll(AutoCloseable... resources) {
    for (AutoCloseable c : resources) {
      if (c != null) {
        try {
          c.close();
        } catch (Exception e) {
          System.err.println("teardown: " + e.getMessage());
        }
      }
    }
  }
}
