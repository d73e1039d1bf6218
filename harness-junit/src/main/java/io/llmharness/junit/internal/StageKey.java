package io.llmharness.junit.internal;

import io.llmharness.scenario.ScenarioSpec;
import io.llmharness.server.DeploymentPlanner;
import java.util.Comparator;
import java.util.List;

/**
 * The order scenarios run in: by stage (max_model_len), then by deployment, then by id. Running in
 * this order starts each distinct deployment once.
 *
 * @param maxModelLen the stage
 * @param deployment the deployment's name (backend, stage, cache)
 * @param id the scenario id
 */
public record StageKey(int maxModelLen, String deployment, String id)
    implements Comparable<StageKey> {
  private static final Comparator<StageKey> ORDER =
      Comparator.comparingInt(StageKey::maxModelLen)
          .thenComparing(StageKey::deployment)
          .thenComparing(StageKey::id);

  /** The key of one scenario. */
  public static StageKey of(ScenarioSpec spec, DeploymentPlanner planner) {
    return new StageKey(spec.server().maxModelLen(), planner.plan(spec).name(), spec.id());
  }

  /** The smallest key of several scenarios; a method or class without scenarios sorts last. */
  public static StageKey first(List<ScenarioSpec> specs, DeploymentPlanner planner) {
    return specs.stream()
        .map(s -> of(s, planner))
        .min(ORDER)
        .orElse(new StageKey(Integer.MAX_VALUE, "", ""));
  }

  @Override
  public int compareTo(StageKey o) {
    return ORDER.compare(this, o);
  }
}
