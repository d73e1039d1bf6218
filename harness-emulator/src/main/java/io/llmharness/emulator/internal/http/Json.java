package io.llmharness.emulator.internal.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Compact JSON written in an exact key order (Python's serializers keep declaration order). */
final class Json {
  private static final JsonFactory FACTORY = new JsonFactory();

  private Json() {}

  /** Writes JSON through a generator. */
  interface Body {
    void write(JsonGenerator g) throws IOException;
  }

  static byte[] bytes(Body body) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    try (JsonGenerator g = FACTORY.createGenerator(out)) {
      body.write(g);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** The characters of a JSON string literal's body (without quotes). */
  static byte[] escapedUtf8(String s) {
    return JsonStringEncoder.getInstance().quoteAsUTF8(s);
  }

  /** A quoted JSON string. */
  static String quoted(String s) {
    return "\"" + new String(JsonStringEncoder.getInstance().quoteAsString(s)) + "\"";
  }

  /** The vLLM error envelope, compact. */
  static byte[] errorEnvelope(String message, String type, String param, int code) {
    return bytes(
        g -> {
          g.writeStartObject();
          g.writeObjectFieldStart("error");
          g.writeStringField("message", message);
          g.writeStringField("type", type);
          if (param == null) {
            g.writeNullField("param");
          } else {
            g.writeStringField("param", param);
          }
          g.writeNumberField("code", code);
          g.writeEndObject();
          g.writeEndObject();
        });
  }

  /**
   * The error envelope as Python's {@code json.dumps} writes it (spaces after {@code :} and {@code
   * ,}), the form of vLLM's mid-stream error event.
   */
  static String pythonDumpsError(String message, String type, String param, int code) {
    return "{\"error\": {\"message\": "
        + quoted(message)
        + ", \"type\": "
        + quoted(type)
        + ", \"param\": "
        + (param == null ? "null" : quoted(param))
        + ", \"code\": "
        + code
        + "}}";
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
