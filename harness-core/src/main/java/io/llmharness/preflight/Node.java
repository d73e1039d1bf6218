package io.llmharness.preflight;

import io.llmharness.preflight.internal.NodeSpecs;
import java.time.Duration;
import java.util.List;

/**
 * A place where commands run: the local host, a network namespace on it, and (in later steps) a
 * host reached over SSH or a Slurm allocation. In a bandwidth measurement node 2 runs the servers
 * and node 1 the clients, which connect to {@link #address()} of node 2.
 *
 * <p>Implementations never throw for a failing command: the failure is in the {@link
 * CommandResult}.
 */
public interface Node {

  /** A short name for reports, such as {@code local} or {@code netns:ns1}. */
  String name();

  /** The address other nodes use to reach this node (an IP address or a host name). */
  String address();

  /**
   * Runs a command to completion, killing it and its children if it runs longer than {@code
   * timeout}.
   */
  CommandResult run(List<String> command, Duration timeout);

  /** Starts a command in the background; the caller must close it. */
  BackgroundProcess start(List<String> command);

  /** The local host, reached by other nodes at {@code 127.0.0.1}. */
  static Node local() {
    return NodeSpecs.local("127.0.0.1");
  }

  /** The local host, reached by other nodes at {@code address}. */
  static Node local(String address) {
    return NodeSpecs.local(address);
  }

  /**
   * The network namespace {@code namespace} of the local host (commands run through {@code ip netns
   * exec}), reached by other nodes at {@code address}.
   */
  static Node networkNamespace(String namespace, String address) {
    return NodeSpecs.networkNamespace(namespace, address);
  }

  /**
   * Parses a node specification: {@code local}, {@code local@<address>} or {@code
   * netns:<namespace>@<address>}.
   *
   * @throws IllegalArgumentException naming the specification and the accepted forms
   */
  static Node parse(String spec) {
    return NodeSpecs.parse(spec);
  }
}
