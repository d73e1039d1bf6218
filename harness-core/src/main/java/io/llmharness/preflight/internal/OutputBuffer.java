package io.llmharness.preflight.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Collects a process stream on a daemon thread, keeping at most {@link #LIMIT} bytes (tools such as
 * iperf3 with {@code -J} write a few hundred KiB at most; a runaway process must not exhaust the
 * heap).
 */
final class OutputBuffer {

  static final int LIMIT = 8 * 1024 * 1024;
  private static final String TRUNCATED = "\n[output truncated at 8 MiB]\n";

  private final ByteArrayOutputStream data = new ByteArrayOutputStream();
  private boolean truncated;
  private final Thread reader;

  private OutputBuffer(InputStream in, String threadName) {
    reader = new Thread(() -> drain(in), threadName);
    reader.setDaemon(true);
    reader.start();
  }

  static OutputBuffer drain(InputStream in, String threadName) {
    return new OutputBuffer(in, threadName);
  }

  private void drain(InputStream in) {
    byte[] chunk = new byte[16384];
    try (in) {
      int n;
      while ((n = in.read(chunk)) >= 0) {
        append(chunk, n);
      }
    } catch (IOException e) {
      // The stream closes when the process is killed; what was read so far is kept.
      if (!"Stream closed".equals(e.getMessage())) {
        appendText("\n[error reading output: " + e.getMessage() + "]\n");
      }
    }
  }

  private synchronized void append(byte[] chunk, int n) {
    int room = LIMIT - data.size();
    if (n > room) {
      truncated = true;
    }
    data.write(chunk, 0, Math.min(n, room));
  }

  private void appendText(String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    append(bytes, bytes.length);
  }

  /** Waits up to {@code millis} for the stream to reach its end. */
  void awaitEnd(long millis) {
    try {
      reader.join(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UncheckedIOException(new IOException("interrupted while reading output", e));
    }
  }

  synchronized String text() {
    String text = data.toString(StandardCharsets.UTF_8);
    return truncated ? text + TRUNCATED : text;
  }
}
