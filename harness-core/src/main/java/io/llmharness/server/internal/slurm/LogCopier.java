package io.llmharness.server.internal.slurm;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Copies what a job appends to its output file (on storage the nodes and this host share) into the
 * local log, from where it left off each time.
 */
final class LogCopier {
  private final Path source;
  private final Path target;
  private long offset;
  private boolean atLineStart = true;

  LogCopier(Path source, Path target) {
    this.source = source;
    this.target = target;
  }

  /** Copies whatever was appended since the last call; a missing source is not yet written. */
  synchronized void drain() {
    if (!Files.isReadable(source)) {
      return;
    }
    try (FileChannel in = FileChannel.open(source, StandardOpenOption.READ);
        OutputStream out =
            Files.newOutputStream(target, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
      long size = in.size();
      if (size < offset) {
        offset = 0; // the file was replaced
      }
      ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
      while (offset < size) {
        buf.clear();
        int n = in.read(buf, offset);
        if (n <= 0) {
          break;
        }
        out.write(buf.array(), 0, n);
        atLineStart = buf.array()[n - 1] == '\n';
        offset += n;
      }
    } catch (IOException e) {
      // The next drain retries; the job's own file keeps everything.
    }
  }

  /** Appends one line of our own to the local log. */
  synchronized void note(String line) {
    try {
      Files.writeString(
          target,
          (atLineStart ? "" : System.lineSeparator()) + line + System.lineSeparator(),
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
      atLineStart = true;
    } catch (IOException e) {
      // A log note is best effort.
    }
  }
}
