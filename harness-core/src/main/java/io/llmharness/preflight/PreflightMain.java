package io.llmharness.preflight;

import io.llmharness.preflight.internal.BandwidthCommand;
import io.llmharness.preflight.internal.GpuDirectCommand;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code preflight} command line: {@code preflight bandwidth …} and {@code preflight gpudirect
 * …}. Each prints a summary and writes its JSON file.
 *
 * <p>Exit codes: {@code 0} the check passed (every enabled measurement ok; GPUDirect enabled or
 * likely_enabled); {@code 1} it did not (a measurement failed; GPUDirect likely_disabled or
 * unsupported); {@code 2} invalid arguments; {@code 3} GPUDirect status unknown; {@code 4} the JSON
 * file could not be written.
 */
@Command(
    name = "preflight",
    mixinStandardHelpOptions = true,
    description = "Checks that decide whether a benchmark run is worth starting.",
    subcommands = {BandwidthCommand.class, GpuDirectCommand.class},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:the check passed",
      "1:the check did not pass (see the summary and the JSON)",
      "2:invalid arguments",
      "3:GPUDirect status unknown",
      "4:the JSON file could not be written"
    })
public final class PreflightMain implements Runnable {

  /** The check passed. */
  public static final int PASSED = 0;

  /** The check ran and did not pass. */
  public static final int NOT_PASSED = 1;

  /** Invalid arguments (picocli's usage error code). */
  public static final int USAGE = 2;

  /** The GPUDirect status is unknown. */
  public static final int UNKNOWN = 3;

  /** The JSON file could not be written. */
  public static final int WRITE_FAILED = 4;

  @CommandLine.Spec private CommandLine.Model.CommandSpec spec;

  /** Runs the command line and exits the JVM with its exit code. */
  public static void main(String[] args) {
    System.exit(
        execute(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
  }

  /** Runs the command line with the given streams and returns its exit code. */
  public static int execute(PrintWriter out, PrintWriter err, String... args) {
    CommandLine commandLine = new CommandLine(new PreflightMain());
    commandLine.setOut(out);
    commandLine.setErr(err);
    return commandLine.execute(args);
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(
        spec.commandLine(), "a subcommand is required: bandwidth or gpudirect");
  }
}
