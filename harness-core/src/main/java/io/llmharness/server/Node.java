package io.llmharness.server;

import java.util.Objects;

/**
 * A machine servers run on.
 *
 * @param name a short name for logs and messages ({@code node1})
 * @param address the address other machines reach it at; also its NIXL side-channel host
 */
public record Node(String name, String address) {
  /** This host, for emulated and local targets. */
  public static final Node LOCAL = new Node("local", "127.0.0.1");

  public Node {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(address, "address");
    if (address.isBlank()) {
      throw new IllegalArgumentException("node [" + name + "] needs an address");
    }
  }
}
