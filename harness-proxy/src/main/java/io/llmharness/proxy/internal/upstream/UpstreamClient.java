package io.llmharness.proxy.internal.upstream;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The upstream side of one event loop: a connection pool per upstream server, all on this loop, so
 * the client connection, its upstream connections and every callback share one thread.
 */
public final class UpstreamClient {

  private static final long SWEEP_MILLIS = 250;

  private final EventLoop loop;
  private final Map<Upstream, ConnectionPool> pools = new HashMap<>();
  private final ScheduledFuture<?> sweeper;

  /**
   * Creates the pools of {@code loop} for {@code upstreams}.
   *
   * @param channelClass the socket channel class matching the loop's transport
   * @param onConnect told the upstream's role whenever a new connection is opened (metrics)
   */
  public UpstreamClient(
      EventLoop loop,
      Class<? extends Channel> channelClass,
      List<Upstream> upstreams,
      int connectTimeoutMillis,
      long idleLimitNanos,
      Consumer<String> onConnect) {
    this.loop = loop;
    for (Upstream u : upstreams) {
      if (pools.containsKey(u)) {
        continue;
      }
      ConnectionPool[] holder = new ConnectionPool[1];
      Bootstrap b =
          new Bootstrap()
              .group(loop)
              .channel(channelClass)
              .option(ChannelOption.TCP_NODELAY, true)
              .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, connectTimeoutMillis)
              .handler(
                  new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                      ch.pipeline()
                          .addLast(
                              new HttpClientCodec(
                                  new HttpDecoderConfig()
                                      .setMaxInitialLineLength(8192)
                                      .setMaxHeaderSize(65536)
                                      .setMaxChunkSize(1 << 20),
                                  false,
                                  false))
                          .addLast(new UpstreamConnection(holder[0]));
                    }
                  });
      ConnectionPool pool =
          new ConnectionPool(u, loop, b, idleLimitNanos, () -> onConnect.accept(u.role()));
      holder[0] = pool;
      pools.put(u, pool);
    }
    this.sweeper =
        loop.scheduleAtFixedRate(
            () -> {
              long now = System.nanoTime();
              for (ConnectionPool p : pools.values()) {
                p.evictIdle(now);
              }
            },
            SWEEP_MILLIS,
            SWEEP_MILLIS,
            TimeUnit.MILLISECONDS);
  }

  /** The event loop this client belongs to. */
  public EventLoop loop() {
    return loop;
  }

  /**
   * Sends {@code request} to {@code upstream}; the request's reference passes to the call. Must be
   * called on this client's loop.
   */
  public UpstreamCall send(Upstream upstream, FullHttpRequest request, ResponseListener listener) {
    ConnectionPool pool = pools.get(upstream);
    if (pool == null) {
      request.release();
      throw new IllegalArgumentException(upstream + " is not configured");
    }
    UpstreamCall call = new UpstreamCall(pool, request, listener);
    call.start();
    return call;
  }

  /** Idle pooled connections to {@code upstream} (for tests and metrics). */
  public int idleConnections(Upstream upstream) {
    ConnectionPool p = pools.get(upstream);
    return p == null ? 0 : p.idleCount();
  }

  /** Stops the sweeper and closes idle connections; call on the loop. */
  public void close() {
    sweeper.cancel(false);
    pools.values().forEach(ConnectionPool::closeAll);
  }
}
