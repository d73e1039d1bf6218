package io.llmharness.server;

import io.llmharness.scenario.Backend;
import io.llmharness.scenario.ServerSettings;
import java.util.Objects;
import java.util.Optional;

/**
 * One inference server of a deployment, as it must be started. Equal specs describe interchangeable
 * servers, so a running one can be reused.
 *
 * @param role unified, prefill or decode
 * @param model the model to serve ({@code vllm serve MODEL})
 * @param node where it runs
 * @param port the HTTP port; 0 lets the launcher pick a free one
 * @param settings stage, prefix cache, parallelism, memory
 * @param kvBackend for prefill and decode servers, the KV transfer backend (EFA or TCP)
 * @param sideChannelPort the NIXL side-channel port ({@code VLLM_NIXL_SIDE_CHANNEL_PORT}); 0 lets
 *     the launcher pick a free one
 */
public record ServerSpec(
    ServerRole role,
    String model,
    Node node,
    int port,
    ServerSettings settings,
    Optional<Backend> kvBackend,
    int sideChannelPort) {

  public ServerSpec {
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(node, "node");
    Objects.requireNonNull(settings, "settings");
    Objects.requireNonNull(kvBackend, "kvBackend");
    if (role == ServerRole.UNIFIED && kvBackend.isPresent()) {
      throw new IllegalArgumentException("a unified server has no KV transfer backend");
    }
    if (role != ServerRole.UNIFIED && kvBackend.filter(Backend::disaggregated).isEmpty()) {
      throw new IllegalArgumentException(
          "a " + role.label() + " server needs the EFA or TCP backend, but had " + kvBackend);
    }
  }

  /** {@code prefill@node1:8100}. */
  public String describe() {
    return role.label() + "@" + node.name() + (port > 0 ? ":" + port : "");
  }
}
