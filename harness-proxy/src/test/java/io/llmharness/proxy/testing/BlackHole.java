package io.llmharness.proxy.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A server that accepts connections, reads what it is sent and never answers. */
public final class BlackHole implements AutoCloseable {

  private final ServerSocket server;
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();

  public BlackHole() {
    try {
      server = new ServerSocket();
      server.bind(new InetSocketAddress("127.0.0.1", 0));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Thread t =
        new Thread(
            () -> {
              while (!server.isClosed()) {
                try {
                  Socket s = server.accept();
                  sockets.add(s);
                  Thread r = new Thread(() -> drain(s), "black-hole-reader");
                  r.setDaemon(true);
                  r.start();
                } catch (IOException e) {
                  return;
                }
              }
            },
            "black-hole");
    t.setDaemon(true);
    t.start();
  }

  private static void drain(Socket s) {
    byte[] buf = new byte[8192];
    try (InputStream in = s.getInputStream()) {
      while (in.read(buf) >= 0) {
        // discard
      }
    } catch (IOException e) {
      // closed
    }
  }

  public String url() {
    return "http://127.0.0.1:" + server.getLocalPort();
  }

  @Override
  public void close() {
    try {
      server.close();
    } catch (IOException e) {
      // ignore
    }
    for (Socket s : sockets) {
      try {
        s.close();
      } catch (IOException e) {
        // ignore
      }
    }
  }
}
