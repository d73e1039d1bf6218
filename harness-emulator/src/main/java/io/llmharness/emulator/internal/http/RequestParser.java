package io.llmharness.emulator.internal.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmharness.emulator.internal.engine.RemotePrefill;
import io.llmharness.emulator.internal.tokenizer.ChatTemplate;
import io.llmharness.emulator.internal.tokenizer.Vocabulary;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/** Parses and validates request bodies with vLLM's checks, messages and status codes. */
final class RequestParser {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final ServerContext ctx;

  RequestParser(ServerContext ctx) {
    this.ctx = ctx;
  }

  // ---------------------------------------------------------------- body

  /** Checks the media type and parses the JSON object, as FastAPI does before any handler. */
  static JsonNode parseBody(String contentType, byte[] body) {
    String media = contentType == null ? "" : contentType.split(";", 2)[0].strip().toLowerCase();
    if (!media.equals("application/json")) {
      throw ApiError.validation("[\"Unsupported Media Type: Only 'application/json' is allowed\"]");
    }
    JsonNode root;
    try {
      root = MAPPER.readTree(body);
    } catch (JsonProcessingException e) {
      long offset = e.getLocation() == null ? 0 : Math.max(0, e.getLocation().getCharOffset());
      throw ApiError.validation(
          PyRepr.validationError(
              "json_invalid",
              "('body', " + offset + ")",
              "JSON decode error",
              "{}",
              "{'error': 'Expecting value'}"));
    } catch (java.io.IOException e) {
      throw ApiError.validation(e.getMessage());
    }
    if (root == null || root.isMissingNode()) {
      throw ApiError.validation(
          PyRepr.validationError("missing", "('body',)", "Field required", "None", null));
    }
    if (!root.isObject()) {
      throw ApiError.validation(
          PyRepr.validationError(
              "model_attributes_type",
              "('body',)",
              "Input should be a valid dictionary or object to extract fields from",
              pyInput(root),
              null));
    }
    return root;
  }

  /** Python's {@code bool()} of a JSON value: absent, null, false, 0, "", [] and {} are false. */
  static boolean pyTruthy(JsonNode v) {
    if (v == null || v.isNull()) {
      return false;
    }
    if (v.isBoolean()) {
      return v.booleanValue();
    }
    if (v.isNumber()) {
      return v.doubleValue() != 0;
    }
    if (v.isTextual()) {
      return !v.textValue().isEmpty();
    }
    return v.size() > 0;
  }

  // ---------------------------------------------------------------- completions

  CompletionRequest completion(JsonNode body, boolean chat, String headerRequestId) {
    String model = optString(body, "model");
    Boolean streamFlag = optBool(body, "stream");
    boolean stream = streamFlag != null && streamFlag;
    JsonNode streamOptions = body.get("stream_options");
    // vLLM's before-validator, `if data.get("stream_options") and not data.get("stream")`: only a
    // truthy value is refused without stream, so an empty object passes (and is then ignored).
    if (pyTruthy(streamOptions) && !stream) {
      throw ApiError.validation(
          PyRepr.validationError(
              "value_error",
              "('body',)",
              "Value error, Stream options can only be defined when `stream=True`.",
              pyInput(body),
              "{'error': ValueError('Stream options can only be defined when `stream=True`.')}"));
    }
    if (streamOptions != null && !streamOptions.isNull() && !streamOptions.isObject()) {
      throw typeError(
          "stream_options", "model_type", "Input should be a valid dictionary", streamOptions);
    }
    Integer maxTokensField = optInt(body, "max_tokens");
    Integer maxCompletionTokens = chat ? optInt(body, "max_completion_tokens") : null;
    Integer minTokensField = optInt(body, "min_tokens");
    Boolean ignoreEosField = optBool(body, "ignore_eos");
    Double temperature = optNumber(body, "temperature");
    Long seedField = optLong(body, "seed");
    Integer n = optInt(body, "n");
    String bodyRequestId = optString(body, "request_id");
    String cacheSalt = optString(body, "cache_salt");
    JsonNode kvParams = body.get("kv_transfer_params");
    if (kvParams != null && !kvParams.isNull() && !kvParams.isObject()) {
      throw typeError(
          "kv_transfer_params", "dict_type", "Input should be a valid dictionary", kvParams);
    }

    String served = resolveModel(model);
    int[] prompt = chat ? chatPrompt(body) : completionPrompt(body);
    checkVocabulary(prompt);

    if (n != null && n != 1) {
      throw ApiError.badRequest(
          "The emulator serves n=1 only; got n=" + n + ". Send n separate requests instead.", "n");
    }
    if (temperature != null && temperature < 0) {
      throw ApiError.badRequest(
          "temperature must be non-negative, got " + temperature + ".", "temperature");
    }

    // max_tokens: completions default 16; chat default null (fill the context).
    boolean explicitNull;
    Integer requested;
    String maxParam = "max_tokens";
    if (chat) {
      requested = maxCompletionTokens != null ? maxCompletionTokens : maxTokensField;
      if (maxCompletionTokens != null && ctx.compat().rendererMessages()) {
        maxParam = "max_completion_tokens";
      }
      explicitNull = requested == null;
    } else {
      explicitNull = body.has("max_tokens") && body.get("max_tokens").isNull();
      requested = explicitNull ? null : (maxTokensField != null ? maxTokensField : 16);
    }
    int maxTokens = checkContextLength(prompt.length, requested, chat, maxParam);
    if (maxTokens < 1) {
      throw ApiError.badRequest("max_tokens must be at least 1, got " + maxTokens + ".", maxParam);
    }
    int minTokens = minTokensField == null ? 0 : minTokensField;
    if (minTokens < 0) {
      throw ApiError.badRequest(
          "min_tokens must be greater than or equal to 0, got " + minTokens + ".", "min_tokens");
    }
    if (minTokens > maxTokens) {
      throw ApiError.badRequest(
          "min_tokens must be less than or equal to max_tokens="
              + maxTokens
              + ", got "
              + minTokens
              + ".",
          "min_tokens");
    }

    boolean includeUsage = false;
    boolean continuous = false;
    if (stream) {
      if (streamOptions != null && streamOptions.isObject()) {
        JsonNode iu = streamOptions.get("include_usage");
        includeUsage = iu == null || iu.isNull() || iu.asBoolean(true);
        JsonNode cu = streamOptions.get("continuous_usage_stats");
        continuous = includeUsage && cu != null && cu.asBoolean(false);
      }
      includeUsage = includeUsage || ctx.forceIncludeUsage();
    }

    String rid =
        headerRequestId != null
            ? headerRequestId
            : bodyRequestId != null ? bodyRequestId : UUID.randomUUID().toString().replace("-", "");
    String suffix = String.format("%08x", ThreadLocalRandom.current().nextInt());
    String id = (chat ? "chatcmpl-" : "cmpl-") + rid;
    String internalId = chat ? id + "-" + suffix : id + "-0-" + suffix;

    long seed;
    if (seedField != null) {
      seed = seedField;
    } else if (temperature != null && temperature == 0) {
      seed = java.util.Arrays.hashCode(prompt) * 0x9E3779B97F4A7C15L;
    } else {
      seed = ThreadLocalRandom.current().nextLong();
    }

    boolean remoteDecode = false;
    Optional<RemotePrefill> remotePrefill = Optional.empty();
    if (kvParams != null && kvParams.isObject()) {
      remoteDecode = kvParams.path("do_remote_decode").asBoolean(false);
      if (kvParams.path("do_remote_prefill").asBoolean(false)) {
        remotePrefill = Optional.of(remotePrefill(kvParams, internalId));
      }
    }

    return new CompletionRequest(
        chat,
        id,
        internalId,
        model == null || model.isEmpty() ? ctx.defaultModel() : served,
        System.currentTimeMillis() / 1000,
        prompt,
        maxTokens,
        minTokens,
        ignoreEosField != null && ignoreEosField,
        seed,
        stream,
        includeUsage,
        continuous,
        remoteDecode,
        remotePrefill,
        cacheSalt == null ? 0 : cacheSalt.hashCode() * 0xC2B2AE3D27D4EB4FL,
        headerRequestId != null ? headerRequestId : rid);
  }

  private static RemotePrefill remotePrefill(JsonNode p, String ownInternalId) {
    JsonNode ids = p.get("remote_block_ids");
    int blocks = ids != null && ids.isArray() ? ids.size() : 0;
    String requestId =
        p.hasNonNull("remote_request_id") ? p.get("remote_request_id").asText() : ownInternalId;
    return new RemotePrefill(
        p.path("remote_engine_id").asText(""),
        requestId,
        p.path("remote_host").asText("localhost"),
        p.path("remote_port").asInt(0),
        blocks);
  }

  /** Returns the served name for the request's model, or throws the 404. */
  String resolveModel(String model) {
    if (model == null || model.isEmpty()) {
      return ctx.defaultModel();
    }
    if (!ctx.servedModelNames().contains(model)) {
      throw ApiError.modelNotFound(model, "model");
    }
    return model;
  }

  /** Applies the version's context-length checks; returns the effective max_tokens. */
  private int checkContextLength(
      int promptTokens, Integer requested, boolean chat, String maxParam) {
    int limit = ctx.maxModelLen();
    if (ctx.compat().rendererMessages()) {
      if (requested != null && requested > limit) {
        throw ApiError.badRequest(
            "max_tokens="
                + requested
                + "cannot be greater than max_model_len=max_total_tokens="
                + limit
                + ". Please request fewer output tokens.",
            maxParam);
      }
      int m = requested == null ? 0 : requested;
      if (promptTokens + m > limit) {
        throw ApiError.badRequest(
            "You passed "
                + promptTokens
                + " input tokens and requested "
                + m
                + " output tokens. However, the model's context length is only "
                + limit
                + " tokens, resulting in a maximum input length of "
                + (limit - m)
                + " tokens. Please reduce the length of the input prompt.",
            "input_tokens");
      }
    } else if (!chat) {
      int m = requested == null ? 0 : requested;
      if (promptTokens > limit - m) {
        throw ApiError.badRequest(
            "This model's maximum context length is "
                + (limit - m)
                + " tokens. However, your request has "
                + promptTokens
                + " input tokens. Please reduce the length of the input messages.",
            "input_tokens");
      }
    } else {
      if (promptTokens >= limit) {
        throw ApiError.badRequest(
            "This model's maximum context length is "
                + limit
                + " tokens. However, your request has "
                + promptTokens
                + " input tokens. Please reduce the length of the input messages.",
            "input_tokens");
      }
      if (requested != null && promptTokens + requested > limit) {
        throw ApiError.badRequest(
            "'max_tokens' or 'max_completion_tokens' is too large: "
                + requested
                + ". This model's maximum context length is "
                + limit
                + " tokens and your request has "
                + promptTokens
                + " input tokens ("
                + requested
                + " > "
                + limit
                + " - "
                + promptTokens
                + ").",
            "max_tokens");
      }
    }
    return requested == null ? limit - promptTokens : requested;
  }

  private static void checkVocabulary(int[] prompt) {
    long offending = Long.MIN_VALUE;
    for (int id : prompt) {
      if (id < 0) {
        offending = id;
        break;
      }
      if (!Vocabulary.inVocabulary(id) && id > offending) {
        offending = id;
      }
    }
    if (offending != Long.MIN_VALUE) {
      throw ApiError.badRequest("Token id " + offending + " is out of vocabulary", "prompt");
    }
  }

  private int[] completionPrompt(JsonNode body) {
    JsonNode p = body.get("prompt");
    if (p == null || p.isNull()) {
      throw noPrompt();
    }
    if (p.isTextual()) {
      return textPrompt(p.asText());
    }
    if (p.isArray()) {
      if (p.isEmpty()) {
        throw noPrompt();
      }
      JsonNode first = p.get(0);
      if (first.isIntegralNumber()) {
        return idList(p);
      }
      if (p.size() != 1) {
        throw ApiError.badRequest(
            "The emulator serves one prompt per request; got a batch of "
                + p.size()
                + ". Send one request per prompt.",
            "prompt");
      }
      if (first.isTextual()) {
        return textPrompt(first.asText());
      }
      if (first.isArray()) {
        if (first.isEmpty()) {
          throw noPrompt();
        }
        return idList(first);
      }
    }
    throw typeError("prompt", "string_type", "Input should be a valid string", p);
  }

  private int[] textPrompt(String text) {
    if (text.isEmpty()) {
      throw noPrompt();
    }
    return ctx.tokenizer().encode(text);
  }

  private static int[] idList(JsonNode array) {
    int[] ids = new int[array.size()];
    for (int i = 0; i < ids.length; i++) {
      JsonNode v = array.get(i);
      if (!v.isIntegralNumber()) {
        throw typeError("prompt", "int_type", "Input should be a valid integer", v);
      }
      long id = v.asLong();
      if (id > Integer.MAX_VALUE || id < Integer.MIN_VALUE) {
        throw ApiError.badRequest("Token id " + id + " is out of vocabulary", "prompt");
      }
      ids[i] = (int) id;
    }
    return ids;
  }

  private static ApiError noPrompt() {
    return ApiError.badRequest(
        "Either prompt or prompt_embeds must be provided and non-empty.", "prompt");
  }

  int[] chatPrompt(JsonNode body) {
    JsonNode messages = body.get("messages");
    if (messages == null || messages.isNull()) {
      throw ApiError.validation(
          PyRepr.validationError(
              "missing", "('body', 'messages')", "Field required", pyInput(body), null));
    }
    if (!messages.isArray()) {
      throw typeError("messages", "list_type", "Input should be a valid list", messages);
    }
    boolean addGenerationPrompt = body.path("add_generation_prompt").asBoolean(true);
    return ctx.tokenizer().encode(ChatTemplate.render(messages(messages), addGenerationPrompt));
  }

  static List<ChatTemplate.Message> messages(JsonNode messages) {
    List<ChatTemplate.Message> out = new ArrayList<>();
    for (JsonNode m : messages) {
      if (!m.isObject() || !m.path("role").isTextual()) {
        throw ApiError.validation(
            PyRepr.validationError(
                "missing",
                "('body', 'messages', " + out.size() + ", 'role')",
                "Field required",
                pyInput(m),
                null));
      }
      JsonNode content = m.get("content");
      String text;
      if (content == null || content.isNull()) {
        text = "";
      } else if (content.isTextual()) {
        text = content.asText();
      } else if (content.isArray()) {
        StringBuilder sb = new StringBuilder();
        for (JsonNode part : content) {
          if (part.path("type").asText().equals("text")) {
            if (sb.length() > 0) {
              sb.append('\n');
            }
            sb.append(part.path("text").asText());
          }
        }
        text = sb.toString();
      } else {
        throw typeError("messages", "string_type", "Input should be a valid string", content);
      }
      out.add(new ChatTemplate.Message(m.get("role").asText(), text));
    }
    return out;
  }

  // ---------------------------------------------------------------- typed fields

  static String optString(JsonNode body, String field) {
    JsonNode v = body.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isTextual()) {
      throw typeError(field, "string_type", "Input should be a valid string", v);
    }
    return v.asText();
  }

  static Boolean optBool(JsonNode body, String field) {
    JsonNode v = body.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isBoolean()) {
      throw typeError(field, "bool_type", "Input should be a valid boolean", v);
    }
    return v.asBoolean();
  }

  static Integer optInt(JsonNode body, String field) {
    Long v = optLong(body, field);
    if (v == null) {
      return null;
    }
    if (v > Integer.MAX_VALUE || v < Integer.MIN_VALUE) {
      throw ApiError.badRequest(field + " " + v + " is out of range.", field);
    }
    return v.intValue();
  }

  static Long optLong(JsonNode body, String field) {
    JsonNode v = body.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (v.isIntegralNumber() && v.canConvertToLong()) {
      return v.asLong();
    }
    if (v.isFloatingPointNumber() && v.asDouble() == Math.rint(v.asDouble())) {
      return (long) v.asDouble();
    }
    throw typeError(field, "int_type", "Input should be a valid integer", v);
  }

  static Double optNumber(JsonNode body, String field) {
    JsonNode v = body.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isNumber()) {
      throw typeError(field, "float_type", "Input should be a valid number", v);
    }
    return v.asDouble();
  }

  static ApiError typeError(String field, String type, String msg, JsonNode input) {
    return ApiError.validation(
        PyRepr.validationError(
            type, "('body', " + PyRepr.str(field) + ")", msg, pyInput(input), null));
  }

  /** A Python-looking rendering of a JSON value for validation dumps. */
  static String pyInput(JsonNode v) {
    if (v == null || v.isNull()) {
      return "None";
    }
    if (v.isTextual()) {
      return PyRepr.str(v.asText());
    }
    if (v.isBoolean()) {
      return v.asBoolean() ? "True" : "False";
    }
    String s = v.toString();
    return s.length() > 200 ? s.substring(0, 200) + "..." : s;
  }
}
