package io.llmharness.results.report;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code report <run-dir>}: regenerates a run's report from the files on disk (see {@link
 * RunReport}) and prints the files written and the notes.
 *
 * <p>Exit codes: {@code 0} written; {@code 1} the report could not be written; {@code 2} invalid
 * arguments.
 */
@Command(
    name = "report",
    mixinStandardHelpOptions = true,
    description = {
      "Writes summary.md, report.html and the PNG charts of a run from its result files.",
      "The run directory is <harness.results.dir>/<harness.run.id>, e.g. results/default."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:written", "1:the report could not be written", "2:invalid arguments"})
public final class ReportMain implements Callable<Integer> {
  /** The report was written. */
  public static final int WRITTEN = 0;

  /** The report could not be written. */
  public static final int FAILED = 1;

  @CommandLine.Spec private CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", paramLabel = "<run-dir>", description = "the run directory")
  private Path runDirectory;

  @Option(
      names = "--kv-bytes-per-token",
      paramLabel = "N",
      description =
          "KV cache bytes per prompt token for the predicted transfer time (default: "
              + ReportOptions.KV_BYTES_PER_TOKEN_KEY
              + ", else 262144, Qwen2.5-32B)")
  private Long kvBytesPerToken;

  /** Runs the command line and exits the JVM with its exit code. */
  public static void main(String[] args) {
    System.exit(
        execute(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
  }

  /** Runs the command line with the given streams and returns its exit code. */
  public static int execute(PrintWriter out, PrintWriter err, String... args) {
    CommandLine commandLine = new CommandLine(new ReportMain());
    commandLine.setOut(out);
    commandLine.setErr(err);
    return commandLine.execute(args);
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    ReportOptions options;
    try {
      options = ReportOptions.from(key -> Optional.ofNullable(System.getProperty(key)));
      if (kvBytesPerToken != null) {
        options = options.withKvBytesPerToken(kvBytesPerToken);
      }
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
    }
    try {
      ReportFiles files = RunReport.write(runDirectory, options);
      files.all().forEach(f -> out.println("wrote " + f));
      files.notes().forEach(n -> out.println("note: " + n));
      return WRITTEN;
    } catch (IllegalArgumentException e) {
      err.println(e.getMessage());
      return FAILED;
    } catch (IOException e) {
      err.println("The report of [" + runDirectory + "] could not be written: " + e);
      return FAILED;
    }
  }
}
