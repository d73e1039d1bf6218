package io.llmharness.server;

import java.net.URI;
import java.util.ArrayList;
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
 * @param processes the processes started for it: one per server in the order of {@link
 *     Deployment#servers()}, then the proxy of a disaggregated deployment (empty for external
 *     targets)
 * @param startNumber which start of the run this was (1 for the first deployment started)
 */
public record RunningDeployment(
    Deployment deployment,
    URI target,
    Map<ServerRole, URI> servers,
    List<ServerProcess> processes,
    int startNumber) {

  /**
   * A server of the deployment as the harness reaches it over HTTP.
   *
   * @param url its base URL
   * @param process the process serving it
   */
  public record Endpoint(URI url, ServerProcess process) {
    public Endpoint {
      Objects.requireNonNull(url, "url");
      Objects.requireNonNull(process, "process");
    }
  }

  public RunningDeployment {
    Objects.requireNonNull(deployment, "deployment");
    Objects.requireNonNull(target, "target");
    servers = Map.copyOf(servers);
    processes = List.copyOf(processes);
    int expected = deployment.servers().size() + (hasProxy(deployment) ? 1 : 0);
    if (!processes.isEmpty() && processes.size() != expected) {
      throw new IllegalArgumentException(
          "a running "
              + deployment.name()
              + " has "
              + expected
              + " processes (its servers, then its proxy), not "
              + processes.size());
    }
  }

  private static boolean hasProxy(Deployment deployment) {
    return deployment instanceof Deployment.Disaggregated;
  }

  /** The first process that is no longer running, if any. */
  public Optional<ServerProcess> deadProcess() {
    return processes.stream().filter(p -> !p.isAlive()).findFirst();
  }

  /**
   * Every server the harness started that answers HTTP, each with its own process: the servers in
   * the order of {@link Deployment#servers()}, then the proxy. Empty for external targets, which
   * the harness neither started nor watches.
   */
  public List<Endpoint> endpoints() {
    List<Endpoint> endpoints = new ArrayList<>();
    if (processes.isEmpty()) {
      return endpoints;
    }
    List<ServerSpec> specs = deployment.servers();
    for (int i = 0; i < specs.size(); i++) {
      endpoints.add(new Endpoint(servers.get(specs.get(i).role()), processes.get(i)));
    }
    if (hasProxy(deployment)) {
      endpoints.add(new Endpoint(target, processes.get(specs.size())));
    }
    return endpoints;
  }
}
