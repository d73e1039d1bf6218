package io.llmharness.server;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A deployment that is up: where to send requests, and the processes behind it.
 *
 * @param deployment what was started
 * @param target the URL requests go to: the unified server, or the proxy
 * @param servers the URL of each server by role
 * @param processes the processes started for it, servers then proxy (empty for external targets)
 * @param startNumber which start of the run this was (1 for the first deployment started)
 */
public record RunningDeployment(
    Deployment deployment,
    URI target,
    Map<ServerRole, URI> servers,
    List<ServerProcess> processes,
    int startNumber) {

  public RunningDeployment {
    Objects.requireNonNull(deployment, "deployment");
    Objects.requireNonNull(target, "target");
    servers = Map.copyOf(servers);
    processes = List.copyOf(processes);
  }

  /** The first process that is no longer running, if any. */
  public Optional<ServerProcess> deadProcess() {
    return processes.stream().filter(p -> !p.isAlive()).findFirst();
  }
}
