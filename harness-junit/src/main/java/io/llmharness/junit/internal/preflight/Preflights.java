package io.llmharness.junit.internal.preflight;

import io.llmharness.junit.OnUnmet;
import io.llmharness.preflight.BandwidthBaseline;
import io.llmharness.preflight.BandwidthReport;
import io.llmharness.preflight.CommandRunner;
import io.llmharness.preflight.GpuDirectCheck;
import io.llmharness.preflight.GpuDirectReport;
import io.llmharness.preflight.GpuDirectStatus;
import io.llmharness.preflight.PreflightSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs each preflight check once per test run, caches its report in the root {@link
 * ExtensionContext.Store} and writes its JSON beside the results ({@code
 * <harness.results.dir>/<harness.run.id>/preflight/}). Settings are read from JUnit configuration
 * parameters first, then system properties.
 */
public final class Preflights {

  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(Preflights.class);

  /**
   * A report, the file it was written to, and the check's tools that a node lacks ({@code "iperf3
   * on local"}), looked up only when the check did not pass.
   */
  public record Measured<T>(T report, Path file, List<String> missingTools) {
    public Measured {
      missingTools = List.copyOf(missingTools);
    }
  }

  private Preflights() {}

  /** The settings of this run. */
  public static PreflightSettings settings(ExtensionContext context) {
    return PreflightSettings.from(lookup(context));
  }

  /** Configuration parameter, else system property. */
  static Function<String, Optional<String>> lookup(ExtensionContext context) {
    return key ->
        context
            .getConfigurationParameter(key)
            .or(() -> Optional.ofNullable(System.getProperty(key)));
  }

  /** The bandwidth report of this run, measured on first use. */
  @SuppressWarnings("unchecked")
  public static Measured<BandwidthReport> bandwidth(ExtensionContext context) {
    return (Measured<BandwidthReport>)
        store(context)
            .getOrComputeIfAbsent(
                "bandwidth",
                key -> {
                  PreflightSettings s = settings(context);
                  BandwidthReport report;
                  List<String> missing;
                  try (CommandRunner node1 = s.node1();
                      CommandRunner node2 = s.node2()) {
                    report = BandwidthBaseline.measure(node1, node2, s.bandwidth());
                    missing =
                        report.overallStatus().equals("ok")
                            ? List.of()
                            : BandwidthBaseline.missingTools(node1, node2, s.bandwidth());
                  }
                  Path file = s.preflightDir().resolve(PreflightSettings.BANDWIDTH_FILE);
                  write(report::writeTo, file);
                  return new Measured<>(report, file, missing);
                },
                Measured.class);
  }

  /** The GPUDirect report of this run, checked on first use. */
  @SuppressWarnings("unchecked")
  public static Measured<GpuDirectReport> gpuDirect(ExtensionContext context) {
    return (Measured<GpuDirectReport>)
        store(context)
            .getOrComputeIfAbsent(
                "gpudirect",
                key -> {
                  PreflightSettings s = settings(context);
                  GpuDirectReport report;
                  List<String> missing;
                  try (CommandRunner node = s.gpuDirectNode()) {
                    report = GpuDirectCheck.run(node, s.gpuDirect());
                    missing =
                        report.status().satisfies(GpuDirectStatus.LIKELY_ENABLED)
                            ? List.of()
                            : GpuDirectCheck.missingTools(node);
                  }
                  Path file = s.preflightDir().resolve(PreflightSettings.GPUDIRECT_FILE);
                  write(report::writeTo, file);
                  return new Measured<>(report, file, missing);
                },
                Measured.class);
  }

  /**
   * The result of an unmet precondition: disabled with the reason, or a {@link
   * PreconditionNotMetException}. {@code onUnmet} decides when it is {@code SKIP} or {@code FAIL};
   * when {@code CONFIGURED}, a check that could not run for missing tools follows {@code
   * harness.preflight.failOnMissingTools} (default: skip), any other unmet check {@code
   * harness.preflight.failOnUnmet} (default: fail, except on the emulated target).
   */
  public static ConditionEvaluationResult unmet(
      ExtensionContext context, OnUnmet onUnmet, Measured<?> measured, String reason) {
    String why =
        measured.missingTools().isEmpty()
            ? reason
            : reason + "; not installed: " + String.join(", ", measured.missingTools());
    boolean fail =
        switch (onUnmet) {
          case FAIL -> true;
          case SKIP -> false;
          case CONFIGURED -> {
            PreflightSettings s = settings(context);
            yield measured.missingTools().isEmpty() ? s.failOnUnmet() : s.failOnMissingTools();
          }
        };
    if (fail) {
      throw new PreconditionNotMetException(why);
    }
    return ConditionEvaluationResult.disabled(why);
  }

  private static ExtensionContext.Store store(ExtensionContext context) {
    return context.getRoot().getStore(NAMESPACE);
  }

  /** Writes a report to a file. */
  private interface ReportWriter {
    void writeTo(Path file) throws IOException;
  }

  private static void write(ReportWriter writer, Path file) {
    try {
      writer.writeTo(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the preflight report " + file, e);
    }
  }
}
