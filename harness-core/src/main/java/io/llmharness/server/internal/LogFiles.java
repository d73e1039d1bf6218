package io.llmharness.server.internal;

import io.llmharness.server.LaunchException;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/** Local log files: their end read without loading all of it, lines appended. */
public final class LogFiles {
  private static final int MAX_TAIL_BYTES = 256 * 1024;

  private LogFiles() {}

  /**
   * Appends {@code line} to {@code log}, creating the file and its directory.
   *
   * @throws LaunchException naming the file when it cannot be written
   */
  public static void appendLine(Path log, String line) {
    try {
      Path parent = log.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Files.writeString(
          log,
          line + System.lineSeparator(),
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new LaunchException("cannot write the log file " + log + ": " + e.getMessage(), e);
    }
  }

  /** The last {@code lines} lines of the file; empty when it does not exist. */
  public static List<String> tail(Path file, int lines) {
    if (!Files.exists(file)) {
      return List.of();
    }
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
      long length = f.length();
      int size = (int) Math.min(length, MAX_TAIL_BYTES);
      byte[] buf = new byte[size];
      f.seek(length - size);
      f.readFully(buf);
      String[] all = new String(buf, StandardCharsets.UTF_8).split("\r?\n");
      List<String> out = new ArrayList<>();
      for (int i = Math.max(0, all.length - lines); i < all.length; i++) {
        out.add(all[i]);
      }
      return out;
    } catch (IOException e) {
      return List.of("(could not read " + file + ": " + e.getMessage() + ")");
    }
  }
}
