package io.llmharness.proxy.internal.server;

import io.llmharness.proxy.internal.http.Exchange;
import io.llmharness.proxy.internal.http.ExchangeOwner;
import io.llmharness.proxy.internal.http.Json;
import io.llmharness.proxy.internal.http.Responses;
import io.llmharness.proxy.internal.upstream.BufferedFetch;
import io.llmharness.proxy.internal.upstream.BufferedResponse;
import io.llmharness.proxy.internal.upstream.Upstream;
import io.llmharness.proxy.internal.upstream.UpstreamClient;
import io.llmharness.proxy.internal.upstream.UpstreamFailure;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The same request to every prefill and decode server at once: {@code GET /health} (200 only when
 * all answer 200, else 503) and {@code POST /reset_prefix_cache} (200 when all succeed, else 502).
 * The body lists each server's answer: {@code {"status":…,"servers":[{"role","url","status",
 * "error"}]}}.
 */
final class FanOutExchange implements Exchange {

  private static final Duration HEALTH_TIMEOUT = Duration.ofSeconds(5);

  private record Answer(Upstream upstream, int status, String error) {}

  private final ProxyRuntime runtime;
  private final ChannelHandlerContext ctx;
  private final ExchangeOwner owner;
  private final HttpMethod method;
  private final String path;
  private final String authorization;
  private final boolean keepAlive;
  private final HttpResponseStatus failure;
  private final String okWord;
  private final String failWord;
  private final Duration timeout;
  private final List<Upstream> targets;
  private final Answer[] answers;
  private final List<BufferedFetch> fetches = new ArrayList<>();
  private int pending;
  private boolean done;

  private FanOutExchange(
      ProxyRuntime runtime,
      ChannelHandlerContext ctx,
      FullHttpRequest request,
      ExchangeOwner owner,
      HttpResponseStatus failure,
      String okWord,
      String failWord,
      Duration timeout) {
    this.runtime = runtime;
    this.ctx = ctx;
    this.owner = owner;
    this.method = request.method();
    this.path = request.uri();
    this.authorization = request.headers().get(HttpHeaderNames.AUTHORIZATION);
    this.keepAlive = HttpUtil.isKeepAlive(request);
    this.failure = failure;
    this.okWord = okWord;
    this.failWord = failWord;
    this.timeout = timeout;
    this.targets = runtime.all();
    this.answers = new Answer[targets.size()];
    request.release();
  }

  static FanOutExchange health(
      ProxyRuntime runtime, ChannelHandlerContext ctx, FullHttpRequest r, ExchangeOwner owner) {
    return new FanOutExchange(
        runtime,
        ctx,
        r,
        owner,
        HttpResponseStatus.SERVICE_UNAVAILABLE,
        "healthy",
        "unhealthy",
        HEALTH_TIMEOUT);
  }

  static FanOutExchange resetPrefixCache(
      ProxyRuntime runtime, ChannelHandlerContext ctx, FullHttpRequest r, ExchangeOwner owner) {
    return new FanOutExchange(
        runtime,
        ctx,
        r,
        owner,
        HttpResponseStatus.BAD_GATEWAY,
        "ok",
        "failed",
        runtime.config.decodeTimeout());
  }

  @Override
  public void start() {
    UpstreamClient client = runtime.client(ctx.channel().eventLoop());
    pending = targets.size();
    for (int i = 0; i < targets.size(); i++) {
      Upstream u = targets.get(i);
      int index = i;
      FullHttpRequest r =
          new DefaultFullHttpRequest(
              HttpVersion.HTTP_1_1, method, u.target(path), Unpooled.EMPTY_BUFFER);
      r.headers().set(HttpHeaderNames.HOST, u.hostHeader());
      if (method.equals(HttpMethod.POST)) {
        r.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, 0);
      }
      if (authorization != null) {
        r.headers().set(HttpHeaderNames.AUTHORIZATION, authorization);
      }
      fetches.add(
          BufferedFetch.start(
              client,
              u,
              r,
              1 << 20,
              timeout,
              new BufferedFetch.Callback() {
                @Override
                public void onResponse(BufferedResponse response) {
                  response.body().release();
                  answer(index, new Answer(u, response.status(), null));
                }

                @Override
                public void onFailure(UpstreamFailure f) {
                  answer(index, new Answer(u, 0, f.kind() + ": " + f.detail()));
                }
              }));
    }
  }

  private void answer(int index, Answer a) {
    answers[index] = a;
    if (--pending > 0 || done) {
      return;
    }
    done = true;
    boolean ok = true;
    StringBuilder sb = new StringBuilder("{\"status\":");
    StringBuilder servers = new StringBuilder();
    for (Answer x : answers) {
      ok &= x.status() == 200;
      servers.append(servers.length() == 0 ? "" : ",");
      servers
          .append("{\"role\":")
          .append(Json.quote(x.upstream().role()))
          .append(",\"url\":")
          .append(Json.quote(x.upstream().label()))
          .append(",\"status\":")
          .append(x.status() == 0 ? "null" : Integer.toString(x.status()))
          .append(",\"error\":")
          .append(x.error() == null ? "null" : Json.quote(x.error()))
          .append('}');
    }
    sb.append(Json.quote(ok ? okWord : failWord)).append(",\"servers\":[").append(servers);
    sb.append("]}");
    FullHttpResponse out =
        Responses.json(
            ok ? HttpResponseStatus.OK : failure, sb.toString().getBytes(StandardCharsets.UTF_8));
    HttpUtil.setKeepAlive(out, keepAlive);
    ctx.writeAndFlush(out);
    owner.exchangeDone(keepAlive);
  }

  @Override
  public void clientClosed() {
    done = true;
    fetches.forEach(BufferedFetch::cancel);
  }
}
