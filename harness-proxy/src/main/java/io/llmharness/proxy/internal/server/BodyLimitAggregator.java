package io.llmharness.proxy.internal.server;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpUtil;

/**
 * Aggregates request bodies up to the limit; a larger one becomes an {@link OversizedRequest}
 * (answered 413 in turn by the inbound handler) while the rest of its body is discarded.
 */
final class BodyLimitAggregator extends HttpObjectAggregator {

  BodyLimitAggregator(int limit) {
    super(limit, true);
  }

  @Override
  protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
    ctx.fireChannelRead(
        new OversizedRequest(
            HttpUtil.getContentLength(oversized, -1L), HttpUtil.isKeepAlive(oversized)));
  }
}
