package io.llmharness.preflight.internal;

import io.llmharness.preflight.CommandResult;
import io.llmharness.preflight.CommandRunner;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

/** Whether a node has a program on its {@code PATH}, asked with {@code command -v}. */
public final class InstalledPrograms {

  private static final Pattern PROGRAM = Pattern.compile("[A-Za-z0-9_.+-]+");
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private InstalledPrograms() {}

  /** True when the node found {@code program}. */
  static boolean has(CommandRunner node, String program) {
    return lookUp(node, program).succeeded();
  }

  /**
   * {@code "<program> on <node>"} for each program the node answered it does not have; a node that
   * did not answer (unreachable, exit 255) lacks nothing here, its failure is the measurement's.
   */
  public static List<String> missing(CommandRunner node, List<String> programs) {
    return programs.stream()
        .filter(
            p -> {
              int exit = lookUp(node, p).exitCode();
              return exit == 1 || exit == CommandResult.NOT_STARTED;
            })
        .map(p -> p + " on " + node.name())
        .toList();
  }

  private static CommandResult lookUp(CommandRunner node, String program) {
    if (!PROGRAM.matcher(program).matches()) {
      throw new IllegalArgumentException("program name '" + program + "' is not a plain name");
    }
    return node.run(List.of("sh", "-c", "command -v " + program), TIMEOUT);
  }
}
