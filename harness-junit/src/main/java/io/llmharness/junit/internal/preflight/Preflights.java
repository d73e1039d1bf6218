package io.llmharness.junit.internal.preflight;

import io.llmharness.preflight.BandwidthBaseline;
import io.llmharness.preflight.BandwidthReport;
import io.llmharness.preflight.CommandRunner;
import io.llmharness.preflight.GpuDirectCheck;
import io.llmharness.preflight.GpuDirectReport;
import io.llmharness.preflight.PreflightSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
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

  /** A report and the file it was written to. */
  public record Measured<T>(T report, Path file) {}

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
                  try (CommandRunner node1 = s.node1();
                      CommandRunner node2 = s.node2()) {
                    report = BandwidthBaseline.measure(node1, node2, s.bandwidth());
                  }
                  Path file = s.preflightDir().resolve(PreflightSettings.BANDWIDTH_FILE);
                  write(report::writeTo, file);
                  return new Measured<>(report, file);
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
                  try (CommandRunner node = s.gpuDirectNode()) {
                    report = GpuDirectCheck.run(node, s.gpuDirect());
                  }
                  Path file = s.preflightDir().resolve(PreflightSettings.GPUDIRECT_FILE);
                  write(report::writeTo, file);
                  return new Measured<>(report, file);
                },
                Measured.class);
  }

  /**
   * The result of an unmet precondition: disabled with the reason, or a {@link
   * PreconditionNotMetException} when {@code fail} (or, when empty, {@code
   * harness.preflight.failOnUnmet}) says so.
   */
  public static ConditionEvaluationResult unmet(
      ExtensionContext context, Optional<Boolean> fail, String reason) {
    if (fail.orElseGet(() -> settings(context).failOnUnmet())) {
      throw new PreconditionNotMetException(reason);
    }
    return ConditionEvaluationResult.disabled(reason);
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
