package io.llmharness.proxy.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP server on a loopback port that hands every accepted connection to {@link #serve(Socket)} on
 * its own thread, and closes them all on {@link #close()}: the base of the deliberately misbehaving
 * peers of the error-path tests.
 */
abstract class LoopbackServer implements AutoCloseable {

  private final ServerSocket server;
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();

  LoopbackServer(String name) {
    try {
      server = new ServerSocket();
      server.bind(new InetSocketAddress("127.0.0.1", 0));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Thread t = new Thread(() -> acceptLoop(name), name);
    t.setDaemon(true);
    t.start();
  }

  private void acceptLoop(String name) {
    while (!server.isClosed()) {
      try {
        Socket s = server.accept();
        sockets.add(s);
        Thread r = new Thread(() -> serveQuietly(s), name + "-connection");
        r.setDaemon(true);
        r.start();
      } catch (IOException e) {
        return;
      }
    }
  }

  private void serveQuietly(Socket s) {
    try {
      serve(s);
    } catch (IOException e) {
      // the proxy closed the connection
    }
  }

  /** Handles one accepted connection. */
  abstract void serve(Socket s) throws IOException;

  public int port() {
    return server.getLocalPort();
  }

  public String url() {
    return "http://127.0.0.1:" + port();
  }

  @Override
  public void close() {
    closeAll(server, sockets);
  }

  /** Closes the listening socket, then every accepted one, ignoring errors. */
  static void closeAll(ServerSocket server, List<Socket> sockets) {
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
