package io.llmharness.proxy.testing;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP relay on a loopback port in front of a server that records every byte in both directions,
 * per connection: what the proxy sent a server and what the server sent back, exactly.
 */
public final class TcpTap implements AutoCloseable {

  /** The two byte streams of one connection. */
  public static final class Connection {
    private final ByteArrayOutputStream toServer = new ByteArrayOutputStream();
    private final ByteArrayOutputStream fromServer = new ByteArrayOutputStream();

    /** The HTTP requests sent on this connection so far. */
    public List<HttpWire.Message> requests() {
      return parse(bytes(toServer), true);
    }

    /** The HTTP responses received on this connection so far. */
    public List<HttpWire.Message> responses() {
      return parse(bytes(fromServer), false);
    }

    private static byte[] bytes(ByteArrayOutputStream b) {
      synchronized (b) {
        return b.toByteArray();
      }
    }

    private static List<HttpWire.Message> parse(byte[] bytes, boolean requests) {
      List<HttpWire.Message> out = new ArrayList<>();
      InputStream in = new ByteArrayInputStream(bytes);
      try {
        HttpWire.Message m;
        while ((m = requests ? HttpWire.readRequest(in) : readResponseOrNull(in)) != null) {
          out.add(m);
        }
      } catch (IOException e) {
        // an incomplete last message: ignore it
      }
      return out;
    }

    private static HttpWire.Message readResponseOrNull(InputStream in) throws IOException {
      if (in.available() == 0) {
        return null;
      }
      return HttpWire.readResponse(in);
    }
  }

  private final ServerSocket server;
  private final int target;
  private final List<Connection> connections = new CopyOnWriteArrayList<>();
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  private final Thread acceptor;

  /** Starts relaying {@code 127.0.0.1:<port()>} to {@code 127.0.0.1:target}. */
  public TcpTap(int target) {
    this.target = target;
    try {
      this.server = new ServerSocket();
      server.bind(new InetSocketAddress("127.0.0.1", 0));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    acceptor = new Thread(this::acceptLoop, "tap-" + target);
    acceptor.setDaemon(true);
    acceptor.start();
  }

  public int port() {
    return server.getLocalPort();
  }

  /** The connections relayed so far, in the order they were opened. */
  public List<Connection> connections() {
    return List.copyOf(connections);
  }

  /** Every request seen, over all connections. */
  public List<HttpWire.Message> requests() {
    List<HttpWire.Message> out = new ArrayList<>();
    connections.forEach(c -> out.addAll(c.requests()));
    return out;
  }

  /** Every response seen, over all connections. */
  public List<HttpWire.Message> responses() {
    List<HttpWire.Message> out = new ArrayList<>();
    connections.forEach(c -> out.addAll(c.responses()));
    return out;
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        Socket upstream = new Socket("127.0.0.1", target);
        client.setTcpNoDelay(true);
        upstream.setTcpNoDelay(true);
        sockets.add(client);
        sockets.add(upstream);
        Connection c = new Connection();
        connections.add(c);
        pump(client, upstream, c.toServer);
        pump(upstream, client, c.fromServer);
      } catch (IOException e) {
        return;
      }
    }
  }

  private static void pump(Socket from, Socket to, ByteArrayOutputStream record) {
    Thread t =
        new Thread(
            () -> {
              byte[] buf = new byte[65536];
              try (InputStream in = from.getInputStream();
                  OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buf)) >= 0) {
                  synchronized (record) {
                    record.write(buf, 0, n);
                  }
                  out.write(buf, 0, n);
                  out.flush();
                }
              } catch (IOException e) {
                // the other side closed
              } finally {
                try {
                  from.close();
                  to.close();
                } catch (IOException e) {
                  // ignore
                }
              }
            },
            "tap-pump");
    t.setDaemon(true);
    t.start();
  }

  @Override
  public void close() {
    LoopbackServer.closeAll(server, sockets);
  }
}
