package io.llmharness.junit;

import io.llmharness.junit.internal.preflight.Preflights;
import io.llmharness.preflight.BandwidthReport;
import io.llmharness.preflight.MeasurementStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;

/** Evaluates {@link RequiresBandwidth}. */
final class RequiresBandwidthCondition implements ExecutionCondition {

  @Override
  public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
    Optional<RequiresBandwidth> annotation =
        AnnotationSupport.findAnnotation(context.getElement(), RequiresBandwidth.class);
    if (annotation.isEmpty()) {
      return ConditionEvaluationResult.enabled("no @RequiresBandwidth");
    }
    RequiresBandwidth required = annotation.get();
    Preflights.Measured<BandwidthReport> measured = Preflights.bandwidth(context);
    BandwidthReport r = measured.report();
    List<String> unmet = new ArrayList<>();
    if (r.rdma().status() != MeasurementStatus.OK) {
      unmet.add("RDMA bandwidth was not measured: " + r.rdma().error().orElse(""));
    }
    if (r.tcp().status() != MeasurementStatus.OK) {
      unmet.add("TCP bandwidth was not measured: " + r.tcp().error().orElse(""));
    }
    if (unmet.isEmpty()) {
      double rdma = r.rdma().gbps().getAsDouble();
      double tcp = r.tcp().gbps().getAsDouble();
      double ratio = r.ratio().getAsDouble();
      if (ratio < required.minRatio()) {
        unmet.add(format("EFA/TCP ratio %.2f is below %.2f", ratio, required.minRatio()));
      }
      if (rdma < required.minRdmaGbps()) {
        unmet.add(format("RDMA %.2f Gbit/s is below %.2f", rdma, required.minRdmaGbps()));
      }
      if (tcp < required.minTcpGbps()) {
        unmet.add(format("TCP %.2f Gbit/s is below %.2f", tcp, required.minTcpGbps()));
      }
    }
    String measuredText =
        "RDMA "
            + rate(r.rdma().gbps())
            + ", TCP "
            + rate(r.tcp().gbps())
            + " between "
            + r.node1()
            + " and "
            + r.node2()
            + " (measured at "
            + r.timestamp()
            + ", "
            + measured.file()
            + ")";
    if (unmet.isEmpty()) {
      return ConditionEvaluationResult.enabled(measuredText);
    }
    return Preflights.unmet(
        context,
        required.onUnmet(),
        measured,
        "@RequiresBandwidth is unmet: " + String.join("; ", unmet) + "; " + measuredText);
  }

  private static String rate(java.util.OptionalDouble gbps) {
    return gbps.isPresent() ? format("%.2f Gbit/s", gbps.getAsDouble()) : "not measured";
  }

  private static String format(String pattern, Object... args) {
    return String.format(Locale.ROOT, pattern, args);
  }
}
