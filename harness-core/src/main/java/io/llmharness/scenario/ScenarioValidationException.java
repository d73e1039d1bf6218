package io.llmharness.scenario;

import java.util.List;

/**
 * Thrown before anything starts when scenarios break a rule; carries one sentence per broken rule,
 * each naming the value and the fix.
 */
public final class ScenarioValidationException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final List<String> problems;

  public ScenarioValidationException(List<String> problems) {
    super(String.join(System.lineSeparator(), problems));
    this.problems = List.copyOf(problems);
  }

  /** One sentence per broken rule. */
  public List<String> problems() {
    return problems;
  }
}
