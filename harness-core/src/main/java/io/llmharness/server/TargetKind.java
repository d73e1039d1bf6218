package io.llmharness.server;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Where the servers of a run come from ({@code harness.target}). */
public enum TargetKind {
  /** Emulator processes on this host, started with vLLM's command line (the default). */
  EMULATED,
  /** Real vLLM processes on this host. */
  LOCAL,
  /** Real vLLM processes on remote nodes, started over SSH. */
  SSH,
  /** Servers already running at given URLs; never started or restarted. */
  EXTERNAL,
  /** Servers submitted as Slurm jobs. */
  SLURM;

  /** Parses a target name case-insensitively, naming the known ones when it is unknown. */
  public static TargetKind parse(String name) {
    for (TargetKind k : values()) {
      if (k.name().equalsIgnoreCase(name.trim())) {
        return k;
      }
    }
    throw new IllegalArgumentException(
        "unknown target ["
            + name
            + "]; use one of "
            + Arrays.stream(values())
                .map(k -> k.name().toLowerCase(Locale.ROOT))
                .collect(Collectors.joining(", ")));
  }
}
