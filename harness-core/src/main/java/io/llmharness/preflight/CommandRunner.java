package io.llmharness.preflight;

import io.llmharness.preflight.internal.Runners;
import io.llmharness.server.Node;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Runs commands on a node: the local host, a network namespace on it, or a host reached over SSH
 * ({@link io.llmharness.server.ssh.SshNode}). In a bandwidth measurement node 2 runs the servers
 * and node 1 the clients, which connect to {@link #address()} of node 2.
 *
 * <p>Implementations never throw for a failing command: the failure is in the {@link
 * CommandResult}. Close a runner when done with it: that ends an SSH node's connection (and is a
 * no-op for local runners).
 */
public interface CommandRunner extends AutoCloseable {

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
   * {@link #parse(String, Function)} with the {@code harness.ssh.*} keys of an {@code ssh:} node
   * read from system properties.
   */
  static CommandRunner parse(String spec) {
    return parse(spec, key -> Optional.ofNullable(System.getProperty(key)));
  }

  /**
   * Parses a node specification: {@code local}, {@code local@<address>}, {@code
   * netns:<namespace>@<address>} or {@code ssh:[<user>@]<host>[:<port>]} (an {@link
   * io.llmharness.server.ssh.SshNode} reached at {@code host}, with the other {@code harness.ssh.*}
   * settings read through {@code config}; a user or port in the specification wins). Nothing
   * connects until the first command.
   *
   * @throws IllegalArgumentException naming the specification and the accepted forms
   */
  static CommandRunner parse(String spec, Function<String, Optional<String>> config) {
    return Runners.parse(spec, config);
  }

  /** Releases what the runner holds open, such as an SSH connection; never throws. */
  @Override
  default void close() {}
}
