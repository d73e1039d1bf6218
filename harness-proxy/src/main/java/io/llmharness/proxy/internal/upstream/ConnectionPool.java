package io.llmharness.proxy.internal.upstream;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelFuture;
import io.netty.channel.EventLoop;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.function.BiConsumer;

/**
 * Keep-alive connections to one upstream server, owned by one event loop (so no locking): the most
 * recently used idle connection is reused first, and connections idle longer than the limit are
 * closed by {@link #evictIdle} before the server's own keep-alive timeout can race a request.
 */
final class ConnectionPool {

  private final Upstream upstream;
  private final EventLoop loop;
  private final Bootstrap bootstrap;
  private final long idleLimitNanos;
  private final Runnable onConnect;
  private final ArrayDeque<UpstreamConnection> idle = new ArrayDeque<>();

  ConnectionPool(
      Upstream upstream,
      EventLoop loop,
      Bootstrap bootstrap,
      long idleLimitNanos,
      Runnable onConnect) {
    this.upstream = upstream;
    this.loop = loop;
    this.bootstrap = bootstrap;
    this.idleLimitNanos = idleLimitNanos;
    this.onConnect = onConnect;
  }

  Upstream upstream() {
    return upstream;
  }

  EventLoop loop() {
    return loop;
  }

  /**
   * Hands a connection to {@code callback} (on this pool's loop): an idle one unless {@code fresh},
   * else a new one; or the connect failure.
   */
  void acquire(boolean fresh, BiConsumer<UpstreamConnection, Throwable> callback) {
    if (!fresh) {
      UpstreamConnection c;
      while ((c = idle.pollFirst()) != null) {
        if (c.isActive()) {
          c.reused = true;
          callback.accept(c, null);
          return;
        }
      }
    }
    onConnect.run();
    ChannelFuture f = bootstrap.connect(upstream.host(), upstream.port());
    f.addListener(
        done -> {
          if (done.isSuccess()) {
            UpstreamConnection c = f.channel().pipeline().get(UpstreamConnection.class);
            c.reused = false;
            callback.accept(c, null);
          } else {
            callback.accept(null, done.cause());
          }
        });
  }

  /** Takes back a connection whose response completed with keep-alive. */
  void release(UpstreamConnection c) {
    c.idleSince = System.nanoTime();
    idle.addFirst(c);
  }

  /** Forgets a connection that closed. */
  void remove(UpstreamConnection c) {
    idle.remove(c);
  }

  /** Closes connections idle longer than the limit (the oldest are at the tail). */
  void evictIdle(long now) {
    Iterator<UpstreamConnection> it = idle.descendingIterator();
    while (it.hasNext()) {
      UpstreamConnection c = it.next();
      if (now - c.idleSince < idleLimitNanos) {
        return;
      }
      it.remove();
      c.close();
    }
  }

  /** Closes every idle connection. */
  void closeAll() {
    UpstreamConnection c;
    while ((c = idle.pollFirst()) != null) {
      c.close();
    }
  }

  int idleCount() {
    return idle.size();
  }
}
