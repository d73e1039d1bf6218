package io.llmharness.proxy.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * vLLM's error envelope {@code {"error":{"message","type","param","code"}}} read from a body.
 *
 * @param message the message
 * @param type the type
 * @param code the code
 */
public record Envelope(String message, String type, int code) {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Parses {@code body}; fails when it is not the envelope. */
  public static Envelope of(byte[] body) {
    try {
      JsonNode e = JSON.readTree(body).get("error");
      if (e == null || !e.isObject() || !e.has("param")) {
        throw new AssertionError("not vLLM's error envelope: " + new String(body));
      }
      return new Envelope(e.get("message").asText(), e.get("type").asText(), e.get("code").asInt());
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
  }

  /** The envelope of the mid-stream error event of an SSE body. */
  public static Envelope ofStream(String body) {
    for (String data : Sse.data(body)) {
      if (data.startsWith("{\"error\": ")) {
        return of(data.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      }
    }
    throw new AssertionError("no error event in:\n" + body);
  }
}
