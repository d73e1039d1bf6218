package io.llmharness.proxy.internal.pd;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmharness.proxy.internal.http.Json;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What the proxy reads from the prefill server's (non-streaming) response.
 *
 * @param kvParams {@code kv_transfer_params} when it is a non-empty object
 * @param promptTokens {@code usage.prompt_tokens}
 * @param cachedTokens {@code usage.prompt_tokens_details.cached_tokens}
 * @param finishReason {@code choices[0].finish_reason}
 * @param remoteBlocks how many {@code remote_block_ids} the params list
 * @param remoteEngineId {@code remote_engine_id}
 */
public record PrefillOutcome(
    Optional<ObjectNode> kvParams,
    OptionalInt promptTokens,
    OptionalInt cachedTokens,
    Optional<String> finishReason,
    OptionalInt remoteBlocks,
    Optional<String> remoteEngineId) {

  /**
   * Parses the body.
   *
   * @throws IOException when it is not a JSON object
   */
  public static PrefillOutcome parse(ByteBuf body) throws IOException {
    JsonNode root;
    try (InputStream in = new ByteBufInputStream(body.duplicate())) {
      root = Json.MAPPER.readTree(in);
    }
    if (root == null || !root.isObject()) {
      throw new IOException("the body is not a JSON object");
    }
    JsonNode kv = root.get(BodyRewriter.KV_TRANSFER_PARAMS);
    Optional<ObjectNode> params =
        kv instanceof ObjectNode o && !o.isEmpty() ? Optional.of(o) : Optional.empty();
    JsonNode usage = root.path("usage");
    JsonNode finish = root.path("choices").path(0).path("finish_reason");
    JsonNode blocks = kv == null ? null : kv.get("remote_block_ids");
    JsonNode engine = kv == null ? null : kv.get("remote_engine_id");
    return new PrefillOutcome(
        params,
        integer(usage.get("prompt_tokens")),
        integer(usage.path("prompt_tokens_details").get("cached_tokens")),
        finish.isTextual() ? Optional.of(finish.asText()) : Optional.empty(),
        blocks != null && blocks.isArray() ? OptionalInt.of(blocks.size()) : OptionalInt.empty(),
        engine != null && engine.isTextual() ? Optional.of(engine.asText()) : Optional.empty());
  }

  private static OptionalInt integer(JsonNode n) {
    return n != null && n.canConvertToInt() && n.isIntegralNumber()
        ? OptionalInt.of(n.intValue())
        : OptionalInt.empty();
  }
}
