package io.llmharness.proxy.testing;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;

/** A server that accepts connections, reads what it is sent and never answers. */
public final class BlackHole extends LoopbackServer {

  public BlackHole() {
    super("black-hole");
  }

  @Override
  void serve(Socket s) throws IOException {
    byte[] buf = new byte[8192];
    try (InputStream in = s.getInputStream()) {
      while (in.read(buf) >= 0) {
        // discard
      }
    }
  }
}
