package io.llmharness.proxy.internal.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;

/** Whole responses the proxy writes itself. */
public final class Responses {

  /** vLLM's JSON content type. */
  public static final String JSON = "application/json";

  private Responses() {}

  /** vLLM's error envelope with {@code type} = the status's reason phrase. */
  public static FullHttpResponse error(HttpResponseStatus status, String message) {
    return json(status, Json.errorEnvelope(message, status.reasonPhrase(), status.code()));
  }

  /** A JSON body. */
  public static FullHttpResponse json(HttpResponseStatus status, byte[] body) {
    return body(status, JSON, Unpooled.wrappedBuffer(body));
  }

  /** A text body. */
  public static FullHttpResponse text(HttpResponseStatus status, String contentType, String body) {
    return body(status, contentType, Unpooled.wrappedBuffer(body.getBytes(StandardCharsets.UTF_8)));
  }

  /** A body with a content type and length. */
  public static FullHttpResponse body(HttpResponseStatus status, String contentType, ByteBuf body) {
    FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, body);
    if (contentType != null) {
      r.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
    }
    r.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes());
    return r;
  }
}
