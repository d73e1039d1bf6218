package io.llmharness.preflight.internal;

import java.util.List;

/** Parses {@code /proc/modules}: the module name is the first field of each line. */
public final class ProcModules {

  private ProcModules() {}

  /** The names of the loaded modules, in file order. */
  public static List<String> parse(String procModules) {
    return procModules
        .lines()
        .map(String::strip)
        .filter(l -> !l.isEmpty())
        .map(l -> l.split("\\s+", 2)[0])
        .toList();
  }
}
