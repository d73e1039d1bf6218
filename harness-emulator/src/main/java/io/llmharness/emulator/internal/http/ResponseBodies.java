package io.llmharness.emulator.internal.http;

import com.fasterxml.jackson.core.JsonGenerator;
import io.llmharness.emulator.internal.config.CompatVersion;
import io.llmharness.emulator.internal.engine.StepEvent;
import java.io.IOException;
import java.util.Arrays;
import java.util.UUID;

/** The JSON bodies of non-streaming responses, keys in vLLM's order, nulls kept. */
final class ResponseBodies {
  private ResponseBodies() {}

  /** A whole (non-streaming) completion or chat completion. */
  static byte[] whole(ServerContext server, CompletionRequest request, StepEvent e) {
    int[] output = e.request().outputTokens();
    int[] visible = Arrays.stream(output).filter(t -> t != e.request().eosTokenId()).toArray();
    String text = server.tokenizer().decode(visible);
    int prompt = request.prompt().length;
    int completion = e.completionTokens();
    int cached = e.request().cachedTokens();
    return Json.bytes(
        g -> {
          g.writeStartObject();
          g.writeStringField("id", request.id());
          g.writeStringField("object", request.chat() ? "chat.completion" : "text_completion");
          g.writeNumberField("created", request.created());
          g.writeStringField("model", request.model());
          g.writeArrayFieldStart("choices");
          g.writeStartObject();
          g.writeNumberField("index", 0);
          if (request.chat()) {
            g.writeObjectFieldStart("message");
            g.writeStringField("role", "assistant");
            g.writeStringField("content", text);
            g.writeNullField("refusal");
            g.writeNullField("annotations");
            g.writeNullField("audio");
            g.writeNullField("function_call");
            g.writeArrayFieldStart("tool_calls");
            g.writeEndArray();
            g.writeNullField("reasoning");
            if (server.compat() == CompatVersion.V0_15) {
              g.writeNullField("reasoning_content");
            }
            g.writeEndObject();
            g.writeNullField("logprobs");
            g.writeStringField("finish_reason", e.finish().wireName());
            g.writeNullField("stop_reason");
            g.writeNullField("token_ids");
          } else {
            g.writeStringField("text", text);
            g.writeNullField("logprobs");
            g.writeStringField("finish_reason", e.finish().wireName());
            g.writeNullField("stop_reason");
            g.writeNullField("token_ids");
            g.writeNullField("prompt_logprobs");
            g.writeNullField("prompt_token_ids");
          }
          g.writeEndObject();
          g.writeEndArray();
          g.writeNullField("service_tier");
          g.writeNullField("system_fingerprint");
          g.writeObjectFieldStart("usage");
          g.writeNumberField("prompt_tokens", prompt);
          g.writeNumberField("total_tokens", prompt + completion);
          g.writeNumberField("completion_tokens", completion);
          if (server.promptTokensDetails() && cached > 0) {
            g.writeObjectFieldStart("prompt_tokens_details");
            g.writeNumberField("cached_tokens", cached);
            g.writeEndObject();
          } else {
            g.writeNullField("prompt_tokens_details");
          }
          g.writeEndObject();
          if (request.chat()) {
            g.writeNullField("prompt_logprobs");
            g.writeNullField("prompt_token_ids");
          }
          g.writeFieldName("kv_transfer_params");
          if (e.kvTransferParams() == null) {
            g.writeNull();
          } else {
            g.writeRawValue(e.kvTransferParams());
          }
          g.writeEndObject();
        });
  }

  /** {@code GET /v1/models}. */
  static byte[] models(ServerContext server) {
    long created = System.currentTimeMillis() / 1000;
    return Json.bytes(
        g -> {
          g.writeStartObject();
          g.writeStringField("object", "list");
          g.writeArrayFieldStart("data");
          for (String name : server.servedModelNames()) {
            card(g, name, server.root(), created, server.maxModelLen());
          }
          g.writeEndArray();
          g.writeEndObject();
        });
  }

  private static void card(JsonGenerator g, String name, String root, long created, int maxLen)
      throws IOException {
    g.writeStartObject();
    g.writeStringField("id", name);
    g.writeStringField("object", "model");
    g.writeNumberField("created", created);
    g.writeStringField("owned_by", "vllm");
    g.writeStringField("root", root);
    g.writeNullField("parent");
    g.writeNumberField("max_model_len", maxLen);
    g.writeArrayFieldStart("permission");
    g.writeStartObject();
    g.writeStringField("id", "modelperm-" + UUID.randomUUID().toString().replace("-", ""));
    g.writeStringField("object", "model_permission");
    g.writeNumberField("created", created);
    g.writeBooleanField("allow_create_engine", false);
    g.writeBooleanField("allow_sampling", true);
    g.writeBooleanField("allow_logprobs", true);
    g.writeBooleanField("allow_search_indices", false);
    g.writeBooleanField("allow_view", true);
    g.writeBooleanField("allow_fine_tuning", false);
    g.writeStringField("organization", "*");
    g.writeNullField("group");
    g.writeBooleanField("is_blocking", false);
    g.writeEndObject();
    g.writeEndArray();
    g.writeEndObject();
  }

  /** {@code GET /version}. */
  static byte[] version(ServerContext server) {
    return Json.bytes(
        g -> {
          g.writeStartObject();
          g.writeStringField("version", server.compat().versionString());
          g.writeEndObject();
        });
  }

  /** {@code POST /tokenize} response. */
  static byte[] tokenize(ServerContext server, int[] tokens, boolean withStrings) {
    return Json.bytes(
        g -> {
          g.writeStartObject();
          g.writeNumberField("count", tokens.length);
          g.writeNumberField("max_model_len", server.maxModelLen());
          g.writeArrayFieldStart("tokens");
          for (int t : tokens) {
            g.writeNumber(t);
          }
          g.writeEndArray();
          if (withStrings) {
            g.writeArrayFieldStart("token_strs");
            for (int t : tokens) {
              g.writeString(server.tokenizer().tokenString(t));
            }
            g.writeEndArray();
          } else {
            g.writeNullField("token_strs");
          }
          g.writeEndObject();
        });
  }

  /** {@code POST /detokenize} response. */
  static byte[] detokenize(String text) {
    return Json.bytes(
        g -> {
          g.writeStartObject();
          g.writeStringField("prompt", text);
          g.writeEndObject();
        });
  }

  /** FastAPI's {@code {"detail": "..."}} body. */
  static byte[] detail(String detail) {
    return Json.bytes(
        g -> {
          g.writeStartObject();
          g.writeStringField("detail", detail);
          g.writeEndObject();
        });
  }
}
