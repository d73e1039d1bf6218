package io.llmharness.client.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmharness.client.CompletionRequest;
import io.llmharness.client.PromptPayload;
import io.llmharness.scenario.Endpoint;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/** Writes request bodies straight to bytes with a streaming generator (no boxed token lists). */
public final class RequestBodies {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final JsonFactory JSON = MAPPER.getFactory();

  private RequestBodies() {}

  /** The streaming completion or chat body for a request. */
  public static byte[] completion(CompletionRequest r) {
    return write(
        g -> {
          g.writeStringField("model", r.model());
          if (r.endpoint() == Endpoint.CHAT) {
            g.writeArrayFieldStart("messages");
            g.writeStartObject();
            g.writeStringField("role", "user");
            g.writeStringField("content", ((PromptPayload.Text) r.prompt()).text());
            g.writeEndObject();
            g.writeEndArray();
          } else {
            g.writeFieldName("prompt");
            writePrompt(g, r.prompt());
          }
          g.writeNumberField("max_tokens", r.maxTokens());
          g.writeNumberField("temperature", r.temperature());
          if (r.ignoreEos()) {
            g.writeBooleanField("ignore_eos", true);
          }
          g.writeBooleanField("stream", true);
          g.writeObjectFieldStart("stream_options");
          g.writeBooleanField("include_usage", true);
          g.writeEndObject();
          for (Map.Entry<String, Object> e : r.extraBody().entrySet()) {
            g.writeFieldName(e.getKey());
            MAPPER.writeValue(g, e.getValue());
          }
        });
  }

  /** A {@code /tokenize} body for a completion prompt. */
  public static byte[] tokenize(String model, String text) {
    return write(
        g -> {
          g.writeStringField("model", model);
          g.writeStringField("prompt", text);
        });
  }

  /** A {@code /tokenize} body for one user chat message, with the generation prompt added. */
  public static byte[] tokenizeChat(String model, String text) {
    return write(
        g -> {
          g.writeStringField("model", model);
          g.writeArrayFieldStart("messages");
          g.writeStartObject();
          g.writeStringField("role", "user");
          g.writeStringField("content", text);
          g.writeEndObject();
          g.writeEndArray();
          g.writeBooleanField("add_generation_prompt", true);
        });
  }

  private static void writePrompt(JsonGenerator g, PromptPayload prompt) throws IOException {
    if (prompt instanceof PromptPayload.Text t) {
      g.writeString(t.text());
    } else {
      int[] ids = ((PromptPayload.TokenIds) prompt).ids();
      g.writeArray(ids, 0, ids.length);
    }
  }

  private interface Fields {
    void write(JsonGenerator g) throws IOException;
  }

  private static byte[] write(Fields fields) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.writeStartObject();
      fields.write(g);
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
