package io.llmharness.proxy.internal.server;

import io.llmharness.proxy.internal.http.Exchange;
import io.llmharness.proxy.internal.http.ExchangeOwner;
import io.llmharness.proxy.internal.http.Responses;
import io.llmharness.proxy.internal.metrics.ErrorCause;
import io.llmharness.proxy.internal.pd.PdExchange;
import io.llmharness.proxy.internal.pd.Route;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayDeque;

/**
 * One client connection: routes each request to an exchange, one at a time (pipelined requests wait
 * their turn), and closes the connection when it has been idle for the keep-alive timeout.
 */
final class InboundHandler extends ChannelInboundHandlerAdapter implements ExchangeOwner {

  private static final String PROMETHEUS = "text/plain; version=0.0.4; charset=utf-8";

  private record Pending(Object request, long arrival) {}

  private final ProxyRuntime runtime;
  private final ArrivalStamp stamp;
  private final ArrayDeque<Pending> waiting = new ArrayDeque<>(2);
  private ChannelHandlerContext ctx;
  private Exchange current;
  private boolean closed;

  InboundHandler(ProxyRuntime runtime, ArrivalStamp stamp) {
    this.runtime = runtime;
    this.stamp = stamp;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (!(msg instanceof FullHttpRequest) && !(msg instanceof OversizedRequest)) {
      ReferenceCountUtil.release(msg);
      return;
    }
    long arrival = stamp.last();
    if (current != null || !waiting.isEmpty()) {
      waiting.add(new Pending(msg, arrival));
      return;
    }
    dispatch(msg, arrival);
  }

  private void dispatch(Object msg, long arrival) {
    if (msg instanceof OversizedRequest o) {
      current = new Fixed(tooLarge(o), o.keepAlive());
      runtime.metrics.error(ErrorCause.BODY_TOO_LARGE);
      current.start();
      return;
    }
    FullHttpRequest request = (FullHttpRequest) msg;
    if (request.decoderResult().isFailure()) {
      request.release();
      current =
          new Fixed(
              Responses.error(
                  HttpResponseStatus.BAD_REQUEST,
                  "Invalid HTTP request: " + request.decoderResult().cause()),
              false);
      runtime.metrics.error(ErrorCause.BAD_REQUEST);
      current.start();
      return;
    }
    String uri = request.uri();
    int q = uri.indexOf('?');
    String path = q < 0 ? uri : uri.substring(0, q);
    HttpMethod method = request.method();
    Route route = Route.of(path);
    if (route != null && method.equals(HttpMethod.POST)) {
      current =
          new PdExchange(
              runtime.pd,
              ctx,
              runtime.client(ctx.channel().eventLoop()),
              request,
              route,
              arrival,
              runtime.nextPrefill(),
              runtime.nextDecode(),
              this);
    } else if (path.equals("/metrics") && method.equals(HttpMethod.GET)) {
      runtime.metrics.request("metrics");
      boolean keepAlive = HttpUtil.isKeepAlive(request);
      request.release();
      current =
          new Fixed(
              Responses.text(HttpResponseStatus.OK, PROMETHEUS, runtime.metrics.render()),
              keepAlive);
    } else if (path.equals("/healthcheck") && method.equals(HttpMethod.GET)) {
      runtime.metrics.request("healthcheck");
      boolean keepAlive = HttpUtil.isKeepAlive(request);
      request.release();
      String body =
          "{\"status\":\"ok\",\"prefill_instances\":"
              + runtime.prefills.size()
              + ",\"decode_instances\":"
              + runtime.decodes.size()
              + "}";
      current = new Fixed(Responses.text(HttpResponseStatus.OK, Responses.JSON, body), keepAlive);
    } else if (path.equals("/health") && method.equals(HttpMethod.GET)) {
      runtime.metrics.request("health");
      current = FanOutExchange.health(runtime, ctx, request, this);
    } else if (path.equals("/reset_prefix_cache") && method.equals(HttpMethod.POST)) {
      runtime.metrics.request("reset_prefix_cache");
      current = FanOutExchange.resetPrefixCache(runtime, ctx, request, this);
    } else {
      runtime.metrics.request("passthrough");
      current =
          new PassthroughExchange(
              runtime, ctx, runtime.client(ctx.channel().eventLoop()), request, this);
    }
    current.start();
  }

  private FullHttpResponse tooLarge(OversizedRequest o) {
    long limit = runtime.config.maxBodyBytes();
    String size = o.declaredLength() >= 0 ? o.declaredLength() + " bytes" : "more than " + limit;
    return Responses.error(
        HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE,
        "The request body of "
            + size
            + " exceeds the proxy's limit of "
            + limit
            + " bytes; send a smaller body or raise --max-body-size.");
  }

  @Override
  public void exchangeDone(boolean reusable) {
    current = null;
    if (closed) {
      return;
    }
    if (!reusable) {
      ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
      return;
    }
    Pending next = waiting.poll();
    if (next != null) {
      dispatch(next.request(), next.arrival());
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    closed = true;
    Exchange e = current;
    current = null;
    if (e != null) {
      e.clientClosed();
    }
    Pending p;
    while ((p = waiting.poll()) != null) {
      ReferenceCountUtil.release(p.request());
    }
    ctx.fireChannelInactive();
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    if (current != null) {
      current.writabilityChanged(ctx.channel().isWritable());
    }
    ctx.fireChannelWritabilityChanged();
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
    if (evt instanceof IdleStateEvent && current == null && waiting.isEmpty()) {
      ctx.close();
      return;
    }
    ctx.fireUserEventTriggered(evt);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    ctx.close();
  }

  /** A response the proxy has ready at once. */
  private final class Fixed implements Exchange {
    private final FullHttpResponse response;
    private final boolean keepAlive;

    Fixed(FullHttpResponse response, boolean keepAlive) {
      this.response = response;
      this.keepAlive = keepAlive;
    }

    @Override
    public void start() {
      HttpUtil.setKeepAlive(response, keepAlive);
      ctx.writeAndFlush(response);
      exchangeDone(keepAlive);
    }

    @Override
    public void clientClosed() {
      // written at once in start()
    }
  }
}
