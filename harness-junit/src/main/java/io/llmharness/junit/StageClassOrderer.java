package io.llmharness.junit;

import io.llmharness.junit.internal.HarnessSettings;
import io.llmharness.junit.internal.ScenarioDeclarations;
import io.llmharness.junit.internal.ScenarioPlan;
import io.llmharness.junit.internal.StageKey;
import io.llmharness.scenario.ScenarioSpec;
import io.llmharness.scenario.ScenarioValidationException;
import io.llmharness.scenario.Scenarios;
import io.llmharness.server.DeploymentPlanner;
import java.lang.reflect.AnnotatedElement;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.ClassDescriptor;
import org.junit.jupiter.api.ClassOrderer;
import org.junit.jupiter.api.ClassOrdererContext;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * Orders test classes by the first stage and deployment their scenarios need, so the run goes stage
 * 1, 2, 3 and starts servers as rarely as possible. It also hands the whole plan to the extension,
 * which runs a deployment's remaining scenarios before it leaves that deployment: each distinct
 * deployment then starts once, whatever order the classes were written in.
 *
 * <p>An explicit {@code @Order} on a class comes first (lower values earlier; unannotated classes
 * share {@code Order.DEFAULT}), so a validation class can run before every stage and a comparison
 * class after them.
 *
 * <p>Enable it in {@code src/test/resources/junit-platform.properties}: {@code
 * junit.jupiter.testclass.order.default=io.llmharness.junit.StageClassOrderer}.
 */
public final class StageClassOrderer implements ClassOrderer {
  @Override
  public void orderClasses(ClassOrdererContext context) {
    HarnessSettings settings = HarnessSettings.read(context::getConfigurationParameter);
    List<String> problems = new java.util.ArrayList<>();
    DeploymentPlanner planner;
    try {
      planner = new DeploymentPlanner(settings.target());
    } catch (IllegalArgumentException e) {
      problems.add(e.getMessage());
      planner = new DeploymentPlanner(io.llmharness.server.TargetConfig.EMULATED_FAST);
    }
    Map<ClassDescriptor, StageKey> keys = new HashMap<>();
    Map<Class<?>, List<ScenarioSpec>> plan = new java.util.LinkedHashMap<>();
    Set<String> conditional = new HashSet<>();
    for (ClassDescriptor d : context.getClassDescriptors()) {
      List<ScenarioSpec> specs = specsOf(d.getTestClass(), settings, problems, conditional);
      keys.put(d, StageKey.first(specs, planner));
      plan.put(d.getTestClass(), specs);
    }
    context
        .getClassDescriptors()
        .sort(
            Comparator.comparingInt(StageClassOrderer::order)
                .thenComparing((ClassDescriptor d) -> keys.get(d))
                .thenComparing(d -> d.getTestClass().getName()));
    List<ScenarioSpec> ordered = new java.util.ArrayList<>();
    for (ClassDescriptor d : context.getClassDescriptors()) {
      ordered.addAll(plan.get(d.getTestClass()));
    }
    try {
      Scenarios.requireUniqueIds(ordered);
    } catch (ScenarioValidationException e) {
      problems.addAll(e.problems());
    }
    ScenarioPlan.publish(ordered, problems, conditional);
  }

  /** An explicit {@code @Order} comes first; unannotated classes share the default. */
  private static int order(ClassDescriptor d) {
    return d.findAnnotation(org.junit.jupiter.api.Order.class)
        .map(org.junit.jupiter.api.Order::value)
        .orElse(org.junit.jupiter.api.Order.DEFAULT);
  }

  private static List<ScenarioSpec> specsOf(
      Class<?> testClass,
      HarnessSettings settings,
      List<String> problems,
      Set<String> conditional) {
    if (testClass.isAnnotationPresent(org.junit.jupiter.api.Disabled.class)) {
      return List.of();
    }
    if (AnnotationSupport.isAnnotated(testClass, LlmBenchmark.class)) {
      problems.addAll(ScenarioDeclarations.unmarkedScenarioMethods(testClass, ScenarioTest.class));
    }
    List<ScenarioSpec> specs = new java.util.ArrayList<>();
    for (java.lang.reflect.Method m :
        ScenarioDeclarations.scenarioMethods(testClass, ScenarioTest.class)) {
      if (m.isAnnotationPresent(org.junit.jupiter.api.Disabled.class)) {
        continue;
      }
      try {
        List<ScenarioSpec> declared = ScenarioDeclarations.of(testClass, m, settings);
        if (hasExecutionCondition(testClass) || hasExecutionCondition(m)) {
          declared.forEach(s -> conditional.add(s.id()));
        }
        specs.addAll(declared);
      } catch (ScenarioValidationException e) {
        problems.addAll(e.problems());
      } catch (IllegalArgumentException e) {
        problems.add(e.getMessage());
      }
    }
    specs.sort(Comparator.comparing(ScenarioSpec::id));
    return specs;
  }

  /**
   * True when the element registers an {@link ExecutionCondition} through {@code @ExtendWith},
   * directly or through a composed annotation such as {@code @RequiresGpuDirect} or JUnit's
   * {@code @EnabledOnOs}: its test may still be skipped when it comes.
   */
  private static boolean hasExecutionCondition(AnnotatedElement element) {
    return AnnotationSupport.findRepeatableAnnotations(element, ExtendWith.class).stream()
        .flatMap(e -> java.util.Arrays.stream(e.value()))
        .anyMatch(ExecutionCondition.class::isAssignableFrom);
  }
}
