package io.llmharness.proxy.internal.server;

import io.llmharness.proxy.ProxyConfig;
import io.llmharness.proxy.internal.upstream.UpstreamClient;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.EventExecutor;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The Netty side of a running proxy: one event-loop group (native epoll when available) serving
 * client connections and, on the same threads, their upstream connections.
 */
public final class NettyProxy {

  private final ProxyRuntime runtime;
  private final EventLoopGroup group;
  private final Channel server;

  private NettyProxy(ProxyRuntime runtime, EventLoopGroup group, Channel server) {
    this.runtime = runtime;
    this.group = group;
    this.server = server;
  }

  /**
   * Binds and serves.
   *
   * @throws IllegalStateException when the address cannot be bound
   */
  public static NettyProxy start(ProxyConfig config, PrintStream log) {
    boolean epoll = Epoll.isAvailable();
    EventLoopGroup group =
        new MultiThreadIoEventLoopGroup(
            config.ioThreads(), epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
    ProxyRuntime runtime = new ProxyRuntime(config, log);
    List<UpstreamClient> clients = new ArrayList<>();
    try {
      for (EventExecutor e : group) {
        EventLoop loop = (EventLoop) e;
        UpstreamClient c =
            loop.submit(
                    () ->
                        new UpstreamClient(
                            loop,
                            epoll ? EpollSocketChannel.class : NioSocketChannel.class,
                            runtime.all(),
                            (int) Math.min(Integer.MAX_VALUE, config.connectTimeout().toMillis()),
                            config.upstreamIdleTimeout().toNanos(),
                            runtime.metrics::connectionOpened))
                .syncUninterruptibly()
                .getNow();
        clients.add(c);
        runtime.register(loop, c);
      }
      ServerBootstrap b =
          new ServerBootstrap()
              .group(group)
              .channel(epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class)
              .option(ChannelOption.SO_BACKLOG, 4096)
              .option(ChannelOption.SO_REUSEADDR, true)
              .childOption(ChannelOption.TCP_NODELAY, true)
              .childOption(
                  ChannelOption.WRITE_BUFFER_WATER_MARK,
                  new WriteBufferWaterMark(256 << 10, 1 << 20))
              .childHandler(
                  new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                      ArrivalStamp stamp = new ArrivalStamp();
                      ch.pipeline()
                          .addLast(
                              new IdleStateHandler(
                                  0,
                                  0,
                                  config.keepAliveTimeout().toMillis(),
                                  TimeUnit.MILLISECONDS))
                          .addLast(
                              new HttpServerCodec(
                                  new HttpDecoderConfig()
                                      .setMaxInitialLineLength(65536)
                                      .setMaxHeaderSize(65536)
                                      .setMaxChunkSize(1 << 20)))
                          .addLast(stamp)
                          .addLast(new BodyLimitAggregator((int) config.maxBodyBytes()))
                          .addLast(new InboundHandler(runtime, stamp));
                    }
                  });
      Channel server;
      try {
        server = b.bind(new InetSocketAddress(config.host(), config.port())).sync().channel();
      } catch (Exception e) {
        throw new IllegalStateException(
            "cannot listen on "
                + config.host()
                + ":"
                + config.port()
                + " ("
                + e
                + "); choose another --host or --port",
            e);
      }
      return new NettyProxy(runtime, group, server);
    } catch (RuntimeException e) {
      group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS).syncUninterruptibly();
      throw e;
    }
  }

  /** The bound port. */
  public int port() {
    return ((InetSocketAddress) server.localAddress()).getPort();
  }

  /** The proxy's metrics in the Prometheus text format. */
  public String metricsText() {
    return runtime.metrics.render();
  }

  /** Stops listening, closes connections and ends the event loops. */
  public void stop() {
    server.close().syncUninterruptibly();
    for (UpstreamClient c : runtime.clients()) {
      c.loop().submit(c::close).syncUninterruptibly();
    }
    group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
  }
}
