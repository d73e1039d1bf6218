package io.llmharness.preflight.internal;

import io.llmharness.preflight.PreflightMain;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine;

/** How the preflight subcommands end: the report's summary on the console and its JSON file. */
final class ReportOutput {

  /** Writes a report's JSON to a file. */
  interface JsonWriter {
    void writeTo(Path file) throws IOException;
  }

  private ReportOutput() {}

  /**
   * Prints {@code summary}, writes the JSON to {@code output} and returns {@code exitCode}, or
   * {@link PreflightMain#WRITE_FAILED} when the file cannot be written.
   */
  static int printAndWrite(
      CommandLine commandLine, String summary, JsonWriter json, Path output, int exitCode) {
    commandLine.getOut().print(summary);
    try {
      json.writeTo(output);
      commandLine.getOut().println("  written to " + output);
    } catch (IOException e) {
      commandLine.getErr().println("cannot write " + output + ": " + e.getMessage());
      return PreflightMain.WRITE_FAILED;
    }
    return exitCode;
  }
}
