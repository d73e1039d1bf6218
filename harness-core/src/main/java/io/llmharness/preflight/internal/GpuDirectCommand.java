package io.llmharness.preflight.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmharness.internal.ConfigValues;
import io.llmharness.preflight.CommandRunner;
import io.llmharness.preflight.GpuDirectCheck;
import io.llmharness.preflight.GpuDirectOptions;
import io.llmharness.preflight.GpuDirectReport;
import io.llmharness.preflight.GpuDirectStatus;
import io.llmharness.preflight.PreflightMain;
import io.llmharness.preflight.PreflightSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code preflight gpudirect}: whether GPUDirect RDMA is active on a node. */
@Command(
    name = "gpudirect",
    mixinStandardHelpOptions = true,
    description = {
      "Decides whether GPUDirect RDMA is active on a node (enabled, likely_enabled,"
          + " likely_disabled, unsupported, unknown) and estimates the bounce-buffer penalty.",
    })
public final class GpuDirectCommand implements Callable<Integer> {

  @CommandLine.Spec private CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--node",
      defaultValue = "local",
      description =
          "node to check: local, local@<address>, netns:<namespace>@<address> or"
              + " ssh:[<user>@]<host>[:<port>] (default: ${DEFAULT-VALUE})")
  private String node;

  @Option(
      names = "--evidence-log",
      description = "log file on the node to search for GDRDMA use (repeatable)")
  private List<String> evidenceLogs = List.of();

  @Option(
      names = "--env",
      description =
          "KEY=VALUE the servers will run with, such as FI_EFA_USE_DEVICE_RDMA=1 (repeatable)")
  private Map<String, String> environment = Map.of();

  @Option(
      names = "--bandwidth-json",
      description = "baseline_bandwidth.json whose RDMA rate feeds the estimate")
  private Path bandwidthJson;

  @Option(
      names = "--network-gbps",
      description = "RDMA rate for the estimate, Gbit/s (instead of --bandwidth-json)")
  private Double networkGbps;

  @Option(
      names = "--kv-bytes-per-token",
      defaultValue = "262144",
      description = "KV bytes per token (default: ${DEFAULT-VALUE}, Qwen2.5-32B)")
  private long kvBytesPerToken;

  @Option(
      names = "--tokens",
      defaultValue = "20000",
      description = "tokens for the estimate (default: ${DEFAULT-VALUE})")
  private long tokens;

  @Option(
      names = "--host-copy-gbps",
      defaultValue = "25",
      description = "assumed device-host copy rate, GB/s (default: ${DEFAULT-VALUE})")
  private double hostCopyGBps;

  @Option(
      names = "--command-timeout",
      defaultValue = "30s",
      description = "limit per command (default: ${DEFAULT-VALUE})")
  private String commandTimeout;

  @Option(
      names = {"-o", "--output"},
      defaultValue = "results/default/preflight/" + PreflightSettings.GPUDIRECT_FILE,
      description = "JSON file to write (default: ${DEFAULT-VALUE})")
  private Path output;

  @Override
  public Integer call() {
    GpuDirectOptions options;
    CommandRunner target;
    try {
      target = CommandRunner.parse(node);
      Duration timeout =
          ConfigValues.parse("--command-timeout", commandTimeout, ConfigValues::parseDuration);
      OptionalDouble rate = networkRate();
      options =
          new GpuDirectOptions(
              timeout,
              environment,
              evidenceLogs,
              rate,
              bandwidthJson != null ? "efa_bandwidth_gbps of " + bandwidthJson : "--network-gbps",
              kvBytesPerToken,
              tokens,
              hostCopyGBps);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
    }
    GpuDirectReport report;
    try (target) {
      report = GpuDirectCheck.run(target, options);
    }
    return ReportOutput.printAndWrite(
        spec.commandLine(), report.summary(), report::writeTo, output, exitCode(report.status()));
  }

  private static int exitCode(GpuDirectStatus status) {
    if (status == GpuDirectStatus.UNKNOWN) {
      return PreflightMain.UNKNOWN;
    }
    return status.satisfies(GpuDirectStatus.LIKELY_ENABLED)
        ? PreflightMain.PASSED
        : PreflightMain.NOT_PASSED;
  }

  private OptionalDouble networkRate() {
    if (networkGbps != null && bandwidthJson != null) {
      throw new IllegalArgumentException("give --network-gbps or --bandwidth-json, not both");
    }
    if (networkGbps != null) {
      return OptionalDouble.of(networkGbps);
    }
    if (bandwidthJson == null) {
      return OptionalDouble.empty();
    }
    try {
      JsonNode rate =
          new ObjectMapper().readTree(Files.readString(bandwidthJson)).path("efa_bandwidth_gbps");
      if (!rate.isNumber()) {
        throw new IllegalArgumentException(
            bandwidthJson + " has no measured efa_bandwidth_gbps; rerun preflight bandwidth");
      }
      return OptionalDouble.of(rate.asDouble());
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read " + bandwidthJson + ": " + e.getMessage(), e);
    }
  }
}
