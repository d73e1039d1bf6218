package io.llmharness.client.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;

/**
 * Extracts the measured fields from one OpenAI-compatible streaming chunk with a single pass of a
 * streaming JSON parser: no tree, no reflection. Thread-safe.
 */
public final class ChunkParser {
  private static final JsonFactory JSON = new JsonFactory();

  /**
   * Parses one {@code data:} payload.
   *
   * @throws IOException when the payload is not a JSON object
   */
  public Chunk parse(String payload) throws IOException {
    try (JsonParser p = JSON.createParser(payload)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new IOException("not a JSON object");
      }
      Fields f = new Fields();
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken value = p.nextToken();
        switch (name) {
          case "choices" -> readChoices(p, value, f);
          case "usage" -> readUsage(p, value, f);
          case "error" -> readError(p, value, f);
          default -> p.skipChildren();
        }
      }
      return new Chunk(
          f.choices,
          f.contentLength,
          f.finishReason,
          f.promptTokens,
          f.completionTokens,
          f.cachedTokens,
          f.errorMessage,
          f.errorCode);
    }
  }

  private static void readChoices(JsonParser p, JsonToken value, Fields f) throws IOException {
    if (value != JsonToken.START_ARRAY) {
      p.skipChildren();
      return;
    }
    while (p.nextToken() == JsonToken.START_OBJECT) {
      f.choices++;
      if (f.choices == 1) {
        readFirstChoice(p, f);
      } else {
        p.skipChildren();
      }
    }
  }

  private static void readFirstChoice(JsonParser p, Fields f) throws IOException {
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonToken value = p.nextToken();
      switch (name) {
        case "text" -> f.contentLength = Math.max(f.contentLength, textLength(p, value));
        case "finish_reason" ->
            f.finishReason = value == JsonToken.VALUE_STRING ? p.getText() : null;
        case "delta" -> readDelta(p, value, f);
        default -> p.skipChildren();
      }
    }
  }

  private static void readDelta(JsonParser p, JsonToken value, Fields f) throws IOException {
    if (value != JsonToken.START_OBJECT) {
      p.skipChildren();
      return;
    }
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonToken v = p.nextToken();
      if (name.equals("content")) {
        f.contentLength = Math.max(f.contentLength, textLength(p, v));
      } else {
        p.skipChildren();
      }
    }
  }

  private static void readUsage(JsonParser p, JsonToken value, Fields f) throws IOException {
    if (value != JsonToken.START_OBJECT) {
      p.skipChildren();
      return;
    }
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonToken v = p.nextToken();
      switch (name) {
        case "prompt_tokens" -> f.promptTokens = intOrMissing(p, v);
        case "completion_tokens" -> f.completionTokens = intOrMissing(p, v);
        case "prompt_tokens_details" -> readDetails(p, v, f);
        default -> p.skipChildren();
      }
    }
  }

  private static void readDetails(JsonParser p, JsonToken value, Fields f) throws IOException {
    if (value != JsonToken.START_OBJECT) {
      p.skipChildren();
      return;
    }
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonToken v = p.nextToken();
      if (name.equals("cached_tokens")) {
        f.cachedTokens = intOrMissing(p, v);
      } else {
        p.skipChildren();
      }
    }
  }

  private static void readError(JsonParser p, JsonToken value, Fields f) throws IOException {
    if (value == JsonToken.VALUE_STRING) {
      f.errorMessage = p.getText();
      return;
    }
    if (value != JsonToken.START_OBJECT) {
      p.skipChildren();
      return;
    }
    f.errorMessage = "";
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonToken v = p.nextToken();
      switch (name) {
        case "message" -> f.errorMessage = v == JsonToken.VALUE_NULL ? "" : p.getText();
        case "code" -> f.errorCode = intOrMissing(p, v);
        default -> p.skipChildren();
      }
    }
  }

  private static int textLength(JsonParser p, JsonToken value) throws IOException {
    return value == JsonToken.VALUE_STRING ? p.getTextLength() : 0;
  }

  private static int intOrMissing(JsonParser p, JsonToken value) throws IOException {
    return value == JsonToken.VALUE_NUMBER_INT ? p.getIntValue() : -1;
  }

  private static final class Fields {
    int choices;
    int contentLength;
    String finishReason;
    int promptTokens = -1;
    int completionTokens = -1;
    int cachedTokens = -1;
    String errorMessage;
    int errorCode = -1;
  }
}
