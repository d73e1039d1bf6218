package io.llmharness.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmharness.client.internal.NoDelaySocketFactory;
import io.llmharness.client.internal.RecordBuilder;
import io.llmharness.client.internal.RequestBodies;
import io.llmharness.client.internal.SseReader;
import io.llmharness.results.ErrorCause;
import io.llmharness.results.RequestError;
import io.llmharness.results.RequestRecord;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import okhttp3.Call;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * An OpenAI-compatible client for one server (vLLM, the emulator, or the proxy): streams measured
 * completions and reads the server's own endpoints ({@code /tokenize}, {@code /v1/models}, {@code
 * /version}, {@code /metrics}, {@code /health}).
 *
 * <p>Measured requests run synchronously on the caller's thread, which stamps every event with
 * {@link System#nanoTime()} as it is read. One connection pool per client; idle connections are
 * evicted after 4 s, before vLLM's 5 s keep-alive closes them. Thread-safe; close it when done.
 */
public final class InferenceClient implements AutoCloseable {
  private static final MediaType JSON = MediaType.get("application/json");
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Duration IDLE_EVICTION = Duration.ofSeconds(4);
  private static final Duration CONTROL_TIMEOUT = Duration.ofSeconds(120);
  private static final int MAX_ERROR_BODY = 64 * 1024;

  private final HttpUrl base;
  private final OkHttpClient http;

  /** Set once by {@link #abort}: the error of every request in flight then and sent later. */
  private volatile RequestError aborted;

  /**
   * Calls from the request until the end of the stream, by request id: OkHttp's dispatcher forgets
   * a synchronous call once its headers arrived, which is before the stream is read.
   */
  private final Map<String, Call> streaming = new ConcurrentHashMap<>();

  /** A client for the server at {@code baseUrl} (e.g. {@code http://127.0.0.1:8000}). */
  public InferenceClient(URI baseUrl) {
    this.base =
        Objects.requireNonNull(
            HttpUrl.parse(baseUrl.toString()), () -> "not an http(s) URL: " + baseUrl);
    Dispatcher dispatcher = new Dispatcher();
    dispatcher.setMaxRequests(4096);
    dispatcher.setMaxRequestsPerHost(4096);
    this.http =
        new OkHttpClient.Builder()
            .protocols(List.of(Protocol.HTTP_1_1))
            .connectionPool(
                new ConnectionPool(4096, IDLE_EVICTION.toMillis(), TimeUnit.MILLISECONDS))
            .dispatcher(dispatcher)
            .socketFactory(new NoDelaySocketFactory())
            .connectTimeout(Duration.ofSeconds(10))
            .readTimeout(Duration.ZERO)
            .writeTimeout(Duration.ofSeconds(60))
            .callTimeout(Duration.ZERO)
            .build();
  }

  /** The server's base URL. */
  public URI baseUrl() {
    return base.uri();
  }

  /**
   * Sends one streaming request and measures it. Never throws for server or network failures: they
   * are recorded in the returned record's error, with their cause.
   */
  public RequestRecord stream(CompletionRequest request, RequestTiming timing) {
    RecordBuilder record =
        new RecordBuilder(request.requestId(), timing, request.prompt().sha256());
    Request httpRequest =
        new Request.Builder()
            .url(base.resolve(request.endpoint().path()))
            .header("X-Request-Id", request.requestId())
            .header("Accept", "text/event-stream")
            .post(RequestBody.create(RequestBodies.completion(request), JSON))
            .build();
    Call call = http.newCall(httpRequest);
    call.timeout().timeout(request.timeout().toNanos(), TimeUnit.NANOSECONDS);
    streaming.put(request.requestId(), call);
    record.sent(System.nanoTime(), System.currentTimeMillis());
    if (aborted != null) {
      // abort() may have gone through the calls in flight before this one was added.
      call.cancel();
    }
    try (Response response = call.execute()) {
      record.headers(System.nanoTime());
      response
          .headers()
          .forEach(
              h -> {
                if (h.getFirst().toLowerCase(Locale.ROOT).startsWith("x-proxy-")) {
                  record.proxyHeader(h.getFirst(), h.getSecond());
                }
              });
      if (!response.isSuccessful()) {
        String body = errorBody(response.body(), record);
        record.fail(
            RequestError.of(
                ErrorCause.HTTP_STATUS, response.code(), errorMessage(response.code(), body)));
        return record.build();
      }
      new SseReader().read(response.body().source(), record);
      if (!record.failed()) {
        checkComplete(record);
      }
    } catch (IOException e) {
      RequestError abort = aborted;
      record.fail(abort != null ? abort : failure(e, request, record));
    } finally {
      streaming.remove(request.requestId(), call);
    }
    return record.build();
  }

  private RequestError failure(IOException e, CompletionRequest request, RecordBuilder record) {
    if (e instanceof ConnectException) {
      return RequestError.of(
          ErrorCause.CONNECTION_REFUSED,
          "connection refused by " + base.host() + ":" + base.port());
    }
    if (e instanceof InterruptedIOException) {
      // OkHttp's call timeout cancels the call itself, so a timeout also reads as "canceled";
      // a deliberate cancellation of the run is told apart by abort()'s error.
      return RequestError.of(
          ErrorCause.TIMEOUT,
          "no complete response within "
              + request.timeout().toMillis() / 1000.0
              + " s ("
              + record.contentEvents()
              + " content events received)");
    }
    return RequestError.of(
        ErrorCause.CONNECTION_FAILED,
        "connection failed after "
            + record.contentEvents()
            + " content events: "
            + e.getClass().getSimpleName()
            + (e.getMessage() == null ? "" : ": " + e.getMessage()));
  }

  private static void checkComplete(RecordBuilder record) {
    if (!record.isDone()) {
      record.fail(
          RequestError.of(
              ErrorCause.INCOMPLETE_STREAM,
              "stream ended without [DONE] after " + record.contentEvents() + " content events"));
    } else if (record.finishReason().isEmpty()) {
      record.fail(
          RequestError.of(
              ErrorCause.INCOMPLETE_STREAM, "stream ended with [DONE] but no finish_reason"));
    }
  }

  /** The models the server serves ({@code GET /v1/models}). */
  public List<ModelCard> models() {
    JsonNode root = getJson("/v1/models");
    List<ModelCard> cards = new ArrayList<>();
    for (JsonNode card : root.path("data")) {
      JsonNode len = card.path("max_model_len");
      cards.add(
          new ModelCard(
              card.path("id").asText(),
              len.isInt() ? OptionalInt.of(len.asInt()) : OptionalInt.empty()));
    }
    return cards;
  }

  /** The server's version ({@code GET /version}), when it has that endpoint. */
  public Optional<String> version() {
    try {
      return Optional.ofNullable(getJson("/version").path("version").textValue());
    } catch (ServerException e) {
      if (e.status().isPresent()) {
        return Optional.empty();
      }
      throw e;
    }
  }

  /** True when {@code GET /health} answers 200. */
  public boolean healthy() {
    Request request = new Request.Builder().url(base.resolve("/health")).get().build();
    Call call = http.newCall(request);
    call.timeout().timeout(5, TimeUnit.SECONDS);
    try (Response response = call.execute()) {
      return response.code() == 200;
    } catch (IOException e) {
      return false;
    }
  }

  /** Counts a completion prompt's tokens with the server's tokenizer ({@code POST /tokenize}). */
  public Tokenization tokenize(String model, String text) {
    return tokenization(postJson("/tokenize", RequestBodies.tokenize(model, text)));
  }

  /**
   * Counts the prompt tokens of a chat request with one user message, chat template and generation
   * prompt included ({@code POST /tokenize} with {@code messages}).
   */
  public Tokenization tokenizeChat(String model, String text) {
    return tokenization(postJson("/tokenize", RequestBodies.tokenizeChat(model, text)));
  }

  /** Scrapes {@code GET /metrics}; empty when the server has no such endpoint. */
  public MetricsSnapshot metrics() {
    Request request = new Request.Builder().url(base.resolve("/metrics")).get().build();
    try (Response response = execute(request)) {
      if (response.code() == 404) {
        return MetricsSnapshot.empty();
      }
      String body = response.body().string();
      if (!response.isSuccessful()) {
        throw new ServerException(
            "GET /metrics on " + base + " answered " + response.code(), response.code(), null);
      }
      return MetricsSnapshot.parse(body);
    } catch (IOException e) {
      throw new ServerException("GET /metrics on " + base + " failed: " + e.getMessage(), 0, e);
    }
  }

  private static Tokenization tokenization(JsonNode root) {
    JsonNode tokens = root.path("tokens");
    int[] ids = new int[tokens.size()];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = tokens.get(i).asInt();
    }
    JsonNode len = root.path("max_model_len");
    return new Tokenization(
        root.path("count").asInt(ids.length),
        ids,
        len.isInt() ? OptionalInt.of(len.asInt()) : OptionalInt.empty());
  }

  private JsonNode getJson(String path) {
    return readJson(new Request.Builder().url(base.resolve(path)).get().build(), "GET " + path);
  }

  private JsonNode postJson(String path, byte[] body) {
    return readJson(
        new Request.Builder().url(base.resolve(path)).post(RequestBody.create(body, JSON)).build(),
        "POST " + path);
  }

  private JsonNode readJson(Request request, String what) {
    try (Response response = execute(request)) {
      String body = response.body().string();
      if (!response.isSuccessful()) {
        throw new ServerException(
            what + " on " + base + " answered " + errorMessage(response.code(), body),
            response.code(),
            null);
      }
      return MAPPER.readTree(body);
    } catch (IOException e) {
      throw new ServerException(what + " on " + base + " failed: " + e.getMessage(), 0, e);
    }
  }

  private Response execute(Request request) throws IOException {
    RequestError abort = aborted;
    if (abort != null) {
      throw new IOException(abort.message());
    }
    Call call = http.newCall(request);
    call.timeout().timeout(CONTROL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    return call.execute();
  }

  private static String errorBody(ResponseBody body, RecordBuilder record) {
    try {
      if (body.source().request(1)) {
        record.firstByte(System.nanoTime());
      }
      return new String(body.byteStream().readNBytes(MAX_ERROR_BODY), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }

  /** The message of vLLM's error envelope, FastAPI's {@code detail}, or the raw body. */
  static String errorMessage(int status, String body) {
    try {
      JsonNode root = MAPPER.readTree(body);
      JsonNode error = root.path("error");
      if (error.isObject() && error.hasNonNull("message")) {
        return status + ": " + error.get("message").asText();
      }
      if (error.isTextual()) {
        return status + ": " + error.asText();
      }
      if (root.hasNonNull("detail")) {
        return status + ": " + root.get("detail").toString();
      }
    } catch (IOException | RuntimeException e) {
      // not JSON: fall through to the raw body
    }
    String raw = body.strip();
    return status
        + (raw.isEmpty() ? "" : ": " + (raw.length() > 300 ? raw.substring(0, 300) + "…" : raw));
  }

  /**
   * Cancels the requests in flight whose request id ({@code X-Request-Id}) matches; they end with a
   * connection error in their records, and the server sees the client disconnect (vLLM aborts the
   * request). Later requests are not affected.
   */
  public void cancel(Predicate<String> requestIds) {
    streaming.forEach(
        (id, call) -> {
          if (requestIds.test(id)) {
            call.cancel();
          }
        });
  }

  /**
   * Cancels every request in flight (they are recorded as cancelled) and every later one: used when
   * a run is stopped.
   */
  public void cancelAll() {
    abort(RequestError.of(ErrorCause.CANCELLED, "cancelled: the run was stopped"));
  }

  /**
   * Ends every request in flight and fails every later one at once, each recorded with {@code
   * error} (the first abort's error wins); control calls ({@code /tokenize}, {@code /metrics}, …)
   * fail too. Used when the run must stop, e.g. because its server stopped answering.
   */
  public void abort(RequestError error) {
    Objects.requireNonNull(error, "error");
    synchronized (this) {
      if (aborted == null) {
        aborted = error;
      }
    }
    streaming.values().forEach(Call::cancel);
    http.dispatcher().cancelAll();
  }

  @Override
  public void close() {
    http.dispatcher().executorService().shutdown();
    http.connectionPool().evictAll();
  }
}
