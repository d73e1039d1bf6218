package io.llmharness.proxy.bench;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * The load driver's HTTP/1.1 client: keep-alive connections on a small Netty event-loop group, each
 * SSE event stamped with {@link System#nanoTime()} when the read that completed it returns, and
 * paired with the emulator's {@code : emitted_ns=} comment written just before it.
 */
final class LoadClient implements AutoCloseable {

  /** Receives one response. */
  interface Listener {
    /** A {@code data:} event other than [DONE]; {@code emittedNanos} is -1 without a stamp. */
    void onData(long arrivalNanos, long emittedNanos);

    /** The response ended; {@code body} is the whole body of a non-streamed response. */
    void onEnd(int status, byte[] body);

    void onError(Throwable t);
  }

  private final EventLoopGroup group;
  private final Bootstrap bootstrap;

  LoadClient(int threads) {
    boolean epoll = Epoll.isAvailable();
    group =
        new MultiThreadIoEventLoopGroup(
            threads, epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
    bootstrap =
        new Bootstrap()
            .group(group)
            .channel(epoll ? EpollSocketChannel.class : NioSocketChannel.class)
            .option(ChannelOption.TCP_NODELAY, true)
            .handler(
                new ChannelInitializer<Channel>() {
                  @Override
                  protected void initChannel(Channel ch) {
                    ch.pipeline().addLast(new HttpClientCodec()).addLast(new Handler());
                  }
                });
  }

  /** Opens a connection to {@code 127.0.0.1:port}. */
  Connection connect(int port) {
    Channel ch = bootstrap.connect("127.0.0.1", port).syncUninterruptibly().channel();
    return new Connection(bootstrap, ch, port);
  }

  @Override
  public void close() {
    group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
  }

  /**
   * One keep-alive connection carrying one request at a time; reopened when the server closed it
   * while idle (servers close idle connections after 5 s, as vLLM does), and a request the server
   * closed on before answering is sent once more on a new connection.
   */
  static final class Connection {
    private final Bootstrap bootstrap;
    private final int port;
    private volatile Channel channel;

    Connection(Bootstrap bootstrap, Channel channel, int port) {
      this.bootstrap = bootstrap;
      this.channel = channel;
      this.port = port;
    }

    /** POSTs {@code body} to {@code path}; the listener is called on the connection's thread. */
    void post(String path, byte[] body, Listener listener) {
      post(path, body, listener, true);
    }

    private void post(String path, byte[] body, Listener listener, boolean mayRetry) {
      Channel ch = channel;
      if (!ch.isActive()) {
        bootstrap
            .connect("127.0.0.1", port)
            .addListener(
                f -> {
                  if (f.isSuccess()) {
                    channel = ((io.netty.channel.ChannelFuture) f).channel();
                    post(path, body, listener, mayRetry);
                  } else {
                    listener.onError(f.cause());
                  }
                });
        return;
      }
      FullHttpRequest r =
          new DefaultFullHttpRequest(
              HttpVersion.HTTP_1_1, HttpMethod.POST, path, Unpooled.wrappedBuffer(body));
      r.headers()
          .set(HttpHeaderNames.HOST, "127.0.0.1:" + port)
          .set(HttpHeaderNames.CONTENT_TYPE, "application/json")
          .setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
      Handler h = ch.pipeline().get(Handler.class);
      if (h == null) {
        ch.close();
        ch.eventLoop().execute(() -> post(path, body, listener, mayRetry));
        return;
      }
      h.listener = listener;
      h.retry = mayRetry ? () -> post(path, body, listener, false) : null;
      ch.writeAndFlush(r);
    }

    /** Runs {@code task} on this connection's event loop. */
    void execute(Runnable task) {
      channel.eventLoop().execute(task);
    }

    void close() {
      channel.close();
    }
  }

  /** Splits SSE events out of the body as it arrives. */
  private static final class Handler extends ChannelInboundHandlerAdapter {
    Listener listener;
    Runnable retry;
    private int status;
    private final StringBuilder pending = new StringBuilder();
    private final ByteArrayOutputStream whole = new ByteArrayOutputStream();
    private long emitted = -1;
    private boolean sse;

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      try {
        long now = System.nanoTime();
        if (msg instanceof HttpResponse r) {
          retry = null;
          status = r.status().code();
          String ct = r.headers().get(HttpHeaderNames.CONTENT_TYPE, "");
          sse = ct.startsWith("text/event-stream");
          pending.setLength(0);
          whole.reset();
          emitted = -1;
        }
        if (msg instanceof HttpContent c) {
          ByteBuf b = c.content();
          if (sse) {
            pending.append(b.toString(StandardCharsets.ISO_8859_1));
            events(now);
          } else {
            byte[] bytes = new byte[b.readableBytes()];
            b.getBytes(b.readerIndex(), bytes);
            whole.writeBytes(bytes);
          }
          if (c instanceof LastHttpContent) {
            Listener l = listener;
            listener = null;
            l.onEnd(status, whole.toByteArray());
          }
        }
      } finally {
        ReferenceCountUtil.release(msg);
      }
    }

    private void events(long now) {
      int end;
      while ((end = pending.indexOf("\n\n")) >= 0) {
        String event = pending.substring(0, end);
        pending.delete(0, end + 2);
        for (String line : event.split("\n")) {
          if (line.startsWith(": emitted_ns=")) {
            int space = line.indexOf(' ', 13);
            emitted = Long.parseLong(line.substring(13, space < 0 ? line.length() : space));
          } else if (line.startsWith("data: ") && !line.startsWith("data: [DONE]")) {
            listener.onData(now, emitted);
            emitted = -1;
          }
        }
      }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      ctx.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      Listener l = listener;
      Runnable again = retry;
      listener = null;
      retry = null;
      if (l != null && again != null) {
        again.run();
      } else if (l != null) {
        l.onError(new IllegalStateException("connection closed"));
      }
    }
  }

  /** Lets a lambda be a listener that only cares about the end. */
  static Listener onEnd(Consumer<byte[]> ok, Consumer<Throwable> error) {
    return new Listener() {
      @Override
      public void onData(long arrivalNanos, long emittedNanos) {}

      @Override
      public void onEnd(int status, byte[] body) {
        if (status == 200) {
          ok.accept(body);
        } else {
          error.accept(new IllegalStateException("HTTP " + status + ": " + new String(body)));
        }
      }

      @Override
      public void onError(Throwable t) {
        error.accept(t);
      }
    };
  }
}
