package io.llmharness.server;

import io.llmharness.scenario.ScenarioSpec;
import java.util.Objects;
import java.util.Optional;

/**
 * Derives the deployment a scenario needs from its backend and server settings plus the target:
 * equal scenarios (for the server) get equal deployments, so they share one.
 */
public final class DeploymentPlanner {
  private final TargetConfig target;

  public DeploymentPlanner(TargetConfig target) {
    this.target = Objects.requireNonNull(target, "target");
  }

  /** The deployment of a scenario. */
  public Deployment plan(ScenarioSpec spec) {
    Ports ports = target.ports();
    if (!spec.backend().disaggregated()) {
      return new Deployment.Unified(
          new ServerSpec(
              ServerRole.UNIFIED,
              spec.model(),
              target.prefillNode(),
              ports.unified(),
              spec.server(),
              Optional.empty(),
              0));
    }
    ServerSpec prefill =
        new ServerSpec(
            ServerRole.PREFILL,
            spec.model(),
            target.prefillNode(),
            ports.prefill(),
            spec.server(),
            Optional.of(spec.backend()),
            ports.prefillSideChannel());
    ServerSpec decode =
        new ServerSpec(
            ServerRole.DECODE,
            spec.model(),
            target.decodeNode(),
            ports.decode(),
            spec.server(),
            Optional.of(spec.backend()),
            ports.decodeSideChannel());
    return new Deployment.Disaggregated(
        prefill, decode, new ProxySpec(target.proxyNode(), ports.proxy()), spec.backend());
  }
}
