package io.llmharness.proxy.internal.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;

/** The one {@link ObjectMapper} and vLLM's error shapes. */
public final class Json {

  /** Shared, thread-safe mapper. */
  public static final ObjectMapper MAPPER = new ObjectMapper();

  private Json() {}

  /** {@code s} as a JSON string literal, quotes included. */
  public static String quote(String s) {
    try {
      return MAPPER.writeValueAsString(s);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * vLLM's error envelope, compact as Starlette writes it: {@code
   * {"error":{"message":…,"type":…,"param":null,"code":N}}}.
   */
  public static byte[] errorEnvelope(String message, String type, int code) {
    return ("{\"error\":{\"message\":"
            + quote(message)
            + ",\"type\":"
            + quote(type)
            + ",\"param\":null,\"code\":"
            + code
            + "}}")
        .getBytes(StandardCharsets.UTF_8);
  }

  /**
   * vLLM's mid-stream error event (written with Python's {@code json.dumps}, so with spaces after
   * colons and commas), followed by {@code data: [DONE]}.
   */
  public static byte[] streamErrorEvents(String message, String type, int code) {
    return ("data: {\"error\": {\"message\": "
            + quote(message)
            + ", \"type\": "
            + quote(type)
            + ", \"param\": null, \"code\": "
            + code
            + "}}\n\ndata: [DONE]\n\n")
        .getBytes(StandardCharsets.UTF_8);
  }
}
