package io.llmharness.junit.internal;

import io.llmharness.scenario.ScenarioSpec;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The scenarios of the current test run, in run order, as the class orderer saw them at discovery,
 * and the declaration errors it found. The extension uses it to fail a misconfigured run before any
 * server starts, and to run a deployment's remaining scenarios before leaving it. Scenarios whose
 * test is guarded by an execution condition (a precondition such as {@code @RequiresGpuDirect}) are
 * never run ahead: they run only when their test does, so a skipped test measures nothing. Without
 * the class orderer the plan is empty and scenarios run in JUnit's order.
 */
public final class ScenarioPlan {
  private static final AtomicReference<ScenarioPlan> CURRENT =
      new AtomicReference<>(new ScenarioPlan(List.of(), List.of(), Set.of()));

  private final List<ScenarioSpec> specs;
  private final List<String> problems;
  private final Set<String> conditional;

  private ScenarioPlan(List<ScenarioSpec> specs, List<String> problems, Set<String> conditional) {
    this.specs = List.copyOf(specs);
    this.problems = List.copyOf(problems);
    this.conditional = Set.copyOf(conditional);
  }

  /**
   * Replaces the plan (called once per discovery).
   *
   * @param conditional ids of scenarios whose test method or class carries an execution condition
   */
  public static void publish(
      List<ScenarioSpec> specs, List<String> problems, Set<String> conditional) {
    CURRENT.set(new ScenarioPlan(specs, problems, conditional));
  }

  /** The plan of the current run. */
  public static ScenarioPlan current() {
    return CURRENT.get();
  }

  /** Every selected scenario, in run order. */
  public List<ScenarioSpec> specs() {
    return specs;
  }

  /**
   * True when the scenario may run before its test method: its test carries no execution condition
   * that could still skip it.
   */
  public boolean mayRunAhead(ScenarioSpec spec) {
    return !conditional.contains(spec.id());
  }

  /** One sentence per broken rule found in any declaration of the run. */
  public List<String> problems() {
    return problems;
  }
}
