package io.llmharness.server.internal;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads the end of a log file without loading all of it. */
public final class LogFiles {
  private static final int MAX_TAIL_BYTES = 256 * 1024;

  private LogFiles() {}

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
