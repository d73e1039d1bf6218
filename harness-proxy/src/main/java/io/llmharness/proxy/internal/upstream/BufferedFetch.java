package io.llmharness.proxy.internal.upstream;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * An upstream exchange whose response is collected whole, up to a size limit and within a time
 * limit: the prefill call, and the small calls (models, tokenize, health, passthrough).
 */
public final class BufferedFetch implements ResponseListener {

  /** Receives the outcome, on the client's event loop. */
  public interface Callback {
    void onResponse(BufferedResponse response);

    void onFailure(UpstreamFailure failure);
  }

  private final Callback callback;
  private final int maxBytes;
  private final Duration timeout;
  private UpstreamCall call;
  private ScheduledFuture<?> timer;
  private HttpResponse head;
  private long headNanos;
  private CompositeByteBuf body;
  private boolean done;

  private BufferedFetch(Callback callback, int maxBytes, Duration timeout) {
    this.callback = callback;
    this.maxBytes = maxBytes;
    this.timeout = timeout;
  }

  /**
   * Sends {@code request} (its reference passes on) to {@code upstream} and collects the response.
   * Call on the client's loop.
   */
  public static BufferedFetch start(
      UpstreamClient client,
      Upstream upstream,
      FullHttpRequest request,
      int maxBytes,
      Duration timeout,
      Callback callback) {
    BufferedFetch f = new BufferedFetch(callback, maxBytes, timeout);
    f.timer = client.loop().schedule(f::onTimeout, f.timeout.toNanos(), TimeUnit.NANOSECONDS);
    f.call = client.send(upstream, request, f);
    return f;
  }

  /** Stops the exchange without calling back. */
  public void cancel() {
    if (!done) {
      done = true;
      cleanUp();
      call.cancel();
    }
  }

  @Override
  public void onHead(HttpResponse head, long nanos) {
    this.head = head;
    this.headNanos = nanos;
  }

  @Override
  public void onContent(ByteBuf content, long nanos) {
    if (done) {
      return;
    }
    if (body == null) {
      body = content.alloc().compositeBuffer(64);
    }
    if (body.readableBytes() + (long) content.readableBytes() > maxBytes) {
      fail(
          new UpstreamFailure(
              UpstreamFailure.Kind.TOO_LARGE,
              "the response is larger than " + maxBytes + " bytes",
              true));
      return;
    }
    body.addComponent(true, content.retain());
  }

  @Override
  public void onEnd(long nanos) {
    if (done) {
      return;
    }
    done = true;
    timer.cancel(false);
    ByteBuf b = body == null ? io.netty.buffer.Unpooled.EMPTY_BUFFER : body;
    body = null;
    callback.onResponse(new BufferedResponse(head, b, headNanos, nanos));
  }

  @Override
  public void onFailure(UpstreamFailure failure) {
    if (done) {
      return;
    }
    done = true;
    cleanUp();
    callback.onFailure(failure);
  }

  private void onTimeout() {
    fail(
        new UpstreamFailure(
            UpstreamFailure.Kind.TIMEOUT,
            "no complete response within " + timeout.toMillis() + " ms",
            head != null));
  }

  private void fail(UpstreamFailure failure) {
    if (done) {
      return;
    }
    done = true;
    cleanUp();
    call.cancel();
    callback.onFailure(failure);
  }

  private void cleanUp() {
    if (timer != null) {
      timer.cancel(false);
    }
    if (body != null) {
      body.release();
      body = null;
    }
  }
}
