package io.llmharness.junit;

import io.llmharness.junit.internal.HarnessSettings;
import io.llmharness.junit.internal.ScenarioDeclarations;
import io.llmharness.junit.internal.StageKey;
import io.llmharness.server.DeploymentPlanner;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.MethodDescriptor;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.MethodOrdererContext;

/**
 * Orders the methods of a class by the stage, then the deployment, of their first scenario; methods
 * without scenarios keep their place after them, by name. Registered by {@link LlmBenchmark}.
 */
public final class StageMethodOrderer implements MethodOrderer {
  @Override
  public void orderMethods(MethodOrdererContext context) {
    HarnessSettings settings = HarnessSettings.read(context::getConfigurationParameter);
    DeploymentPlanner planner = new DeploymentPlanner(settings.target());
    Map<MethodDescriptor, StageKey> keys = new HashMap<>();
    for (MethodDescriptor m : context.getMethodDescriptors()) {
      List<io.llmharness.scenario.ScenarioSpec> specs;
      try {
        specs =
            m.isAnnotated(ScenarioTest.class)
                ? ScenarioDeclarations.of(context.getTestClass(), m.getMethod(), settings)
                : List.of();
      } catch (RuntimeException e) {
        specs = List.of();
      }
      keys.put(m, StageKey.first(specs, planner));
    }
    context
        .getMethodDescriptors()
        .sort(
            Comparator.comparingInt(
                    (MethodDescriptor m) ->
                        m.findAnnotation(org.junit.jupiter.api.Order.class)
                            .map(org.junit.jupiter.api.Order::value)
                            .orElse(org.junit.jupiter.api.Order.DEFAULT))
                .thenComparing((MethodDescriptor m) -> keys.get(m))
                .thenComparing(m -> m.getMethod().getName()));
  }
}
