package io.llmharness.bench;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The floor the harness's overhead is compared with: one blocking socket per stream, HTTP/1.1 by
 * hand, and a {@code System.nanoTime()} stamp as soon as a {@code data:} line's bytes are read. No
 * JSON parsing, no records, no metrics; what remains is the kernel, the loopback and the JVM.
 */
final class RawSseBaseline {
  private final URI server;
  private final String body;

  /** One stream's pairs of emulator emission time and read time, in nanoseconds. */
  record Stream(long[] emitted, long[] seen) {}

  RawSseBaseline(URI server, int promptWords, int maxTokens) {
    this.server = server;
    this.body =
        "{\"prompt\":\""
            + "word ".repeat(promptWords).trim()
            + "\",\"max_tokens\":"
            + maxTokens
            + ",\"ignore_eos\":true,\"temperature\":0,\"stream\":true}";
  }

  /** Runs {@code perStream} requests back to back on each of {@code concurrency} streams. */
  List<Stream> run(int concurrency, int perStream) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(concurrency);
    try {
      List<Future<List<Stream>>> futures = new ArrayList<>();
      for (int i = 0; i < concurrency; i++) {
        futures.add(
            pool.submit(
                () -> {
                  List<Stream> streams = new ArrayList<>();
                  for (int n = 0; n < perStream; n++) {
                    streams.add(oneRequest());
                  }
                  return streams;
                }));
      }
      List<Stream> all = new ArrayList<>();
      for (Future<List<Stream>> f : futures) {
        all.addAll(f.get());
      }
      return all;
    } finally {
      pool.shutdownNow();
    }
  }

  private Stream oneRequest() {
    byte[] payload = body.getBytes(StandardCharsets.UTF_8);
    try (Socket socket = new Socket(server.getHost(), server.getPort())) {
      socket.setTcpNoDelay(true);
      OutputStream out = socket.getOutputStream();
      String head =
          "POST /v1/completions HTTP/1.1\r\nHost: "
              + server.getHost()
              + "\r\nContent-Type: application/json\r\nConnection: close\r\nContent-Length: "
              + payload.length
              + "\r\n\r\n";
      out.write(head.getBytes(StandardCharsets.US_ASCII));
      out.write(payload);
      out.flush();
      return readEvents(new BufferedInputStream(socket.getInputStream(), 1 << 16));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Reads lines until the connection closes. Chunk-size lines of a chunked body are lines of their
   * own that start with neither prefix, so they are skipped without decoding the framing.
   */
  private static Stream readEvents(InputStream in) throws IOException {
    List<Long> emitted = new ArrayList<>();
    List<Long> seen = new ArrayList<>();
    ByteArrayOutputStream line = new ByteArrayOutputStream(256);
    int b;
    while ((b = in.read()) != -1) {
      if (b != '\n') {
        line.write(b);
        continue;
      }
      long now = System.nanoTime();
      String text = line.toString(StandardCharsets.US_ASCII);
      line.reset();
      if (text.startsWith(": emitted_ns=")) {
        String value = text.substring(": emitted_ns=".length());
        int end = value.indexOf(' ');
        emitted.add(Long.parseLong(end < 0 ? value.trim() : value.substring(0, end)));
      } else if (text.startsWith("data: {")) {
        seen.add(now);
      }
    }
    return new Stream(toArray(emitted), toArray(seen));
  }

  private static long[] toArray(List<Long> values) {
    return values.stream().mapToLong(Long::longValue).toArray();
  }
}
