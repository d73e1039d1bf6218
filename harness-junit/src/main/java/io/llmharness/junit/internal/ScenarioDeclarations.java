package io.llmharness.junit.internal;

import io.llmharness.annotations.Scenario;
import io.llmharness.scenario.ScenarioOptions;
import io.llmharness.scenario.ScenarioSpec;
import io.llmharness.scenario.Scenarios;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The scenarios a test method declares: class {@code @Scenario} (superclasses first), then the
 * method's, then the run's configuration, resolved into specs.
 */
public final class ScenarioDeclarations {
  private ScenarioDeclarations() {}

  /** The selected specs of a method, in matrix order. */
  public static List<ScenarioSpec> of(Class<?> testClass, Method method, HarnessSettings settings) {
    ScenarioOptions options = classOptions(testClass);
    Scenario onMethod = method.getAnnotation(Scenario.class);
    if (onMethod != null) {
      options = options.overriddenBy(ScenarioOptions.of(onMethod));
    }
    options = options.overriddenBy(settings.scenarioOverrides());
    return Scenarios.resolve(options, method.getName(), settings.stages()).stream()
        .filter(s -> settings.selects(s.id()))
        .map(settings::emulatedRequests)
        .toList();
  }

  /** The specs of every {@code @ScenarioTest} method of a class, selected ones only. */
  public static List<ScenarioSpec> ofClass(
      Class<?> testClass,
      Class<? extends java.lang.annotation.Annotation> marker,
      HarnessSettings settings) {
    List<ScenarioSpec> all = new ArrayList<>();
    for (Method m : scenarioMethods(testClass, marker)) {
      all.addAll(of(testClass, m, settings));
    }
    return all;
  }

  /** The methods carrying the marker, including inherited ones, in a stable order. */
  public static List<Method> scenarioMethods(
      Class<?> testClass, Class<? extends java.lang.annotation.Annotation> marker) {
    List<Method> methods = new ArrayList<>();
    for (Class<?> c = testClass; c != null && c != Object.class; c = c.getSuperclass()) {
      for (Method m : c.getDeclaredMethods()) {
        if (m.isAnnotationPresent(marker)) {
          methods.add(m);
        }
      }
    }
    methods.sort(Comparator.comparing(Method::getName));
    return methods;
  }

  /**
   * One sentence for each method of the class (inherited ones included) that declares a scenario
   * with {@code @Scenario} but lacks the marker, so JUnit would never run it.
   */
  public static List<String> unmarkedScenarioMethods(
      Class<?> testClass, Class<? extends java.lang.annotation.Annotation> marker) {
    List<String> problems = new ArrayList<>();
    for (Class<?> c = testClass; c != null && c != Object.class; c = c.getSuperclass()) {
      List<Method> methods = new ArrayList<>(List.of(c.getDeclaredMethods()));
      methods.sort(Comparator.comparing(Method::getName));
      for (Method m : methods) {
        if (m.isAnnotationPresent(Scenario.class) && !m.isAnnotationPresent(marker)) {
          problems.add(
              "method "
                  + c.getSimpleName()
                  + "."
                  + m.getName()
                  + " carries @Scenario but not @"
                  + marker.getSimpleName()
                  + ", so its scenario would never run; add @"
                  + marker.getSimpleName()
                  + " to it");
        }
      }
    }
    return problems;
  }

  private static ScenarioOptions classOptions(Class<?> testClass) {
    List<Class<?>> chain = new ArrayList<>();
    for (Class<?> c = testClass; c != null && c != Object.class; c = c.getSuperclass()) {
      chain.add(0, c);
    }
    ScenarioOptions options = ScenarioOptions.EMPTY;
    for (Class<?> c : chain) {
      Scenario s = c.getDeclaredAnnotation(Scenario.class);
      if (s != null) {
        options = options.overriddenBy(ScenarioOptions.of(s));
      }
    }
    return options;
  }
}
