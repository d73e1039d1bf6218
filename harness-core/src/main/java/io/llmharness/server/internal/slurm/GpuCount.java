package io.llmharness.server.internal.slurm;

import io.llmharness.server.ServerCommand;
import java.util.List;
import java.util.OptionalInt;

/**
 * The GPUs a vLLM command line needs on its node: its tensor parallel size times its pipeline
 * parallel size. Commands without a tensor parallel size (the proxy) need none.
 */
public final class GpuCount {
  private GpuCount() {}

  /** The GPUs {@code command} needs; {@code override} replaces the count of vLLM commands. */
  public static int of(ServerCommand command, OptionalInt override) {
    OptionalInt tp = flag(command.argv(), "--tensor-parallel-size", "-tp");
    if (tp.isEmpty()) {
      return 0;
    }
    if (override.isPresent()) {
      return override.getAsInt();
    }
    return tp.getAsInt() * flag(command.argv(), "--pipeline-parallel-size", "-pp").orElse(1);
  }

  private static OptionalInt flag(List<String> argv, String name, String shortName) {
    for (int i = 0; i < argv.size(); i++) {
      String a = argv.get(i);
      String value = null;
      if ((a.equals(name) || a.equals(shortName)) && i + 1 < argv.size()) {
        value = argv.get(i + 1);
      } else if (a.startsWith(name + "=")) {
        value = a.substring(name.length() + 1);
      }
      if (value != null) {
        try {
          return OptionalInt.of(Integer.parseInt(value.trim()));
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException(
              name + " [" + value + "] of the server command is not a whole number", e);
        }
      }
    }
    return OptionalInt.empty();
  }
}
