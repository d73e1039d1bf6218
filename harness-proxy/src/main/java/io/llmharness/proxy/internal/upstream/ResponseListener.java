package io.llmharness.proxy.internal.upstream;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpResponse;

/**
 * Receives one upstream response as it arrives, on the event loop of the connection (which is the
 * event loop of the client connection that asked for it). Exactly one of {@link #onEnd} and {@link
 * #onFailure} ends the exchange, unless it was cancelled.
 */
public interface ResponseListener {

  /** The status line and headers arrived at {@code nanos} ({@link System#nanoTime()}). */
  void onHead(HttpResponse head, long nanos);

  /** Body bytes; valid only during the call (retain them to keep them). */
  void onContent(ByteBuf content, long nanos);

  /** The socket read that delivered the last calls is complete: a good moment to flush. */
  default void onReadComplete() {}

  /** The response is complete. */
  void onEnd(long nanos);

  /** The exchange failed. */
  void onFailure(UpstreamFailure failure);
}
