package io.llmharness.junit;

import io.llmharness.server.Deployment;
import io.llmharness.server.ServerRole;
import java.net.URI;
import java.util.Map;
import java.util.Objects;

/**
 * The servers a scenario ran against, injectable into a {@link ScenarioTest} method.
 *
 * @param target the URL the requests went to (the unified server or the proxy)
 * @param deployment what runs where
 * @param servers the URL of each server by role (empty for external targets)
 * @param startNumber which deployment start of the run served it (0 for external servers)
 */
public record ServerHandle(
    URI target, Deployment deployment, Map<ServerRole, URI> servers, int startNumber) {
  public ServerHandle {
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(deployment, "deployment");
    servers = Map.copyOf(servers);
  }
}
