package io.llmharness.junit.internal;

import io.llmharness.scenario.ScenarioSpec;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The scenarios of the current test run, in run order, as the class orderer saw them at discovery,
 * and the declaration errors it found. The extension uses it to fail a misconfigured run before any
 * server starts, and to run a deployment's remaining scenarios before leaving it. Without the class
 * orderer the plan is empty and scenarios run in JUnit's order.
 */
public final class ScenarioPlan {
  private static final AtomicReference<ScenarioPlan> CURRENT =
      new AtomicReference<>(new ScenarioPlan(List.of(), List.of()));

  private final List<ScenarioSpec> specs;
  private final List<String> problems;

  private ScenarioPlan(List<ScenarioSpec> specs, List<String> problems) {
    this.specs = List.copyOf(specs);
    this.problems = List.copyOf(problems);
  }

  /** Replaces the plan (called once per discovery). */
  public static void publish(List<ScenarioSpec> specs, List<String> problems) {
    CURRENT.set(new ScenarioPlan(specs, problems));
  }

  /** The plan of the current run. */
  public static ScenarioPlan current() {
    return CURRENT.get();
  }

  /** Every selected scenario, in run order. */
  public List<ScenarioSpec> specs() {
    return specs;
  }

  /** One sentence per broken rule found in any declaration of the run. */
  public List<String> problems() {
    return problems;
  }
}
