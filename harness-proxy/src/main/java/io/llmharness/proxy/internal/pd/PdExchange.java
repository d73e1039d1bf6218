package io.llmharness.proxy.internal.pd;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmharness.proxy.LengthCheck;
import io.llmharness.proxy.OnMissingKvParams;
import io.llmharness.proxy.ProxyHeaders;
import io.llmharness.proxy.internal.http.Exchange;
import io.llmharness.proxy.internal.http.ExchangeOwner;
import io.llmharness.proxy.internal.http.Headers;
import io.llmharness.proxy.internal.http.Json;
import io.llmharness.proxy.internal.http.Responses;
import io.llmharness.proxy.internal.metrics.ErrorCause;
import io.llmharness.proxy.internal.metrics.ProxyMetrics;
import io.llmharness.proxy.internal.metrics.ProxyMetrics.Phase;
import io.llmharness.proxy.internal.upstream.BufferedFetch;
import io.llmharness.proxy.internal.upstream.BufferedResponse;
import io.llmharness.proxy.internal.upstream.ResponseListener;
import io.llmharness.proxy.internal.upstream.Upstream;
import io.llmharness.proxy.internal.upstream.UpstreamCall;
import io.llmharness.proxy.internal.upstream.UpstreamClient;
import io.llmharness.proxy.internal.upstream.UpstreamFailure;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufInputStream;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * One {@code /v1/completions} or {@code /v1/chat/completions} request through the P/D protocol:
 * context-length check, prefill call, decode call, and the decode response passed through (SSE
 * event by event). Runs entirely on the client connection's event loop; see {@code
 * harness-proxy/README.md} for the protocol, the timings and the error mapping.
 */
public final class PdExchange implements Exchange, SseScanner.Sink {

  private enum State {
    CHECKING,
    PREFILLING,
    DECODING,
    STREAMING,
    BUFFERING,
    FINISHED
  }

  private static final String JSON_MEDIA_TYPE = "application/json";
  private static final String SSE = "text/event-stream";

  private final PdServices services;
  private final ChannelHandlerContext ctx;
  private final UpstreamClient client;
  private final FullHttpRequest request;
  private final Route route;
  private final long t0;
  private final Upstream prefill;
  private final Upstream decode;
  private final ExchangeOwner owner;
  private final boolean clientKeepAlive;
  private final SseScanner scanner = new SseScanner();

  private State state = State.CHECKING;
  private ObjectNode body;
  private boolean stream;
  private String requestId;
  private HttpHeaders forward;
  private long lengthCheckNanos = -1;
  private long t1;
  private long t2;
  private boolean prefilled;
  private boolean kvReady;
  private PrefillOutcome outcome;
  private boolean kvMissing;
  private boolean lengthRejected;
  private BufferedFetch fetch;
  private UpstreamCall decodeCall;
  private ScheduledFuture<?> timer;
  private long lastReadNanos;
  private long endNanos = -1;
  private long doneNanos = -1;
  private HttpResponse decodeHead;
  private CompositeByteBuf decodeBuffer;
  private int status;

  /**
   * @param t0 when the request's head arrived ({@link System#nanoTime()})
   */
  public PdExchange(
      PdServices services,
      ChannelHandlerContext ctx,
      UpstreamClient client,
      FullHttpRequest request,
      Route route,
      long t0,
      Upstream prefill,
      Upstream decode,
      ExchangeOwner owner) {
    this.services = services;
    this.ctx = ctx;
    this.client = client;
    this.request = request;
    this.route = route;
    this.t0 = t0;
    this.prefill = prefill;
    this.decode = decode;
    this.owner = owner;
    this.clientKeepAlive = HttpUtil.isKeepAlive(request);
  }

  // ---------------------------------------------------------------- request

  @Override
  public void start() {
    services.metrics().request(route.label());
    services.metrics().inFlight(1);
    String contentType = request.headers().get(HttpHeaderNames.CONTENT_TYPE, "");
    int semi = contentType.indexOf(';');
    String mediaType =
        (semi < 0 ? contentType : contentType.substring(0, semi)).strip().toLowerCase(Locale.ROOT);
    if (!mediaType.equals(JSON_MEDIA_TYPE)) {
      badRequest("[\"Unsupported Media Type: Only 'application/json' is allowed\"]");
      return;
    }
    JsonNode parsed;
    try (InputStream in = new ByteBufInputStream(request.content().duplicate())) {
      parsed = Json.MAPPER.readTree(in);
    } catch (IOException e) {
      String detail = String.valueOf(e.getMessage()).lines().findFirst().orElse("");
      badRequest("JSON decode error: " + detail);
      return;
    }
    if (!(parsed instanceof ObjectNode object)) {
      badRequest("The request body must be a JSON object.");
      return;
    }
    body = object;
    stream = body.path("stream").asBoolean(false);
    String id = request.headers().get(Headers.REQUEST_ID);
    requestId = id == null || id.isBlank() ? UUID.randomUUID().toString() : id;
    forward = Headers.forCompletionCalls(request.headers());
    checkLength();
  }

  private void badRequest(String message) {
    respond(Responses.error(HttpResponseStatus.BAD_REQUEST, message), ErrorCause.BAD_REQUEST);
  }

  // ---------------------------------------------------------------- length check

  private void checkLength() {
    LengthCheck mode = services.config().lengthCheck();
    Optional<LengthPlan> plan =
        mode == LengthCheck.OFF
            ? Optional.empty()
            : LengthPlan.of(route, body, request.content().readableBytes());
    if (plan.isEmpty()) {
      prefill();
      return;
    }
    long start = System.nanoTime();
    CompletableFuture<OptionalInt> limit =
        services
            .limits()
            .maxModelLen(client, decode, request.headers().get(HttpHeaderNames.AUTHORIZATION));
    onLoop(
        limit,
        (len, error) -> {
          if (state != State.CHECKING) {
            return;
          }
          if (error != null) {
            Throwable cause = error instanceof CompletionException ? error.getCause() : error;
            lengthCheckNanos = System.nanoTime() - start;
            if (cause instanceof ContextLimits.Unreachable) {
              decodeUnreachable(cause.getMessage());
            } else {
              services.log().println("WARNING context length unknown: " + cause.getMessage());
              prefill();
            }
            return;
          }
          if (len.isEmpty()) {
            lengthCheckNanos = System.nanoTime() - start;
            prefill();
            return;
          }
          int maxModelLen = len.getAsInt();
          if (plan.get().tooLongLocally(maxModelLen)) {
            lengthCheckNanos = System.nanoTime() - start;
            tooLong();
            return;
          }
          tokenize(plan.get(), plan.get().toTokenize(mode, maxModelLen), 0, maxModelLen, start);
        });
  }

  private void onLoop(
      CompletableFuture<OptionalInt> f, BiConsumer<OptionalInt, Throwable> callback) {
    if (f.isDone()) {
      f.handle(
          (v, e) -> {
            callback.accept(v, e);
            return null;
          });
    } else {
      f.whenComplete((v, e) -> ctx.executor().execute(() -> callback.accept(v, e)));
    }
  }

  private void tokenize(
      LengthPlan plan, List<LengthPlan.Text> texts, int index, int maxModelLen, long start) {
    if (index == texts.size()) {
      lengthCheckNanos = System.nanoTime() - start;
      prefill();
      return;
    }
    services.metrics().tokenizeCall();
    ByteBuf payload = BodyRewriter.serialize(texts.get(index).tokenizeRequest(), ctx.alloc());
    fetch =
        BufferedFetch.start(
            client,
            decode,
            post(decode, "/tokenize", payload, false),
            (int) Math.min(64 << 20, services.config().maxResponseBytes()),
            services.config().prefillTimeout(),
            new BufferedFetch.Callback() {
              @Override
              public void onResponse(BufferedResponse r) {
                fetch = null;
                OptionalInt count;
                try {
                  count = r.status() == 200 ? tokenCount(r.body()) : OptionalInt.empty();
                } finally {
                  r.body().release();
                }
                if (state != State.CHECKING) {
                  return;
                }
                if (count.isEmpty()) {
                  lengthCheckNanos = System.nanoTime() - start;
                  prefill();
                } else if (!plan.fits(count.getAsInt(), maxModelLen)) {
                  lengthCheckNanos = System.nanoTime() - start;
                  tooLong();
                } else {
                  tokenize(plan, texts, index + 1, maxModelLen, start);
                }
              }

              @Override
              public void onFailure(UpstreamFailure failure) {
                fetch = null;
                if (state != State.CHECKING) {
                  return;
                }
                lengthCheckNanos = System.nanoTime() - start;
                if (failure.kind() == UpstreamFailure.Kind.CONNECT) {
                  decodeUnreachable(decode + " is unreachable: " + failure.detail());
                } else {
                  prefill();
                }
              }
            });
  }

  private static OptionalInt tokenCount(ByteBuf body) {
    try (InputStream in = new ByteBufInputStream(body.duplicate())) {
      JsonNode count = Json.MAPPER.readTree(in).path("count");
      return count.isIntegralNumber() ? OptionalInt.of(count.intValue()) : OptionalInt.empty();
    } catch (IOException e) {
      return OptionalInt.empty();
    }
  }

  /** The prompt does not fit: the decode server answers the unchanged request with its own 400. */
  private void tooLong() {
    lengthRejected = true;
    t2 = System.nanoTime();
    sendDecode(request.content().retainedDuplicate());
  }

  // ---------------------------------------------------------------- prefill

  private void prefill() {
    state = State.PREFILLING;
    ByteBuf payload = BodyRewriter.serialize(BodyRewriter.prefillBody(body), ctx.alloc());
    int limit = (int) services.config().maxResponseBytes();
    fetch =
        BufferedFetch.start(
            client,
            prefill,
            post(prefill, route.path(), payload, true),
            limit,
            services.config().prefillTimeout(),
            new BufferedFetch.Callback() {
              @Override
              public void onResponse(BufferedResponse r) {
                fetch = null;
                try {
                  onPrefillResponse(r);
                } finally {
                  r.body().release();
                }
              }

              @Override
              public void onFailure(UpstreamFailure failure) {
                fetch = null;
                onPrefillFailure(failure);
              }
            });
  }

  private void onPrefillResponse(BufferedResponse r) {
    if (state != State.PREFILLING) {
      return;
    }
    t1 = r.endNanos();
    prefilled = true;
    if (r.status() != 200) {
      FullHttpResponse out = relay(r.head(), r.body().retain());
      out.headers().set(ProxyHeaders.ERROR_SIDE, "prefill");
      respond(out, ErrorCause.PREFILL_ERROR_STATUS);
      return;
    }
    try {
      outcome = PrefillOutcome.parse(r.body());
    } catch (IOException e) {
      fail(
          ErrorCause.PREFILL_BROKEN,
          HttpResponseStatus.BAD_GATEWAY,
          "prefill",
          "The " + prefill + " answered 200 with a body that is not a JSON object (" + e + ").");
      return;
    }
    ByteBuf decodeBody;
    if (outcome.kvParams().isEmpty()) {
      services.metrics().kvParamsMissing();
      if (services.config().onMissingKvParams() == OnMissingKvParams.FAIL) {
        fail(
            ErrorCause.MISSING_KV_PARAMS,
            HttpResponseStatus.BAD_GATEWAY,
            "prefill",
            "The "
                + prefill
                + " answered without kv_transfer_params (finish_reason "
                + outcome.finishReason().orElse("unknown")
                + "), so no KV cache would move; start it with a NixlConnector"
                + " --kv-transfer-config, or run the proxy with --on-missing-kv-params recompute"
                + " to let the decode server prefill the prompt itself.");
        return;
      }
      kvMissing = true;
      decodeBody = request.content().retainedDuplicate();
    } else {
      decodeBody =
          BodyRewriter.decodeBody(request.content(), body, outcome.kvParams().get(), ctx.alloc());
    }
    t2 = System.nanoTime();
    kvReady = true;
    sendDecode(decodeBody);
  }

  /**
   * The prefill time: from the request's arrival to P's full answer, minus the context-length check
   * in between (reported apart), so it means what the seed's {@code proxy_prefill_time} meant
   * whether or not the check called the decode server.
   */
  private long prefillNanos() {
    return t1 - t0 - Math.max(0, lengthCheckNanos);
  }

  private void onPrefillFailure(UpstreamFailure failure) {
    if (state != State.PREFILLING) {
      return;
    }
    switch (failure.kind()) {
      case CONNECT ->
          fail(
              ErrorCause.PREFILL_UNREACHABLE,
              HttpResponseStatus.BAD_GATEWAY,
              "prefill",
              "The " + prefill + " is unreachable (" + failure.detail() + ").");
      case TIMEOUT ->
          fail(
              ErrorCause.PREFILL_TIMEOUT,
              HttpResponseStatus.GATEWAY_TIMEOUT,
              "prefill",
              "The "
                  + prefill
                  + " did not answer within "
                  + seconds(services.config().prefillTimeout())
                  + " (--prefill-timeout).");
      case TOO_LARGE ->
          fail(
              ErrorCause.PREFILL_BROKEN,
              HttpResponseStatus.BAD_GATEWAY,
              "prefill",
              tooLarge(prefill));
      default ->
          fail(
              ErrorCause.PREFILL_BROKEN,
              HttpResponseStatus.BAD_GATEWAY,
              "prefill",
              "The " + prefill + " failed: " + failure.detail() + ".");
    }
  }

  private String tooLarge(Upstream server) {
    return "The "
        + server
        + " sent a response larger than "
        + services.config().maxResponseBytes()
        + " bytes; raise --max-response-size.";
  }

  // ---------------------------------------------------------------- decode

  private void sendDecode(ByteBuf payload) {
    state = State.DECODING;
    arm(services.config().decodeTimeout(), this::onDecodeHeadTimeout);
    decodeCall = client.send(decode, post(decode, route.path(), payload, true), new Decode());
  }

  private void onDecodeHeadTimeout() {
    if (state != State.DECODING) {
      return;
    }
    decodeCall.cancel();
    fail(
        ErrorCause.DECODE_TIMEOUT,
        HttpResponseStatus.GATEWAY_TIMEOUT,
        "decode",
        "The "
            + decode
            + " did not answer within "
            + seconds(services.config().decodeTimeout())
            + " (--decode-timeout).");
  }

  private void decodeUnreachable(String detail) {
    services.limits().forget(decode);
    fail(
        ErrorCause.DECODE_UNREACHABLE,
        HttpResponseStatus.BAD_GATEWAY,
        "decode",
        "The " + decode + " is unreachable (" + detail + ").");
  }

  /** The decode server's response. */
  private final class Decode implements ResponseListener {
    @Override
    public void onHead(HttpResponse head, long nanos) {
      if (state != State.DECODING) {
        return;
      }
      disarm();
      if (stream && head.status().code() == 200) {
        if (lengthRejected) {
          warnLengthDisagreement();
        }
        state = State.STREAMING;
        HttpResponse out = new DefaultHttpResponse(HttpVersion.HTTP_1_1, head.status());
        Headers.copyResponseHeaders(head.headers(), out.headers());
        String ct = out.headers().get(HttpHeaderNames.CONTENT_TYPE);
        if (ct == null || !ct.toLowerCase(Locale.ROOT).startsWith(SSE)) {
          out.headers().set(HttpHeaderNames.CONTENT_TYPE, SSE + "; charset=utf-8");
        }
        HttpUtil.setTransferEncodingChunked(out, true);
        addHeaders(out.headers());
        HttpUtil.setKeepAlive(out, clientKeepAlive);
        status = 200;
        ctx.write(out);
        lastReadNanos = nanos;
        armReadTimeout(services.config().decodeReadTimeout().toNanos());
      } else {
        state = State.BUFFERING;
        decodeHead = head;
        decodeBuffer = ctx.alloc().compositeBuffer(64);
      }
    }

    @Override
    public void onContent(ByteBuf content, long nanos) {
      if (state == State.STREAMING) {
        lastReadNanos = nanos;
        scanner.accept(content, nanos, PdExchange.this);
      } else if (state == State.BUFFERING) {
        if (decodeBuffer.readableBytes() + (long) content.readableBytes()
            > services.config().maxResponseBytes()) {
          decodeCall.cancel();
          fail(
              ErrorCause.DECODE_BROKEN, HttpResponseStatus.BAD_GATEWAY, "decode", tooLarge(decode));
          return;
        }
        decodeBuffer.addComponent(true, content.retain());
      }
    }

    @Override
    public void onReadComplete() {
      if (state == State.STREAMING) {
        ctx.flush();
      }
    }

    @Override
    public void onEnd(long nanos) {
      endNanos = nanos;
      if (state == State.STREAMING) {
        scanner.end(PdExchange.this);
        ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
        finish(null, clientKeepAlive);
      } else if (state == State.BUFFERING) {
        ByteBuf b = decodeBuffer;
        decodeBuffer = null;
        FullHttpResponse out = relay(decodeHead, b);
        out.headers().set(ProxyHeaders.DECODE_TIME, Millis.format(nanos - t2));
        out.headers().set(ProxyHeaders.TOTAL_TIME, Millis.format(nanos - t0));
        int code = decodeHead.status().code();
        ErrorCause cause = null;
        if (code != 200) {
          out.headers().set(ProxyHeaders.ERROR_SIDE, "decode");
          cause =
              lengthRejected && code == 400
                  ? ErrorCause.CONTEXT_LENGTH
                  : ErrorCause.DECODE_ERROR_STATUS;
        } else if (lengthRejected) {
          warnLengthDisagreement();
        }
        respond(out, cause);
      }
    }

    @Override
    public void onFailure(UpstreamFailure failure) {
      switch (state) {
        case DECODING, BUFFERING -> {
          disarm();
          if (failure.kind() == UpstreamFailure.Kind.CONNECT) {
            decodeUnreachable(failure.detail());
          } else {
            fail(
                ErrorCause.DECODE_BROKEN,
                HttpResponseStatus.BAD_GATEWAY,
                "decode",
                "The " + decode + " failed: " + failure.detail() + ".");
          }
        }
        case STREAMING ->
            midStreamError(
                ErrorCause.DECODE_BROKEN,
                HttpResponseStatus.BAD_GATEWAY,
                "The " + decode + " broke off the stream: " + failure.detail() + ".");
        default -> {
          // finished or cancelled: nothing to do
        }
      }
    }
  }

  private void warnLengthDisagreement() {
    services
        .log()
        .println(
            "WARNING "
                + decode
                + " accepted request "
                + requestId
                + " although its prompt looked too long for it; it prefilled the prompt itself");
  }

  private void armReadTimeout(long limitNanos) {
    timer =
        ctx.executor()
            .schedule(
                () -> {
                  if (state != State.STREAMING) {
                    return;
                  }
                  long idle = System.nanoTime() - lastReadNanos;
                  if (idle < limitNanos) {
                    armReadTimeout(limitNanos - idle);
                    return;
                  }
                  decodeCall.cancel();
                  midStreamError(
                      ErrorCause.DECODE_READ_TIMEOUT,
                      HttpResponseStatus.GATEWAY_TIMEOUT,
                      "The "
                          + decode
                          + " sent nothing for "
                          + seconds(services.config().decodeReadTimeout())
                          + " (--decode-read-timeout).");
                },
                limitNanos,
                TimeUnit.NANOSECONDS);
  }

  /**
   * The decode stream failed after the response head went out: at an event boundary the client gets
   * vLLM's error event and {@code [DONE]}; in the middle of an event the connection is closed so
   * the client sees a truncated stream rather than a corrupted event.
   */
  private void midStreamError(ErrorCause cause, HttpResponseStatus status, String message) {
    disarm();
    if (scanner.doneSeen()) {
      ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
      finish(null, clientKeepAlive);
    } else if (scanner.atEventBoundary()) {
      byte[] events = Json.streamErrorEvents(message, status.reasonPhrase(), status.code());
      ctx.write(new DefaultHttpContent(Unpooled.wrappedBuffer(events)));
      ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
      finish(cause, clientKeepAlive);
    } else {
      ctx.flush();
      finish(cause, false);
    }
  }

  // ---------------------------------------------------------------- SSE sink

  @Override
  public void forward(ByteBuf source, int index, int length) {
    ctx.write(new DefaultHttpContent(source.retainedSlice(index, length)));
  }

  @Override
  public void forwardDonePrefix(int length) {
    ctx.write(new DefaultHttpContent(Unpooled.wrappedBuffer(SseScanner.DONE, 0, length)));
  }

  @Override
  public void beforeDone(long nanos) {
    doneNanos = nanos;
    StringBuilder comments = new StringBuilder(96);
    long first = scanner.firstDataNanos();
    if (first >= 0) {
      comments.append(Millis.comment(ProxyHeaders.DECODE_FIRST_TOKEN_TIME_KEY, first - t2));
    }
    comments.append(Millis.comment(ProxyHeaders.TOTAL_TIME_KEY, nanos - t0));
    ctx.write(
        new DefaultHttpContent(
            Unpooled.wrappedBuffer(comments.toString().getBytes(StandardCharsets.US_ASCII))));
  }

  // ---------------------------------------------------------------- client side

  @Override
  public void clientClosed() {
    if (state == State.FINISHED) {
      return;
    }
    finish(ErrorCause.CLIENT_DISCONNECT, false);
  }

  @Override
  public void writabilityChanged(boolean writable) {
    if (state == State.STREAMING) {
      decodeCall.pauseReading(!writable);
    }
  }

  private FullHttpResponse relay(HttpResponse head, ByteBuf content) {
    FullHttpResponse out = Responses.body(head.status(), null, content);
    Headers.copyResponseHeaders(head.headers(), out.headers());
    out.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, content.readableBytes());
    addHeaders(out.headers());
    return out;
  }

  private void fail(ErrorCause cause, HttpResponseStatus status, String side, String message) {
    FullHttpResponse r = Responses.error(status, message);
    r.headers().set(ProxyHeaders.ERROR_SIDE, side);
    addHeaders(r.headers());
    respond(r, cause);
  }

  private void respond(FullHttpResponse response, ErrorCause cause) {
    HttpUtil.setKeepAlive(response, clientKeepAlive);
    status = response.status().code();
    ctx.writeAndFlush(response);
    finish(cause, clientKeepAlive);
  }

  private void addHeaders(HttpHeaders h) {
    if (requestId != null && !h.contains(Headers.REQUEST_ID)) {
      h.set("X-Request-Id", requestId);
    }
    h.set(ProxyHeaders.PREFILL_SERVER, prefill.label());
    h.set(ProxyHeaders.DECODE_SERVER, decode.label());
    if (lengthCheckNanos >= 0) {
      h.set(ProxyHeaders.LENGTH_CHECK_TIME, Millis.format(lengthCheckNanos));
    }
    if (prefilled) {
      h.set(ProxyHeaders.PREFILL_TIME, Millis.format(prefillNanos()));
    }
    if (kvReady) {
      h.set(ProxyHeaders.KV_EXTRACT_TIME, Millis.format(t2 - t1));
    }
    if (outcome != null) {
      outcome.promptTokens().ifPresent(n -> h.set(ProxyHeaders.PREFILL_PROMPT_TOKENS, n));
      outcome.cachedTokens().ifPresent(n -> h.set(ProxyHeaders.PREFILL_CACHED_TOKENS, n));
      outcome.finishReason().ifPresent(s -> h.set(ProxyHeaders.PREFILL_FINISH_REASON, s));
      outcome.remoteBlocks().ifPresent(n -> h.set(ProxyHeaders.REMOTE_BLOCKS, n));
      outcome.remoteEngineId().ifPresent(s -> h.set(ProxyHeaders.REMOTE_ENGINE_ID, s));
    }
    if (kvMissing) {
      h.set(ProxyHeaders.KV_PARAMS, "missing");
    }
  }

  // ---------------------------------------------------------------- plumbing

  private FullHttpRequest post(Upstream to, String path, ByteBuf payload, boolean withId) {
    FullHttpRequest r =
        new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, to.target(path), payload);
    HttpHeaders h = r.headers();
    h.set(forward);
    h.set(HttpHeaderNames.HOST, to.hostHeader());
    h.set(HttpHeaderNames.CONTENT_TYPE, JSON_MEDIA_TYPE);
    h.setInt(HttpHeaderNames.CONTENT_LENGTH, payload.readableBytes());
    if (withId) {
      h.set(Headers.REQUEST_ID, requestId);
    }
    return r;
  }

  private void arm(Duration limit, Runnable task) {
    disarm();
    timer = ctx.executor().schedule(task, limit.toNanos(), TimeUnit.NANOSECONDS);
  }

  private void disarm() {
    if (timer != null) {
      timer.cancel(false);
      timer = null;
    }
  }

  private static String seconds(Duration d) {
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
  }

  private void finish(ErrorCause cause, boolean reusable) {
    if (state == State.FINISHED) {
      return;
    }
    State last = state;
    state = State.FINISHED;
    disarm();
    if (fetch != null) {
      fetch.cancel();
      fetch = null;
    }
    if (decodeCall != null && endNanos < 0) {
      decodeCall.cancel();
    }
    if (decodeBuffer != null) {
      decodeBuffer.release();
      decodeBuffer = null;
    }
    request.release();
    record(cause, last);
    owner.exchangeDone(reusable);
  }

  private void record(ErrorCause cause, State last) {
    ProxyMetrics m = services.metrics();
    m.inFlight(-1);
    if (cause != null) {
      m.error(cause);
    }
    if (lengthCheckNanos >= 0) {
      m.phase(Phase.LENGTH_CHECK, lengthCheckNanos);
    }
    if (prefilled) {
      m.phase(Phase.PREFILL, prefillNanos());
    }
    if (kvReady) {
      m.phase(Phase.KV_EXTRACT, t2 - t1);
    }
    long first = scanner.firstDataNanos();
    if (first >= 0) {
      m.phase(Phase.DECODE_FIRST_TOKEN, first - t2);
    }
    if (endNanos >= 0 && cause == null) {
      m.phase(Phase.DECODE, endNanos - t2);
      m.phase(Phase.TOTAL, (doneNanos >= 0 ? doneNanos : endNanos) - t0);
    }
    if (last == State.STREAMING || scanner.bytes() > 0) {
      m.sseEvents(scanner.dataEvents());
      m.decodeBytes(scanner.bytes());
    }
    if (services.config().accessLog()) {
      services
          .log()
          .println(
              "request "
                  + requestId
                  + " "
                  + route.path()
                  + " status="
                  + status
                  + " prefill_ms="
                  + (prefilled ? Millis.format(prefillNanos()) : "-")
                  + " kv_extract_ms="
                  + (kvReady ? Millis.format(t2 - t1) : "-")
                  + " decode_first_token_ms="
                  + (first >= 0 ? Millis.format(first - t2) : "-")
                  + " total_ms="
                  + (endNanos >= 0 ? Millis.format(endNanos - t0) : "-")
                  + (cause == null ? "" : " error=" + cause.label()));
    }
  }
}
