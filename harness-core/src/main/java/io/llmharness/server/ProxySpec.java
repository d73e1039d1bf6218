package io.llmharness.server;

import java.util.Objects;

/**
 * The P/D proxy of a disaggregated deployment.
 *
 * @param node where it runs
 * @param port its HTTP port; 0 lets the launcher pick a free one
 */
public record ProxySpec(Node node, int port) {
  public ProxySpec {
    Objects.requireNonNull(node, "node");
  }
}
