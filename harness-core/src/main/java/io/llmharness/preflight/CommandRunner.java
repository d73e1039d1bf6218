package io.llmharness.preflight;

import io.llmharness.preflight.internal.Runners;
import io.llmharness.server.Node;
import java.time.Duration;
import java.util.List;

/**
 * Runs commands on a node: the local host, a network namespace on it, and (in later steps) a host
 * reached over SSH or a Slurm allocation. In a bandwidth measurement node 2 runs the servers and
 * node 1 the clients, which connect to {@link #address()} of node 2.
 *
 * <p>Implementations never throw for a failing command: the failure is in the {@link
 * CommandResult}.
 */
public interface CommandRunner {

  /** A short name for reports, such as {@code local} or {@code netns:ns1}. */
  String name();

  /** The address other nodes use to reach this node (an IP address or a host name). */
  String address();

  /** The node as the server package describes it (name and address). */
  default Node node() {
    return new Node(name(), address());
  }

  /**
   * Runs a command to completion, killing it and its children if it runs longer than {@code
   * timeout}: {@link #start} and {@link BackgroundProcess#awaitExit}.
   */
  default CommandResult run(List<String> command, Duration timeout) {
    try (BackgroundProcess process = start(command)) {
      return process.awaitExit(timeout);
    }
  }

  /** Starts a command in the background; the caller must close it. */
  BackgroundProcess start(List<String> command);

  /** The local host, reached by other nodes at {@code 127.0.0.1}. */
  static CommandRunner local() {
    return Runners.local("127.0.0.1");
  }

  /** The local host, reached by other nodes at {@code address}. */
  static CommandRunner local(String address) {
    return Runners.local(address);
  }

  /**
   * The network namespace {@code namespace} of the local host (commands run through {@code ip netns
   * exec}), reached by other nodes at {@code address}.
   */
  static CommandRunner networkNamespace(String namespace, String address) {
    return Runners.networkNamespace(namespace, address);
  }

  /**
   * Parses a node specification: {@code local}, {@code local@<address>} or {@code
   * netns:<namespace>@<address>}.
   *
   * @throws IllegalArgumentException naming the specification and the accepted forms
   */
  static CommandRunner parse(String spec) {
    return Runners.parse(spec);
  }
}
