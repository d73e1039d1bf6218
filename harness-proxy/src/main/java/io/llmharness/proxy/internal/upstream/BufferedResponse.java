package io.llmharness.proxy.internal.upstream;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpResponse;

/**
 * A complete upstream response; the receiver owns {@code body} and must release it.
 *
 * @param head status line and headers
 * @param body the whole body
 * @param headNanos when the head arrived ({@link System#nanoTime()})
 * @param endNanos when the last byte arrived
 */
public record BufferedResponse(HttpResponse head, ByteBuf body, long headNanos, long endNanos) {

  /** The status code. */
  public int status() {
    return head.status().code();
  }
}
