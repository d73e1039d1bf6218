package io.llmharness.emulator.internal.http;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.net.InetSocketAddress;

/** The Netty HTTP/1.1 server: one event loop per core on the {@link Transport} of this process. */
public final class HttpServer {

  /** vLLM's (uvicorn's) keep-alive timeout. */
  static final int KEEP_ALIVE_SECONDS = 5;

  private final ServerContext context;
  private final EventLoopGroup group;
  private final Transport transport;
  private final EmissionStats stats = new EmissionStats();
  private final TokenText tokenText;
  private Channel serverChannel;

  public HttpServer(ServerContext context, EventLoopGroup group) {
    this.context = context;
    this.group = group;
    this.transport = Transport.selected();
    this.tokenText = new TokenText(context.tokenizer());
  }

  /** Creates the event loops every server of this process shares. */
  public static EventLoopGroup newGroup(int threads) {
    return new MultiThreadIoEventLoopGroup(threads, Transport.selected().ioHandlerFactory());
  }

  /** Binds and listens; returns the bound port. */
  public int start(String host, int port) throws InterruptedException {
    ServerBootstrap b =
        new ServerBootstrap()
            .group(group)
            .channel(transport.serverChannel())
            .option(ChannelOption.SO_BACKLOG, 4096)
            .option(ChannelOption.SO_REUSEADDR, true)
            .childOption(ChannelOption.TCP_NODELAY, true)
            .childHandler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel ch) {
                    ch.pipeline()
                        .addLast(new HttpServerCodec(8192, 65536, 65536))
                        .addLast(new BodyLimit(context.maxBodyBytes()))
                        .addLast(new ConnectionHandler(context, stats, tokenText));
                  }
                });
    InetSocketAddress address =
        host == null || host.isEmpty()
            ? new InetSocketAddress(port)
            : new InetSocketAddress(host, port);
    serverChannel = b.bind(address).sync().channel();
    return ((InetSocketAddress) serverChannel.localAddress()).getPort();
  }

  /** Stops listening and closes the server socket. */
  public void stop() {
    if (serverChannel != null) {
      serverChannel.close().syncUninterruptibly();
    }
  }

  /** Aggregates bodies up to a limit; a larger body gets 413 with vLLM's error envelope. */
  private static final class BodyLimit extends HttpObjectAggregator {
    private final int limit;

    BodyLimit(int limit) {
      super(limit, true);
      this.limit = limit;
    }

    @Override
    protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
      long length = HttpUtil.getContentLength(oversized, -1L);
      String message =
          "Request body of "
              + (length >= 0 ? length + " bytes" : "this size")
              + " exceeds the emulator's limit of "
              + limit
              + " bytes.";
      byte[] body = Json.errorEnvelope(message, "Request Entity Too Large", null, 413);
      FullHttpResponse r =
          new DefaultFullHttpResponse(
              HttpVersion.HTTP_1_1,
              HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE,
              ctx.alloc().buffer(body.length).writeBytes(body));
      r.headers()
          .set(HttpHeaderNames.CONTENT_TYPE, "application/json")
          .setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
      // The rest of the body is discarded by the aggregator; the connection stays usable.
      ctx.writeAndFlush(r);
    }
  }
}
