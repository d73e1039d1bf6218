package io.llmharness.proxy.internal.upstream;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;

/**
 * The last handler of a pooled upstream connection: carries one exchange at a time and hands the
 * connection back to its pool when a keep-alive response is complete.
 */
final class UpstreamConnection extends ChannelInboundHandlerAdapter {

  private final ConnectionPool pool;
  private Channel channel;
  private ResponseListener listener;
  private boolean responseStarted;
  private boolean keepAlive;
  private Throwable cause;

  /** Whether this connection served an exchange before the current one. */
  boolean reused;

  /** {@link System#nanoTime()} when the connection last went idle in the pool. */
  long idleSince;

  UpstreamConnection(ConnectionPool pool) {
    this.pool = pool;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    channel = ctx.channel();
  }

  boolean isActive() {
    return channel.isActive();
  }

  /** Sends {@code request} (its reference is passed on) and reports the response to {@code l}. */
  void send(FullHttpRequest request, ResponseListener l) {
    listener = l;
    responseStarted = false;
    keepAlive = true;
    cause = null;
    channel
        .writeAndFlush(request)
        .addListener(
            f -> {
              if (!f.isSuccess()) {
                cause = f.cause();
                channel.close();
              }
            });
  }

  /** Drops the current exchange and closes the connection (it is never reused). */
  void abort() {
    listener = null;
    channel.close();
  }

  void autoRead(boolean on) {
    channel.config().setAutoRead(on);
  }

  /** Closes an idle connection. */
  void close() {
    channel.close();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    try {
      ResponseListener l = listener;
      if (l == null) {
        // Bytes nobody asked for (or after an abort): the connection cannot be trusted.
        ctx.close();
        return;
      }
      long now = System.nanoTime();
      if (msg instanceof HttpResponse head) {
        if (head.decoderResult().isFailure()) {
          fail(
              new UpstreamFailure(
                  UpstreamFailure.Kind.PROTOCOL,
                  "invalid HTTP response: " + head.decoderResult().cause(),
                  false));
          return;
        }
        responseStarted = true;
        keepAlive = HttpUtil.isKeepAlive(head);
        l.onHead(head, now);
      }
      if (msg instanceof HttpContent content && listener == l) {
        if (content.decoderResult().isFailure()) {
          fail(
              new UpstreamFailure(
                  UpstreamFailure.Kind.PROTOCOL,
                  "invalid HTTP body: " + content.decoderResult().cause(),
                  responseStarted));
          return;
        }
        if (content.content().isReadable()) {
          l.onContent(content.content(), now);
        }
        if (content instanceof LastHttpContent && listener == l) {
          listener = null;
          if (keepAlive && channel.isActive()) {
            channel.config().setAutoRead(true);
            pool.release(this);
          } else {
            channel.close();
          }
          l.onEnd(now);
        }
      }
    } finally {
      ReferenceCountUtil.release(msg);
    }
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    ResponseListener l = listener;
    if (l != null) {
      l.onReadComplete();
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    pool.remove(this);
    ResponseListener l = listener;
    if (l != null) {
      listener = null;
      String detail =
          cause == null
              ? "the connection closed before the response was complete"
              : "the connection failed (" + cause + ")";
      l.onFailure(new UpstreamFailure(UpstreamFailure.Kind.CLOSED, detail, responseStarted));
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable t) {
    if (cause == null) {
      cause = t;
    }
    ctx.close();
  }

  private void fail(UpstreamFailure failure) {
    ResponseListener l = listener;
    listener = null;
    channel.close();
    if (l != null) {
      l.onFailure(failure);
    }
  }
}
