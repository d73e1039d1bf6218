package io.llmharness.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Test support: live processes of this host whose full command line contains a marker, read from
 * {@code /proc/<pid>/cmdline} ({@code ProcessHandle.Info} truncates long command lines, such as
 * Java's with a test classpath).
 */
public final class LiveProcesses {
  private LiveProcesses() {}

  public static List<Long> withCommandLineContaining(String marker) {
    return ProcessHandle.allProcesses()
        .filter(ProcessHandle::isAlive)
        .filter(p -> commandLine(p.pid()).contains(marker))
        .map(ProcessHandle::pid)
        .toList();
  }

  public static String commandLine(long pid) {
    try {
      byte[] raw = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline"));
      return new String(raw, StandardCharsets.UTF_8).replace('\0', ' ');
    } catch (IOException | SecurityException e) {
      return "";
    }
  }
}
