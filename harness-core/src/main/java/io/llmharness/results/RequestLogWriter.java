package io.llmharness.results;

import io.llmharness.results.internal.AtomicFiles;
import io.llmharness.results.internal.RequestRecordJson;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Appends request records to a JSON Lines file ({@code <scenario-id>.requests.jsonl}), one line per
 * record, and forces them to disk as they come.
 *
 * <p>{@link #append} only queues the record, so a request's thread never waits for the disk (which
 * would delay its next request): a background thread writes whatever is queued and forces it with
 * one {@code fsync} (group commit), so each record is on disk about one {@code fsync} after it was
 * appended. {@link #sync} waits until everything appended so far is on disk, and {@link #close}
 * does so before closing. A crash can leave at most a truncated last line, which {@link
 * RequestLog#read} tolerates. Thread-safe: any number of threads may append concurrently.
 *
 * @since 0.1.0
 */
public final class RequestLogWriter implements AutoCloseable {
  private final Path path;
  private final FileChannel channel;
  private final Thread flusher;
  private final Object lock = new Object();
  private List<RequestRecord> queue = new ArrayList<>();
  private long appended;
  private long durable;
  private boolean closing;
  private IOException failure;

  private RequestLogWriter(Path path, FileChannel channel) {
    this.path = path;
    this.channel = channel;
    this.flusher = new Thread(this::flushLoop, "request-log " + path.getFileName());
    this.flusher.setDaemon(true);
    this.flusher.start();
  }

  /**
   * Creates {@code path} (it must not exist yet) and starts appending to it.
   *
   * @throws IOException if the file exists or cannot be created
   */
  public static RequestLogWriter create(Path path) throws IOException {
    FileChannel channel =
        FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    AtomicFiles.forceDirectory(path.toAbsolutePath().getParent());
    return new RequestLogWriter(path, channel);
  }

  /** The file written. */
  public Path path() {
    return path;
  }

  /**
   * Queues {@code record} to be written and forced to disk; returns at once.
   *
   * @throws IllegalStateException if the writer is closed
   * @throws UncheckedIOException if an earlier write failed
   */
  public void append(RequestRecord record) {
    Objects.requireNonNull(record, "record");
    synchronized (lock) {
      rethrowFailure();
      if (closing) {
        throw new IllegalStateException(
            "The request log [" + path + "] is closed; append before closing it.");
      }
      queue.add(record);
      appended++;
      lock.notifyAll();
    }
  }

  /**
   * Waits until every record appended before this call is on disk.
   *
   * @throws UncheckedIOException if writing failed
   */
  public void sync() throws InterruptedException {
    synchronized (lock) {
      long target = appended;
      while (durable < target && failure == null) {
        lock.wait();
      }
      rethrowFailure();
    }
  }

  /** Writes and forces every queued record, then closes the file. */
  @Override
  public void close() throws IOException {
    synchronized (lock) {
      closing = true;
      lock.notifyAll();
    }
    boolean interrupted = false;
    while (true) {
      try {
        flusher.join();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    channel.close();
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    synchronized (lock) {
      if (failure != null) {
        throw failure;
      }
    }
  }

  private void rethrowFailure() {
    if (failure != null) {
      throw new UncheckedIOException("Writing the request log [" + path + "] failed.", failure);
    }
  }

  private void flushLoop() {
    while (true) {
      List<RequestRecord> batch;
      synchronized (lock) {
        while (queue.isEmpty() && !closing) {
          try {
            lock.wait();
          } catch (InterruptedException e) {
            // Only close() ends this thread, after draining the queue.
          }
        }
        if (queue.isEmpty()) {
          return;
        }
        batch = queue;
        queue = new ArrayList<>();
      }
      try {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (RequestRecord r : batch) {
          bytes.writeBytes((RequestRecordJson.write(r) + "\n").getBytes(StandardCharsets.UTF_8));
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes.toByteArray());
        while (buffer.hasRemaining()) {
          channel.write(buffer);
        }
        channel.force(false);
      } catch (IOException | RuntimeException e) {
        synchronized (lock) {
          failure = e instanceof IOException io ? io : new IOException(e);
          lock.notifyAll();
        }
        return;
      }
      synchronized (lock) {
        durable += batch.size();
        lock.notifyAll();
      }
    }
  }
}
