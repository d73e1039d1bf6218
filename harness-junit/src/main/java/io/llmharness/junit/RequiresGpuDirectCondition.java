package io.llmharness.junit;

import io.llmharness.junit.internal.preflight.Preflights;
import io.llmharness.preflight.GpuDirectReport;
import java.util.Optional;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;

/** Evaluates {@link RequiresGpuDirect}. */
final class RequiresGpuDirectCondition implements ExecutionCondition {

  @Override
  public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
    Optional<RequiresGpuDirect> annotation =
        AnnotationSupport.findAnnotation(context.getElement(), RequiresGpuDirect.class);
    if (annotation.isEmpty()) {
      return ConditionEvaluationResult.enabled("no @RequiresGpuDirect");
    }
    RequiresGpuDirect required = annotation.get();
    Preflights.Measured<GpuDirectReport> measured = Preflights.gpuDirect(context);
    GpuDirectReport report = measured.report();
    String state =
        "GPUDirect RDMA is "
            + report.status().jsonName()
            + " on "
            + report.node()
            + ": "
            + report.reason()
            + " (checked at "
            + report.timestamp()
            + ", "
            + measured.file()
            + ")";
    if (report.status().satisfies(required.minimum())) {
      return ConditionEvaluationResult.enabled(state);
    }
    return Preflights.unmet(
        context,
        required.onUnmet(),
        measured,
        "@RequiresGpuDirect(minimum = " + required.minimum().jsonName() + ") is unmet: " + state);
  }
}
