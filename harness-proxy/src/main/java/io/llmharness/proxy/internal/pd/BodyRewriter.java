package io.llmharness.proxy.internal.pd;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmharness.proxy.internal.http.Json;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufOutputStream;
import io.netty.buffer.CompositeByteBuf;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The two request bodies of the P/D protocol ({@code reference/vllm-api.md} §4.1, §4.6), made from
 * the client's body.
 */
public final class BodyRewriter {

  /** The field both calls carry. */
  public static final String KV_TRANSFER_PARAMS = "kv_transfer_params";

  private static final byte[] KV_FIELD =
      ("\"" + KV_TRANSFER_PARAMS + "\":").getBytes(StandardCharsets.US_ASCII);

  private BodyRewriter() {}

  /**
   * The prefill call's body: the client's fields in their order, with {@code max_tokens: 1} (and
   * {@code max_completion_tokens: 1} when present), {@code stream: false}, no {@code
   * stream_options}, {@code min_tokens: 1} (masks EOS and stop tokens on P's one token, so P always
   * finishes length-capped and pins the blocks), and {@code kv_transfer_params} asking for a remote
   * decode.
   */
  public static ObjectNode prefillBody(ObjectNode client) {
    ObjectNode p = JsonNodeFactory.instance.objectNode();
    p.setAll(client);
    p.put("max_tokens", 1);
    if (p.has("max_completion_tokens")) {
      p.put("max_completion_tokens", 1);
    }
    p.put("stream", false);
    p.remove("stream_options");
    p.put("min_tokens", 1);
    p.set(KV_TRANSFER_PARAMS, prefillKvParams());
    return p;
  }

  /** {@code {do_remote_decode: true, do_remote_prefill: false, remote_*: null}}. */
  static ObjectNode prefillKvParams() {
    ObjectNode kv = JsonNodeFactory.instance.objectNode();
    kv.put("do_remote_decode", true);
    kv.put("do_remote_prefill", false);
    kv.putNull("remote_engine_id");
    kv.putNull("remote_block_ids");
    kv.putNull("remote_host");
    kv.putNull("remote_port");
    return kv;
  }

  /** Serializes {@code node} into a new buffer. */
  public static ByteBuf serialize(JsonNode node, ByteBufAllocator alloc) {
    ByteBuf buf = alloc.buffer();
    try (ByteBufOutputStream out = new ByteBufOutputStream(buf)) {
      Json.MAPPER.writeValue((OutputStream) out, node);
    } catch (IOException e) {
      buf.release();
      throw new UncheckedIOException(e);
    }
    return buf;
  }

  /**
   * The decode call's body: the client's bytes unchanged with {@code "kv_transfer_params": <P's
   * params>} added before the closing brace. When the client sent its own {@code
   * kv_transfer_params}, the parsed body is re-serialized with P's params in their place instead.
   *
   * @param clientBytes the client's body (not consumed; the result holds its own reference)
   * @param client the parsed client body
   * @param kvParams the prefill response's {@code kv_transfer_params}
   */
  public static ByteBuf decodeBody(
      ByteBuf clientBytes, ObjectNode client, JsonNode kvParams, ByteBufAllocator alloc) {
    if (client.has(KV_TRANSFER_PARAMS)) {
      ObjectNode d = JsonNodeFactory.instance.objectNode();
      d.setAll(client);
      d.set(KV_TRANSFER_PARAMS, kvParams);
      return serialize(d, alloc);
    }
    int close = closingBrace(clientBytes);
    byte[] kv;
    try {
      kv = Json.MAPPER.writeValueAsBytes(kvParams);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ByteBuf suffix = alloc.buffer(KV_FIELD.length + kv.length + 2);
    if (!client.isEmpty()) {
      suffix.writeByte(',');
    }
    suffix.writeBytes(KV_FIELD).writeBytes(kv).writeByte('}');
    int start = clientBytes.readerIndex();
    CompositeByteBuf out = alloc.compositeBuffer(2);
    out.addComponent(true, clientBytes.retainedSlice(start, close - start));
    out.addComponent(true, suffix);
    return out;
  }

  /** Index of the top-level object's closing brace (the last byte that is not JSON whitespace). */
  static int closingBrace(ByteBuf body) {
    int i = body.writerIndex() - 1;
    while (i >= body.readerIndex()) {
      byte b = body.getByte(i);
      if (b == '}') {
        return i;
      }
      if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
        break;
      }
      i--;
    }
    throw new IllegalArgumentException("the request body does not end with '}'");
  }
}
