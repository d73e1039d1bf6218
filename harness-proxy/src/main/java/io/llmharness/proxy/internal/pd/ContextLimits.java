package io.llmharness.proxy.internal.pd;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmharness.proxy.internal.http.Json;
import io.llmharness.proxy.internal.upstream.BufferedFetch;
import io.llmharness.proxy.internal.upstream.BufferedResponse;
import io.llmharness.proxy.internal.upstream.Upstream;
import io.llmharness.proxy.internal.upstream.UpstreamClient;
import io.llmharness.proxy.internal.upstream.UpstreamFailure;
import io.netty.buffer.ByteBufInputStream;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Each decode server's {@code max_model_len}, read from its {@code GET /v1/models} once, on first
 * need. A failed read is retried by the next request; a decode server that refuses connections is
 * read again once it is back (it may have restarted with another length).
 */
public final class ContextLimits {

  /** The read could not reach the decode server. */
  public static final class Unreachable extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Unreachable(String message) {
      super(message, null, false, false);
    }
  }

  private final ConcurrentHashMap<Upstream, CompletableFuture<OptionalInt>> known =
      new ConcurrentHashMap<>();
  private final Duration timeout;

  public ContextLimits(Duration timeout) {
    this.timeout = timeout;
  }

  /**
   * The context length of {@code decode}: empty when its {@code /v1/models} has none; fails with
   * {@link Unreachable} when no connection could be made. Completes on some event loop.
   *
   * @param authorization the client's {@code Authorization} header, or null
   */
  public CompletableFuture<OptionalInt> maxModelLen(
      UpstreamClient client, Upstream decode, String authorization) {
    CompletableFuture<OptionalInt> f = known.get(decode);
    if (f != null && !f.isCompletedExceptionally()) {
      return f;
    }
    CompletableFuture<OptionalInt> mine = new CompletableFuture<>();
    boolean claimed =
        f == null ? known.putIfAbsent(decode, mine) == null : known.replace(decode, f, mine);
    if (!claimed) {
      // Another request started a read meanwhile: share it.
      return maxModelLen(client, decode, authorization);
    }
    FullHttpRequest get =
        new DefaultFullHttpRequest(
            HttpVersion.HTTP_1_1,
            HttpMethod.GET,
            decode.target("/v1/models"),
            Unpooled.EMPTY_BUFFER);
    get.headers().set(HttpHeaderNames.HOST, decode.hostHeader());
    if (authorization != null) {
      get.headers().set(HttpHeaderNames.AUTHORIZATION, authorization);
    }
    BufferedFetch.start(
        client,
        decode,
        get,
        16 << 20,
        timeout,
        new BufferedFetch.Callback() {
          @Override
          public void onResponse(BufferedResponse r) {
            try {
              if (r.status() != 200) {
                mine.completeExceptionally(
                    new IllegalStateException(
                        decode + " answered " + r.status() + " to GET /v1/models"));
                return;
              }
              mine.complete(parse(r));
            } finally {
              r.body().release();
            }
          }

          @Override
          public void onFailure(UpstreamFailure failure) {
            mine.completeExceptionally(
                failure.kind() == UpstreamFailure.Kind.CONNECT
                    ? new Unreachable(decode + " is unreachable: " + failure.detail())
                    : new IllegalStateException(
                        decode + " failed GET /v1/models: " + failure.detail()));
          }
        });
    return mine;
  }

  /** Forgets what is known of {@code decode} (it refused a connection, so it may restart). */
  public void forget(Upstream decode) {
    known.remove(decode);
  }

  private static OptionalInt parse(BufferedResponse r) {
    try (InputStream in = new ByteBufInputStream(r.body().duplicate())) {
      JsonNode len = Json.MAPPER.readTree(in).path("data").path(0).path("max_model_len");
      return len.isIntegralNumber() && len.canConvertToInt() && len.intValue() > 0
          ? OptionalInt.of(len.intValue())
          : OptionalInt.empty();
    } catch (IOException e) {
      return OptionalInt.empty();
    }
  }
}
