package io.llmharness.proxy.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * A streamed response as a client saw it: its head, its body, and when the first {@code data:}
 * event arrived (relative to writing the request).
 *
 * @param head status line and headers
 * @param body the de-chunked body
 * @param firstDataMillis request written to the first body chunk containing {@code data:}
 * @param endMillis request written to the end of the body
 */
public record Streamed(
    HttpWire.Message head, String body, double firstDataMillis, double endMillis) {

  /** POSTs {@code json} to {@code path} on {@code port} and reads the streamed answer. */
  public static Streamed post(int port, String path, String json) {
    try (RawHttp c = RawHttp.connect(port, Duration.ofSeconds(120))) {
      long start = System.nanoTime();
      c.writeRequest(
          "POST",
          path,
          Map.of("Content-Type", "application/json"),
          json.getBytes(StandardCharsets.UTF_8));
      HttpWire.Message head = HttpWire.readHead(c.input());
      ByteArrayOutputStream seen = new ByteArrayOutputStream();
      long[] first = {-1};
      byte[] body =
          HttpWire.readChunked(
              c.input(),
              chunk -> {
                seen.writeBytes(chunk);
                if (first[0] < 0 && seen.toString(StandardCharsets.UTF_8).contains("data:")) {
                  first[0] = System.nanoTime();
                }
              });
      long end = System.nanoTime();
      return new Streamed(
          head,
          new String(body, StandardCharsets.UTF_8),
          first[0] < 0 ? -1 : (first[0] - start) / 1e6,
          (end - start) / 1e6);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A header of the head, parsed as milliseconds. */
  public double headerMillis(String name) {
    return Double.parseDouble(head.header(name));
  }

  /** A proxy comment's value in milliseconds. */
  public double commentMillis(String key) {
    Double v = Sse.proxyTimings(body).get(key);
    if (v == null) {
      throw new AssertionError("no comment " + key + " in:\n" + body);
    }
    return v;
  }
}
