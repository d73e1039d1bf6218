package io.llmharness.results.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmharness.results.ErrorCause;
import io.llmharness.results.RequestError;
import io.llmharness.results.RequestPhase;
import io.llmharness.results.RequestRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * One {@link RequestRecord} as one line of JSON: every raw field, nanosecond timestamps as
 * integers, absent values as null, headers sorted by name. Reading gives back an equal record.
 */
public final class RequestRecordJson {
  private RequestRecordJson() {}

  /** The record as one line of JSON, without the line break. */
  public static String write(RequestRecord r) {
    ObjectNode node = Json.object();
    node.put("request_id", r.requestId());
    node.put("index", r.index());
    node.put("phase", r.phase().name().toLowerCase(Locale.ROOT));
    node.put("start_epoch_millis", r.startEpochMillis());
    node.put("scheduled_nanos", r.scheduledNanos());
    node.put("sent_nanos", r.sentNanos());
    putLong(node, "headers_nanos", r.headersNanos());
    putLong(node, "first_byte_nanos", r.firstByteNanos());
    putLong(node, "first_token_nanos", r.firstTokenNanos());
    putLong(node, "end_nanos", r.endNanos());
    ArrayNode events = node.putArray("content_event_nanos");
    for (long t : r.contentEventNanos()) {
      events.add(t);
    }
    putInt(node, "prompt_tokens", r.promptTokens());
    putInt(node, "completion_tokens", r.completionTokens());
    putInt(node, "cached_tokens", r.cachedTokens());
    node.put("prompt_sha256", r.promptSha256());
    ObjectNode headers = node.putObject("proxy_headers");
    new TreeMap<>(r.proxyHeaders()).forEach(headers::put);
    ArrayNode comments = node.putArray("sse_comments");
    r.sseComments().forEach(comments::add);
    if (r.error().isPresent()) {
      RequestError e = r.error().get();
      ObjectNode error = node.putObject("error");
      error.put("cause", e.cause().name().toLowerCase(Locale.ROOT));
      putInt(error, "http_status", e.httpStatus());
      error.put("message", e.message());
    } else {
      node.putNull("error");
    }
    try {
      return Json.COMPACT.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Parses one line written by {@link #write}.
   *
   * @throws IOException if the line is not such a record
   */
  public static RequestRecord read(String line) throws IOException {
    JsonNode n = Json.TREE.readTree(line);
    if (n == null || !n.isObject()) {
      throw new IOException("not a JSON object");
    }
    try {
      long[] events = new long[n.required("content_event_nanos").size()];
      for (int i = 0; i < events.length; i++) {
        events[i] = n.get("content_event_nanos").get(i).longValue();
      }
      Map<String, String> headers = new LinkedHashMap<>();
      n.required("proxy_headers")
          .properties()
          .forEach(e -> headers.put(e.getKey(), e.getValue().asText()));
      List<String> comments = new ArrayList<>();
      n.required("sse_comments").forEach(c -> comments.add(c.asText()));
      JsonNode error = n.required("error");
      Optional<RequestError> requestError =
          error.isNull()
              ? Optional.empty()
              : Optional.of(
                  new RequestError(
                      ErrorCause.valueOf(error.required("cause").asText().toUpperCase(Locale.ROOT)),
                      readInt(error, "http_status"),
                      error.required("message").asText()));
      return new RequestRecord(
          n.required("request_id").asText(),
          n.required("index").intValue(),
          RequestPhase.valueOf(n.required("phase").asText().toUpperCase(Locale.ROOT)),
          n.required("start_epoch_millis").longValue(),
          n.required("scheduled_nanos").longValue(),
          n.required("sent_nanos").longValue(),
          readLong(n, "headers_nanos"),
          // Absent from logs written before the field existed: read as unknown, so they resume.
          n.has("first_byte_nanos") ? readLong(n, "first_byte_nanos") : OptionalLong.empty(),
          readLong(n, "first_token_nanos"),
          readLong(n, "end_nanos"),
          events,
          readInt(n, "prompt_tokens"),
          readInt(n, "completion_tokens"),
          readInt(n, "cached_tokens"),
          n.required("prompt_sha256").asText(),
          headers,
          comments,
          requestError);
    } catch (IllegalArgumentException e) {
      throw new IOException(e.getMessage(), e);
    }
  }

  private static void putLong(ObjectNode node, String key, OptionalLong value) {
    if (value.isPresent()) {
      node.put(key, value.getAsLong());
    } else {
      node.putNull(key);
    }
  }

  private static void putInt(ObjectNode node, String key, OptionalInt value) {
    if (value.isPresent()) {
      node.put(key, value.getAsInt());
    } else {
      node.putNull(key);
    }
  }

  private static OptionalLong readLong(JsonNode node, String key) {
    JsonNode v = node.required(key);
    return v.isNull() ? OptionalLong.empty() : OptionalLong.of(v.longValue());
  }

  private static OptionalInt readInt(JsonNode node, String key) {
    JsonNode v = node.required(key);
    return v.isNull() ? OptionalInt.empty() : OptionalInt.of(v.intValue());
  }
}
