package io.llmharness.phase15;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Skips a class on the emulated target, before any other condition runs (so no measurement is
 * attempted): there is no real network or GPU to validate there.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@ExtendWith(DisabledOnEmulatedTarget.Condition.class)
@interface DisabledOnEmulatedTarget {

  /** The condition behind the annotation. */
  final class Condition implements ExecutionCondition {
    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
      String target = context.getConfigurationParameter("harness.target").orElse("emulated");
      return target.isBlank() || target.trim().equalsIgnoreCase("emulated")
          ? ConditionEvaluationResult.disabled(
              "the emulated target has no real network or GPU to validate; run with"
                  + " -Dharness.target=ssh (or local, slurm) on the GPU nodes")
          : ConditionEvaluationResult.enabled("target " + target);
    }
  }
}
