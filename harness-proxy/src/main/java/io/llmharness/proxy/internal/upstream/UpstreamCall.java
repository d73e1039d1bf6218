package io.llmharness.proxy.internal.upstream;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpResponse;

/**
 * One request to an upstream server on a pooled connection. A reused keep-alive connection that the
 * server closed just before the request arrived fails before any response byte; that case, and only
 * that one, is retried once on a new connection. {@link #cancel()} closes the connection, which is
 * how vLLM learns that the client went away (it aborts the request).
 */
public final class UpstreamCall implements ResponseListener {

  private final ConnectionPool pool;
  private final ResponseListener target;
  private FullHttpRequest request;
  private UpstreamConnection connection;
  private boolean retried;
  private boolean cancelled;
  private boolean headSeen;

  UpstreamCall(ConnectionPool pool, FullHttpRequest request, ResponseListener target) {
    this.pool = pool;
    this.request = request;
    this.target = target;
  }

  void start() {
    pool.acquire(false, this::onAcquired);
  }

  /** The server this call goes to. */
  public Upstream upstream() {
    return pool.upstream();
  }

  /** Stops the exchange: no more callbacks, and the connection is closed, never reused. */
  public void cancel() {
    if (cancelled) {
      return;
    }
    cancelled = true;
    releaseRequest();
    if (connection != null) {
      connection.abort();
    }
  }

  /** Stops or resumes reading the response (back-pressure from a slow client). */
  public void pauseReading(boolean paused) {
    if (connection != null && !cancelled) {
      connection.autoRead(!paused);
    }
  }

  private void onAcquired(UpstreamConnection c, Throwable error) {
    if (cancelled) {
      if (c != null) {
        c.abort();
      }
      return;
    }
    if (error != null) {
      releaseRequest();
      target.onFailure(
          new UpstreamFailure(UpstreamFailure.Kind.CONNECT, String.valueOf(error), false));
      return;
    }
    connection = c;
    c.send(request.retainedDuplicate(), this);
  }

  @Override
  public void onHead(HttpResponse head, long nanos) {
    headSeen = true;
    releaseRequest();
    target.onHead(head, nanos);
  }

  @Override
  public void onContent(ByteBuf content, long nanos) {
    target.onContent(content, nanos);
  }

  @Override
  public void onReadComplete() {
    target.onReadComplete();
  }

  @Override
  public void onEnd(long nanos) {
    connection = null;
    releaseRequest();
    target.onEnd(nanos);
  }

  @Override
  public void onFailure(UpstreamFailure failure) {
    boolean stale =
        !headSeen
            && !retried
            && connection != null
            && connection.reused
            && failure.kind() == UpstreamFailure.Kind.CLOSED;
    connection = null;
    if (stale && request != null) {
      retried = true;
      pool.acquire(true, this::onAcquired);
      return;
    }
    releaseRequest();
    target.onFailure(failure);
  }

  private void releaseRequest() {
    if (request != null) {
      request.release();
      request = null;
    }
  }
}
