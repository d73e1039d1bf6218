package io.llmharness.emulator.internal.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmharness.emulator.internal.engine.EngineRequest;
import io.llmharness.emulator.internal.fault.FaultPlan;
import io.llmharness.emulator.internal.tokenizer.Vocabulary;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.concurrent.ScheduledFuture;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * One HTTP/1.1 connection: routes requests to vLLM's endpoints, one at a time (pipelined requests
 * wait), closes after 5 s idle between requests, never dies on bad input.
 */
final class ConnectionHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

  private static final String JSON = "application/json";
  private static final Map<String, Set<HttpMethod>> ROUTES =
      Map.ofEntries(
          Map.entry("/health", Set.of(HttpMethod.GET)),
          Map.entry("/ping", Set.of(HttpMethod.GET, HttpMethod.POST)),
          Map.entry("/version", Set.of(HttpMethod.GET)),
          Map.entry("/v1/models", Set.of(HttpMethod.GET)),
          Map.entry("/metrics", Set.of(HttpMethod.GET)),
          Map.entry("/tokenize", Set.of(HttpMethod.POST)),
          Map.entry("/detokenize", Set.of(HttpMethod.POST)),
          Map.entry("/v1/completions", Set.of(HttpMethod.POST)),
          Map.entry("/v1/chat/completions", Set.of(HttpMethod.POST)),
          Map.entry("/reset_prefix_cache", Set.of(HttpMethod.POST)),
          Map.entry("/emulator/emission", Set.of(HttpMethod.GET)),
          Map.entry("/emulator/emission/reset", Set.of(HttpMethod.POST)));

  private final ServerContext server;
  private final RequestParser parser;
  private final EmissionStats stats;
  private final TokenText tokenText;
  private final ArrayDeque<FullHttpRequest> pipelined = new ArrayDeque<>();
  private ChannelHandlerContext ctx;
  private Object inFlight;
  private ScheduledFuture<?> idleClose;
  private boolean keepAlive = true;

  ConnectionHandler(ServerContext server, EmissionStats stats, TokenText tokenText) {
    super(false);
    this.server = server;
    this.parser = new RequestParser(server);
    this.stats = stats;
    this.tokenText = tokenText;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) throws Exception {
    armIdleClose();
    super.channelActive(ctx);
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
    if (inFlight != null) {
      pipelined.add(request);
      return;
    }
    try {
      handle(request);
    } finally {
      request.release();
    }
  }

  private void handle(FullHttpRequest request) {
    long arrival = System.nanoTime();
    cancelIdleClose();
    inFlight = request;
    if (!request.decoderResult().isSuccess()) {
      keepAlive = false;
      sendError(
          ApiError.validation(
              "Invalid HTTP request: " + String.valueOf(request.decoderResult().cause())),
          null);
      return;
    }
    keepAlive = HttpUtil.isKeepAlive(request);
    String uri = request.uri();
    int q = uri.indexOf('?');
    String path = q < 0 ? uri : uri.substring(0, q);
    if (path.length() > 1 && path.endsWith("/") && path.equals("/metrics/")) {
      path = "/metrics";
    }
    Set<HttpMethod> methods = ROUTES.get(path);
    if (methods == null || (path.equals("/reset_prefix_cache") && !server.devMode())) {
      sendBytes(HttpResponseStatus.NOT_FOUND, JSON, ResponseBodies.detail("Not Found"), null);
      return;
    }
    if (!methods.contains(request.method())) {
      FullHttpResponse r =
          response(
              HttpResponseStatus.METHOD_NOT_ALLOWED,
              JSON,
              ResponseBodies.detail("Method Not Allowed"));
      r.headers()
          .set(
              HttpHeaderNames.ALLOW,
              String.join(", ", methods.stream().map(HttpMethod::name).sorted().toList()));
      write(r);
      return;
    }
    if (path.startsWith("/v1/") && server.apiKey().isPresent()) {
      String auth = request.headers().get(HttpHeaderNames.AUTHORIZATION);
      if (!("Bearer " + server.apiKey().get()).equals(auth)) {
        sendBytes(
            HttpResponseStatus.UNAUTHORIZED,
            JSON,
            "{\"error\":\"Unauthorized\"}".getBytes(StandardCharsets.UTF_8),
            null);
        return;
      }
    }
    try {
      switch (path) {
        case "/health", "/ping" -> sendBytes(HttpResponseStatus.OK, null, new byte[0], null);
        case "/version" -> sendJson(ResponseBodies.version(server), null);
        case "/v1/models" -> sendJson(ResponseBodies.models(server), null);
        case "/metrics" ->
            sendBytes(
                HttpResponseStatus.OK,
                "text/plain; version=0.0.4; charset=utf-8",
                server.metrics().render().getBytes(StandardCharsets.UTF_8),
                null);
        case "/tokenize" -> tokenize(request);
        case "/detokenize" -> detokenize(request);
        case "/v1/completions" -> complete(request, false, arrival);
        case "/v1/chat/completions" -> complete(request, true, arrival);
        case "/reset_prefix_cache" -> resetPrefixCache();
        case "/emulator/emission" -> sendJson(EmissionReport.json(stats.snapshot()), null);
        case "/emulator/emission/reset" -> {
          stats.reset();
          sendBytes(HttpResponseStatus.OK, null, new byte[0], null);
        }
        default ->
            sendBytes(HttpResponseStatus.NOT_FOUND, JSON, ResponseBodies.detail("Not Found"), null);
      }
    } catch (ApiError e) {
      sendError(e, null);
    } catch (RuntimeException e) {
      System.err.println("ERROR unexpected failure serving " + path + ": " + e);
      e.printStackTrace();
      sendError(
          new ApiError(
              HttpResponseStatus.INTERNAL_SERVER_ERROR,
              "Internal Server Error",
              String.valueOf(e.getMessage()),
              null),
          null);
    }
  }

  private JsonNode body(FullHttpRequest request) {
    return RequestParser.parseBody(
        request.headers().get(HttpHeaderNames.CONTENT_TYPE),
        ByteBufUtil.getBytes(request.content()));
  }

  private void complete(FullHttpRequest request, boolean chat, long arrival) {
    JsonNode body = body(request);
    CompletionRequest cr = parser.completion(body, chat, request.headers().get("X-Request-Id"));
    FaultPlan plan = server.faults().accept();
    if (plan.error500()) {
      sendError(ApiError.internal(), null);
      return;
    }
    CompletionExchange exchange =
        new CompletionExchange(
            ctx.channel(),
            ctx.pipeline().context(HttpServerCodec.class),
            this,
            server,
            cr,
            plan,
            stats,
            tokenText);
    EngineRequest er =
        new EngineRequest(
            cr.internalId(),
            cr.prompt(),
            cr.maxTokens(),
            cr.minTokens(),
            cr.ignoreEos(),
            chat ? Vocabulary.IM_END : Vocabulary.ENDOFTEXT,
            cr.seed(),
            cr.remoteDecode(),
            cr.remotePrefill(),
            cr.cacheSalt(),
            exchange,
            arrival);
    exchange.attach(er);
    inFlight = exchange;
    if (cr.stream()) {
      HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
      head.headers()
          .set(HttpHeaderNames.CONTENT_TYPE, "text/event-stream; charset=utf-8")
          .set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
      requestIdHeader(head, cr);
      ctx.writeAndFlush(head, ctx.voidPromise());
    }
    server.engine().submit(er);
  }

  private void requestIdHeader(HttpResponse response, CompletionRequest cr) {
    if (server.requestIdHeaders()) {
      response.headers().set("X-Request-Id", cr.requestIdHeader());
    }
  }

  private void tokenize(FullHttpRequest request) {
    JsonNode body = body(request);
    parser.resolveModel(RequestParser.optString(body, "model"));
    Boolean strs = RequestParser.optBool(body, "return_token_strs");
    int[] tokens;
    if (body.has("messages")) {
      tokens = parser.chatPrompt(body);
    } else {
      String prompt = RequestParser.optString(body, "prompt");
      if (prompt == null) {
        throw ApiError.validation(
            PyRepr.validationError(
                "missing",
                "('body', 'prompt')",
                "Field required",
                RequestParser.pyInput(body),
                null));
      }
      tokens = server.tokenizer().encode(prompt);
    }
    sendJson(ResponseBodies.tokenize(server, tokens, strs != null && strs), null);
  }

  private void detokenize(FullHttpRequest request) {
    JsonNode body = body(request);
    parser.resolveModel(RequestParser.optString(body, "model"));
    JsonNode tokens = body.get("tokens");
    if (tokens == null || !tokens.isArray()) {
      throw RequestParser.typeError("tokens", "list_type", "Input should be a valid list", tokens);
    }
    int[] ids = new int[tokens.size()];
    for (int i = 0; i < ids.length; i++) {
      JsonNode t = tokens.get(i);
      if (!t.isIntegralNumber()) {
        throw RequestParser.typeError("tokens", "int_type", "Input should be a valid integer", t);
      }
      if (!Vocabulary.inVocabulary(t.asLong())) {
        throw ApiError.badRequest("Token id " + t.asLong() + " is out of vocabulary", "tokens");
      }
      ids[i] = t.asInt();
    }
    sendJson(ResponseBodies.detokenize(server.tokenizer().decode(ids)), null);
  }

  private void resetPrefixCache() {
    Object pending = new Object();
    inFlight = pending;
    server
        .engine()
        .resetPrefixCache()
        .thenRun(
            () ->
                ctx.executor()
                    .execute(() -> sendBytes(HttpResponseStatus.OK, null, new byte[0], pending)));
  }

  // ---------------------------------------------------------------- responses

  void sendJson(byte[] body, Object exchange) {
    sendBytes(HttpResponseStatus.OK, JSON, body, exchange);
  }

  void sendError(ApiError e, Object exchange) {
    byte[] body = Json.errorEnvelope(e.getMessage(), e.type, e.param, e.status.code());
    sendBytes(e.status, JSON, body, exchange);
  }

  private void sendBytes(HttpResponseStatus status, String type, byte[] body, Object exchange) {
    FullHttpResponse r = response(status, type, body);
    if (exchange instanceof CompletionExchange ce && server.requestIdHeaders()) {
      r.headers().set("X-Request-Id", ce.requestIdHeader());
    }
    write(r);
  }

  private static FullHttpResponse response(HttpResponseStatus status, String type, byte[] body) {
    FullHttpResponse r =
        new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(body));
    if (type != null) {
      r.headers().set(HttpHeaderNames.CONTENT_TYPE, type);
    }
    r.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
    return r;
  }

  private void write(FullHttpResponse r) {
    Object exchange = inFlight;
    if (!keepAlive) {
      r.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    }
    ctx.writeAndFlush(r).addListener(f -> exchangeDone(exchange));
  }

  /** The current exchange finished writing: keep the connection or close it. */
  void exchangeDone(Object exchange) {
    if (inFlight != exchange) {
      return;
    }
    inFlight = null;
    if (!keepAlive) {
      ctx.close();
      return;
    }
    FullHttpRequest next = pipelined.poll();
    if (next != null) {
      try {
        handle(next);
      } finally {
        next.release();
      }
    } else {
      armIdleClose();
    }
  }

  /** Closes the connection if no request arrives within the keep-alive timeout. */
  private void armIdleClose() {
    cancelIdleClose();
    idleClose =
        ctx.executor()
            .schedule(
                () -> {
                  if (inFlight == null) {
                    ctx.close();
                  }
                },
                HttpServer.KEEP_ALIVE_SECONDS,
                TimeUnit.SECONDS);
  }

  private void cancelIdleClose() {
    if (idleClose != null) {
      idleClose.cancel(false);
      idleClose = null;
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    cancelIdleClose();
    if (inFlight instanceof CompletionExchange exchange) {
      exchange.cancel();
    }
    for (FullHttpRequest r : pipelined) {
      r.release();
    }
    pipelined.clear();
    super.channelInactive(ctx);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    // Connection resets and the like: the client is gone; nothing to answer.
    ctx.close().addListener(ChannelFutureListener.CLOSE);
  }
}
