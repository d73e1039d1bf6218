package io.llmharness.proxy.internal.server;

import io.llmharness.proxy.ProxyHeaders;
import io.llmharness.proxy.internal.http.Exchange;
import io.llmharness.proxy.internal.http.ExchangeOwner;
import io.llmharness.proxy.internal.http.Headers;
import io.llmharness.proxy.internal.http.Responses;
import io.llmharness.proxy.internal.metrics.ErrorCause;
import io.llmharness.proxy.internal.upstream.BufferedFetch;
import io.llmharness.proxy.internal.upstream.BufferedResponse;
import io.llmharness.proxy.internal.upstream.Upstream;
import io.llmharness.proxy.internal.upstream.UpstreamClient;
import io.llmharness.proxy.internal.upstream.UpstreamFailure;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;

/**
 * Any other request ({@code /v1/models}, {@code /tokenize}, {@code /version}, …) goes to the next
 * decode server unchanged, and its answer comes back whole.
 */
final class PassthroughExchange implements Exchange {

  private final ProxyRuntime runtime;
  private final ChannelHandlerContext ctx;
  private final UpstreamClient client;
  private final FullHttpRequest request;
  private final ExchangeOwner owner;
  private final boolean keepAlive;
  private final Upstream decode;
  private BufferedFetch fetch;
  private boolean done;

  PassthroughExchange(
      ProxyRuntime runtime,
      ChannelHandlerContext ctx,
      UpstreamClient client,
      FullHttpRequest request,
      ExchangeOwner owner) {
    this.runtime = runtime;
    this.ctx = ctx;
    this.client = client;
    this.request = request;
    this.owner = owner;
    this.keepAlive = HttpUtil.isKeepAlive(request);
    this.decode = runtime.nextDecode();
  }

  @Override
  public void start() {
    FullHttpRequest up =
        new DefaultFullHttpRequest(
            HttpVersion.HTTP_1_1,
            request.method(),
            decode.target(request.uri()),
            request.content().retain());
    up.headers().set(Headers.forPassthrough(request.headers()));
    up.headers().set(HttpHeaderNames.HOST, decode.hostHeader());
    if (request.content().isReadable()
        || request.headers().contains(HttpHeaderNames.CONTENT_LENGTH)) {
      up.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, request.content().readableBytes());
    }
    request.release();
    fetch =
        BufferedFetch.start(
            client,
            decode,
            up,
            (int) runtime.config.maxResponseBytes(),
            runtime.config.decodeTimeout(),
            new BufferedFetch.Callback() {
              @Override
              public void onResponse(BufferedResponse r) {
                FullHttpResponse out = Responses.body(r.head().status(), null, r.body());
                Headers.copyResponseHeaders(r.head().headers(), out.headers());
                out.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, r.body().readableBytes());
                finish(out, null);
              }

              @Override
              public void onFailure(UpstreamFailure failure) {
                boolean timeout = failure.kind() == UpstreamFailure.Kind.TIMEOUT;
                boolean connect = failure.kind() == UpstreamFailure.Kind.CONNECT;
                FullHttpResponse out =
                    Responses.error(
                        timeout
                            ? HttpResponseStatus.GATEWAY_TIMEOUT
                            : HttpResponseStatus.BAD_GATEWAY,
                        "The "
                            + decode
                            + (connect ? " is unreachable: " : " failed: ")
                            + failure.detail()
                            + ".");
                out.headers().set(ProxyHeaders.ERROR_SIDE, "decode");
                finish(
                    out,
                    timeout
                        ? ErrorCause.DECODE_TIMEOUT
                        : connect ? ErrorCause.DECODE_UNREACHABLE : ErrorCause.DECODE_BROKEN);
              }
            });
  }

  private void finish(FullHttpResponse out, ErrorCause cause) {
    fetch = null;
    if (done) {
      out.release();
      return;
    }
    done = true;
    if (cause != null) {
      runtime.metrics.error(cause);
    }
    HttpUtil.setKeepAlive(out, keepAlive);
    ctx.writeAndFlush(out);
    owner.exchangeDone(keepAlive);
  }

  @Override
  public void clientClosed() {
    done = true;
    if (fetch != null) {
      fetch.cancel();
      fetch = null;
    }
  }
}
