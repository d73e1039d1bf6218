package io.llmharness.proxy.internal.upstream;

import java.net.URI;
import java.util.Objects;

/**
 * One upstream server (vLLM or the emulator) by its base URL.
 *
 * @param role {@code prefill} or {@code decode}, for messages and metrics
 * @param uri the URL as given
 * @param host the host to connect to
 * @param port the port (80 when the URL has none)
 * @param hostHeader the {@code Host} header value
 * @param basePath the URL's path without a trailing slash, prefixed to every request path
 */
public record Upstream(
    String role, URI uri, String host, int port, String hostHeader, String basePath) {

  public Upstream {
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(uri, "uri");
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(hostHeader, "hostHeader");
    Objects.requireNonNull(basePath, "basePath");
  }

  /** The upstream for a validated {@code http://host[:port][/path]} URL. */
  public static Upstream of(String role, URI uri) {
    int port = uri.getPort() < 0 ? 80 : uri.getPort();
    String host = uri.getHost();
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    String path = uri.getRawPath() == null ? "" : uri.getRawPath();
    while (path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    String hostHeader = uri.getPort() < 0 ? uri.getHost() : uri.getHost() + ":" + port;
    return new Upstream(role, uri, host, port, hostHeader, path);
  }

  /** The request target for {@code path} (which starts with a slash) on this server. */
  public String target(String path) {
    return basePath.isEmpty() ? path : basePath + path;
  }

  /** The URL as text, without a trailing slash. */
  public String label() {
    String s = uri.toString();
    return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
  }

  @Override
  public String toString() {
    return role + " server " + label();
  }
}
