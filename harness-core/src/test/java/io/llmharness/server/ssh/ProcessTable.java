package io.llmharness.server.ssh;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * The "remote" process table, read from {@code /proc} of this host (the test nodes are this host,
 * or network namespaces of it, which share its process table). Zombies do not count: a container's
 * init may never reap them.
 */
final class ProcessTable {
  private ProcessTable() {}

  /** Live processes whose command line contains {@code marker}. */
  static List<Long> withMarker(String marker) {
    List<Long> found = new ArrayList<>();
    for (Path proc : processes()) {
      try {
        byte[] cmdline = Files.readAllBytes(proc.resolve("cmdline"));
        String text = new String(cmdline, StandardCharsets.UTF_8).replace('\0', ' ');
        if (text.contains(marker) && !zombie(proc)) {
          found.add(Long.parseLong(proc.getFileName().toString()));
        }
      } catch (IOException e) {
        // exited meanwhile
      }
    }
    found.remove(ProcessHandle.current().pid());
    return found;
  }

  /** Live processes of session {@code sid}. */
  static List<Long> inSession(long sid) {
    List<Long> found = new ArrayList<>();
    for (Path proc : processes()) {
      String[] fields = stat(proc);
      if (fields.length > 3 && !fields[0].equals("Z") && fields[3].equals(Long.toString(sid))) {
        found.add(Long.parseLong(proc.getFileName().toString()));
      }
    }
    return found;
  }

  /** Polls {@code check} until it is true or 30 s have passed; returns its last value. */
  static boolean eventually(Supplier<Boolean> check) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!check.get()) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
    }
    return true;
  }

  private static boolean zombie(Path proc) {
    String[] fields = stat(proc);
    return fields.length == 0 || fields[0].equals("Z");
  }

  /** The fields of /proc/PID/stat after the command name: state, ppid, pgrp, session, ... */
  private static String[] stat(Path proc) {
    try {
      String stat = Files.readString(proc.resolve("stat"));
      return stat.substring(stat.lastIndexOf(") ") + 2).strip().split(" ");
    } catch (IOException | RuntimeException e) {
      return new String[0];
    }
  }

  private static List<Path> processes() {
    try (Stream<Path> all = Files.list(Path.of("/proc"))) {
      return all.filter(p -> p.getFileName().toString().matches("\\d+")).toList();
    } catch (IOException e) {
      throw new IllegalStateException("cannot list /proc", e);
    }
  }
}
