package io.llmharness.proxy.internal.server;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpRequest;

/**
 * Notes when each request's head is decoded, before its body is read: the proxy's t0, as the seed's
 * proxy took it before reading the body.
 */
final class ArrivalStamp extends ChannelInboundHandlerAdapter {

  private long last;

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof HttpRequest) {
      last = System.nanoTime();
    }
    ctx.fireChannelRead(msg);
  }

  /** When the latest request head arrived. */
  long last() {
    return last;
  }
}
