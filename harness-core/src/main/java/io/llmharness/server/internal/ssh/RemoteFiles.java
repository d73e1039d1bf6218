package io.llmharness.server.internal.ssh;

import java.security.SecureRandom;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The files one remote process leaves in the node's working directory: its log, its process-group
 * id and its exit code.
 *
 * @param dir the remote working directory (absolute)
 * @param id a name unique to this start, made of the server's name, the time and random digits
 */
record RemoteFiles(String dir, String id) {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

  /** Files for a new start of the server called {@code name}. */
  static RemoteFiles fresh(String dir, String name) {
    String safe = name.replaceAll("[^A-Za-z0-9_.-]+", "_");
    if (safe.length() > 60) {
      safe = safe.substring(0, 60);
    }
    String id =
        safe
            + "-"
            + LocalDateTime.now().format(TIME)
            + "-"
            + String.format(Locale.ROOT, "%06x", RANDOM.nextInt(1 << 24));
    return new RemoteFiles(dir, id);
  }

  String log() {
    return dir + "/" + id + ".log";
  }

  String pid() {
    return dir + "/" + id + ".pid";
  }

  String exit() {
    return dir + "/" + id + ".exit";
  }
}
