package io.llmharness.proxy.internal.http;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/** Which headers cross the proxy, in each direction. */
public final class Headers {

  /** The request id header vLLM reads. */
  public static final AsciiString REQUEST_ID = AsciiString.cached("x-request-id");

  private static final Set<AsciiString> HOP_BY_HOP =
      Set.of(
          HttpHeaderNames.CONNECTION,
          AsciiString.cached("keep-alive"),
          AsciiString.cached("proxy-connection"),
          HttpHeaderNames.TRANSFER_ENCODING,
          HttpHeaderNames.TE,
          HttpHeaderNames.TRAILER,
          HttpHeaderNames.UPGRADE,
          HttpHeaderNames.CONTENT_LENGTH);

  /** Also set by the proxy itself on prefill and decode calls. */
  private static final Set<AsciiString> SET_FOR_COMPLETIONS =
      Set.of(
          HttpHeaderNames.HOST,
          HttpHeaderNames.EXPECT,
          HttpHeaderNames.CONTENT_TYPE,
          HttpHeaderNames.ACCEPT_ENCODING,
          REQUEST_ID);

  private Headers() {}

  /**
   * The client's headers to send on prefill and decode calls: end-to-end ones only, without those
   * the proxy sets ({@code Host}, {@code Content-Type}, {@code X-Request-Id}) and without {@code
   * Accept-Encoding}, so bodies arrive uncompressed.
   */
  public static HttpHeaders forCompletionCalls(HttpHeaders client) {
    HttpHeaders out = new DefaultHttpHeaders();
    Iterator<Map.Entry<CharSequence, CharSequence>> it = client.iteratorCharSequence();
    while (it.hasNext()) {
      Map.Entry<CharSequence, CharSequence> e = it.next();
      AsciiString name = AsciiString.of(e.getKey()).toLowerCase();
      if (!HOP_BY_HOP.contains(name) && !SET_FOR_COMPLETIONS.contains(name)) {
        out.add(e.getKey(), e.getValue());
      }
    }
    return out;
  }

  /** The client's headers to pass through to an upstream server (all but hop-by-hop and Host). */
  public static HttpHeaders forPassthrough(HttpHeaders client) {
    HttpHeaders out = new DefaultHttpHeaders();
    Iterator<Map.Entry<CharSequence, CharSequence>> it = client.iteratorCharSequence();
    while (it.hasNext()) {
      Map.Entry<CharSequence, CharSequence> e = it.next();
      AsciiString name = AsciiString.of(e.getKey()).toLowerCase();
      if (!HOP_BY_HOP.contains(name)
          && !name.contentEquals(HttpHeaderNames.HOST)
          && !name.contentEquals(HttpHeaderNames.EXPECT)) {
        out.add(e.getKey(), e.getValue());
      }
    }
    return out;
  }

  /** Copies an upstream response's end-to-end headers into the client response's headers. */
  public static void copyResponseHeaders(HttpHeaders from, HttpHeaders to) {
    Iterator<Map.Entry<CharSequence, CharSequence>> it = from.iteratorCharSequence();
    while (it.hasNext()) {
      Map.Entry<CharSequence, CharSequence> e = it.next();
      if (!HOP_BY_HOP.contains(AsciiString.of(e.getKey()).toLowerCase())) {
        to.add(e.getKey(), e.getValue());
      }
    }
  }
}
