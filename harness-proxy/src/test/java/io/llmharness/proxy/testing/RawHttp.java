package io.llmharness.proxy.testing;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** A minimal HTTP/1.1 client over a plain socket, so tests see the exact bytes on the wire. */
public final class RawHttp implements AutoCloseable {

  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;
  private final int port;

  private RawHttp(int port, Duration readTimeout) throws IOException {
    this.port = port;
    this.socket = new Socket();
    socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
    socket.setSoTimeout((int) readTimeout.toMillis());
    socket.setTcpNoDelay(true);
    this.in = new BufferedInputStream(socket.getInputStream());
    this.out = socket.getOutputStream();
  }

  /** Opens a connection to {@code 127.0.0.1:port}; reads fail after {@code readTimeout}. */
  public static RawHttp connect(int port, Duration readTimeout) {
    try {
      return new RawHttp(port, readTimeout);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** One request on a new connection, with a 60 s read limit. */
  public static HttpWire.Message exchange(int port, String method, String path, String json) {
    try (RawHttp c = connect(port, Duration.ofSeconds(60))) {
      return c.send(method, path, Map.of("Content-Type", "application/json"), json);
    }
  }

  /** A JSON POST on a new connection. */
  public static HttpWire.Message post(int port, String path, String json) {
    return exchange(port, "POST", path, json);
  }

  /** A GET on a new connection. */
  public static HttpWire.Message get(int port, String path) {
    return exchange(port, "GET", path, null);
  }

  /** Sends a request and reads the whole response. */
  public HttpWire.Message send(
      String method, String path, Map<String, String> headers, String body) {
    writeRequest(
        method, path, headers, body == null ? null : body.getBytes(StandardCharsets.UTF_8));
    try {
      return HttpWire.readResponse(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes a request (with Content-Length when there is a body). */
  public void writeRequest(String method, String path, Map<String, String> headers, byte[] body) {
    Map<String, String> h = new LinkedHashMap<>();
    h.put("Host", "127.0.0.1:" + port);
    h.putAll(headers);
    if (body != null) {
      h.put("Content-Length", Integer.toString(body.length));
    }
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    StringBuilder sb = new StringBuilder(method + " " + path + " HTTP/1.1\r\n");
    h.forEach((k, v) -> sb.append(k).append(": ").append(v).append("\r\n"));
    sb.append("\r\n");
    b.writeBytes(sb.toString().getBytes(StandardCharsets.ISO_8859_1));
    if (body != null) {
      b.writeBytes(body);
    }
    try {
      out.write(b.toByteArray());
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The response stream, for reading a response step by step. */
  public InputStream input() {
    return in;
  }

  /** Whether the server closed the connection (a read returns end of stream within the limit). */
  public boolean closedByServer() {
    try {
      return in.read() < 0;
    } catch (IOException e) {
      return true;
    }
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException e) {
      // already gone
    }
  }
}
