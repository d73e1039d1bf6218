package io.llmharness.proxy.testing;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A deliberately misbehaving HTTP server: it reads each request whole, writes the same raw bytes
 * back (whatever they are: a truncated body, a non-JSON answer, nothing at all) and closes the
 * connection.
 */
public final class ScriptedPeer extends LoopbackServer {

  private final byte[] answer;
  private final List<HttpWire.Message> requests = new CopyOnWriteArrayList<>();

  private ScriptedPeer(byte[] answer) {
    super("scripted-peer");
    this.answer = answer.clone();
  }

  /** Answers every request with {@code raw} (UTF-8), then closes the connection. */
  public static ScriptedPeer answering(String raw) {
    return new ScriptedPeer(raw.getBytes(StandardCharsets.UTF_8));
  }

  /** Closes every connection once its request has been read, before any response byte. */
  public static ScriptedPeer closingBeforeTheHead() {
    return new ScriptedPeer(new byte[0]);
  }

  /** The requests read so far. */
  public List<HttpWire.Message> requests() {
    return List.copyOf(requests);
  }

  @Override
  void serve(Socket s) throws IOException {
    try (s) {
      InputStream in = new BufferedInputStream(s.getInputStream());
      HttpWire.Message request = HttpWire.readRequest(in);
      if (request == null) {
        return;
      }
      requests.add(request);
      s.getOutputStream().write(answer);
      s.getOutputStream().flush();
    }
  }
}
