package io.llmharness.proxy.internal.upstream;

import java.util.Objects;

/**
 * Why an upstream exchange failed.
 *
 * @param kind the class of failure
 * @param detail a short description (the exception's message)
 * @param responseStarted whether the response head had arrived
 */
public record UpstreamFailure(Kind kind, String detail, boolean responseStarted) {

  public UpstreamFailure {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(detail, "detail");
  }

  /** The class of failure. */
  public enum Kind {
    /** No connection could be opened (refused, unreachable, connect timeout). */
    CONNECT,
    /** The connection closed or broke before the response was complete. */
    CLOSED,
    /** The server's response was not valid HTTP. */
    PROTOCOL,
    /** The response body exceeded the limit of what the proxy buffers. */
    TOO_LARGE,
    /** The server took longer than the proxy's limit. */
    TIMEOUT
  }
}
