package io.llmharness.proxy.testing;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Reads HTTP/1.1 messages byte by byte from a stream, keeping bodies exactly as sent. */
public final class HttpWire {

  /**
   * A message: the start line, headers (names lower-cased, in order) and the body (de-chunked when
   * it was chunked).
   */
  public record Message(String startLine, Map<String, List<String>> headers, byte[] body) {

    /** The first value of header {@code name}, or null. */
    public String header(String name) {
      List<String> v = headers.get(name.toLowerCase(Locale.ROOT));
      return v == null || v.isEmpty() ? null : v.get(0);
    }

    /** The status code of a response. */
    public int status() {
      return Integer.parseInt(startLine.split(" ")[1]);
    }

    /** The body as UTF-8 text. */
    public String text() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  private HttpWire() {}

  /** Reads a request (its body by Content-Length or chunked), or null at a clean end of stream. */
  public static Message readRequest(InputStream in) throws IOException {
    return read(in, true);
  }

  /** Reads a response (chunked, Content-Length, or until the stream ends). */
  public static Message readResponse(InputStream in) throws IOException {
    return read(in, false);
  }

  /** Reads the start line and headers; null at a clean end of stream. */
  public static Message readHead(InputStream in) throws IOException {
    String start = line(in);
    if (start == null) {
      return null;
    }
    Map<String, List<String>> headers = new LinkedHashMap<>();
    String h;
    while ((h = line(in)) != null && !h.isEmpty()) {
      int colon = h.indexOf(':');
      headers
          .computeIfAbsent(
              h.substring(0, colon).strip().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
          .add(h.substring(colon + 1).strip());
    }
    return new Message(start, headers, new byte[0]);
  }

  private static Message read(InputStream in, boolean request) throws IOException {
    Message head = readHead(in);
    if (head == null) {
      return null;
    }
    byte[] body;
    String te = head.header("transfer-encoding");
    String cl = head.header("content-length");
    if (te != null && te.toLowerCase(Locale.ROOT).contains("chunked")) {
      body = readChunked(in, null);
    } else if (cl != null) {
      body = in.readNBytes(Integer.parseInt(cl));
    } else if (request) {
      body = new byte[0];
    } else {
      body = in.readAllBytes();
    }
    return new Message(head.startLine(), head.headers(), body);
  }

  /**
   * Reads a chunked body to its end; each chunk's bytes also go to {@code onChunk} as they arrive
   * (may be null).
   */
  public static byte[] readChunked(InputStream in, java.util.function.Consumer<byte[]> onChunk)
      throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    while (true) {
      String sizeLine = line(in);
      if (sizeLine == null) {
        throw new EOFException("chunked body ended without the last chunk");
      }
      int semi = sizeLine.indexOf(';');
      int size = Integer.parseInt((semi < 0 ? sizeLine : sizeLine.substring(0, semi)).strip(), 16);
      if (size == 0) {
        String t;
        while ((t = line(in)) != null && !t.isEmpty()) {
          // trailers
        }
        return out.toByteArray();
      }
      byte[] chunk = in.readNBytes(size);
      if (chunk.length < size) {
        throw new EOFException("chunk shorter than announced");
      }
      out.write(chunk);
      if (onChunk != null) {
        onChunk.accept(chunk);
      }
      line(in);
    }
  }

  /** A CRLF-terminated line without its terminator; null at end of stream before any byte. */
  static String line(InputStream in) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream(64);
    int c;
    while ((c = in.read()) >= 0) {
      if (c == '\n') {
        byte[] bytes = b.toByteArray();
        int n =
            bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
        return new String(bytes, 0, n, StandardCharsets.ISO_8859_1);
      }
      b.write(c);
    }
    return b.size() == 0 ? null : b.toString(StandardCharsets.ISO_8859_1);
  }
}
