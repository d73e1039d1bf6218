package io.llmharness.proxy;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Everything the proxy needs to run. Build one with {@link #builder()}; the defaults are those of
 * the command line ({@code harness-proxy/README.md}).
 *
 * @param prefill prefill servers ({@code http://host:port}), used round robin
 * @param decode decode servers, used round robin
 * @param host the address to listen on ({@code 127.0.0.1} unless told otherwise)
 * @param port the port to listen on; 0 picks a free one
 * @param connectTimeout limit for opening a connection to an upstream server
 * @param prefillTimeout limit for the whole prefill exchange (request sent to full response)
 * @param decodeTimeout limit from sending the decode request to the decode server's response head
 * @param decodeReadTimeout limit on silence between bytes of the decode server's response
 * @param upstreamIdleTimeout how long a pooled upstream connection may stay idle; below vLLM's 5 s
 * @param keepAliveTimeout how long an idle client connection stays open (vLLM's 5 s)
 * @param maxBodyBytes request bodies larger than this get 413
 * @param maxResponseBytes upstream bodies the proxy buffers (prefill, non-streaming) are limited to
 *     this
 * @param onMissingKvParams what to do when the prefill server returns no kv_transfer_params
 * @param lengthCheck how prompts are checked against the decode server's context length
 * @param ioThreads event-loop threads (default {@link #defaultIoThreads()})
 * @param accessLog whether to print one line per completion request on standard output
 * @since 0.1.0
 */
public record ProxyConfig(
    List<URI> prefill,
    List<URI> decode,
    String host,
    int port,
    Duration connectTimeout,
    Duration prefillTimeout,
    Duration decodeTimeout,
    Duration decodeReadTimeout,
    Duration upstreamIdleTimeout,
    Duration keepAliveTimeout,
    long maxBodyBytes,
    long maxResponseBytes,
    OnMissingKvParams onMissingKvParams,
    LengthCheck lengthCheck,
    int ioThreads,
    boolean accessLog) {

  public ProxyConfig {
    prefill = checkUrls(prefill, "--prefill");
    decode = checkUrls(decode, "--decode");
    Objects.requireNonNull(host, "host");
    if (host.isBlank()) {
      throw new IllegalArgumentException("--host is empty; give an address such as 127.0.0.1");
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("--port " + port + " is out of range; use 0 to 65535");
    }
    positive(connectTimeout, "--connect-timeout");
    positive(prefillTimeout, "--prefill-timeout");
    positive(decodeTimeout, "--decode-timeout");
    positive(decodeReadTimeout, "--decode-read-timeout");
    positive(upstreamIdleTimeout, "--upstream-idle-timeout");
    positive(keepAliveTimeout, "--keep-alive-timeout");
    size(maxBodyBytes, "--max-body-size");
    size(maxResponseBytes, "--max-response-size");
    Objects.requireNonNull(onMissingKvParams, "onMissingKvParams");
    Objects.requireNonNull(lengthCheck, "lengthCheck");
    if (ioThreads < 1) {
      throw new IllegalArgumentException("--io-threads " + ioThreads + " must be at least 1");
    }
  }

  /** A builder with the command line's defaults; prefill and decode servers must be added. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder starting from this configuration. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.prefill.addAll(prefill);
    b.decode.addAll(decode);
    b.host = host;
    b.port = port;
    b.connectTimeout = connectTimeout;
    b.prefillTimeout = prefillTimeout;
    b.decodeTimeout = decodeTimeout;
    b.decodeReadTimeout = decodeReadTimeout;
    b.upstreamIdleTimeout = upstreamIdleTimeout;
    b.keepAliveTimeout = keepAliveTimeout;
    b.maxBodyBytes = maxBodyBytes;
    b.maxResponseBytes = maxResponseBytes;
    b.onMissingKvParams = onMissingKvParams;
    b.lengthCheck = lengthCheck;
    b.ioThreads = ioThreads;
    b.accessLog = accessLog;
    return b;
  }

  private static List<URI> checkUrls(List<URI> urls, String flag) {
    Objects.requireNonNull(urls, flag);
    if (urls.isEmpty()) {
      throw new IllegalArgumentException(
          "no " + flag + " server given; pass " + flag + " http://host:port at least once");
    }
    List<URI> out = new ArrayList<>(urls.size());
    for (URI u : urls) {
      Objects.requireNonNull(u, flag);
      String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
      if (!scheme.equals("http")) {
        throw new IllegalArgumentException(
            flag
                + " "
                + u
                + " is not an http:// URL; give http://host:port (TLS is not supported)");
      }
      if (u.getHost() == null || u.getHost().isEmpty()) {
        throw new IllegalArgumentException(flag + " " + u + " has no host; give http://host:port");
      }
      if (u.getRawQuery() != null || u.getRawFragment() != null) {
        throw new IllegalArgumentException(
            flag + " " + u + " has a query or fragment; give only http://host:port[/base-path]");
      }
      out.add(u);
    }
    return List.copyOf(out);
  }

  private static void positive(Duration d, String flag) {
    Objects.requireNonNull(d, flag);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(flag + " " + d + " must be positive");
    }
  }

  private static void size(long bytes, String flag) {
    if (bytes < 1 || bytes > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(
          flag + " " + bytes + " bytes is out of range; use 1 to " + Integer.MAX_VALUE + " bytes");
    }
  }

  /**
   * Half the processors, at least one: the proxy shares its node with a prefill server, and on two
   * cores one event loop gave a fraction of the added latency of two (BENCHMARKS.md, "Proxy").
   */
  public static int defaultIoThreads() {
    return Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
  }

  /** Collects settings; unset ones take the command line's defaults. */
  public static final class Builder {
    private final List<URI> prefill = new ArrayList<>();
    private final List<URI> decode = new ArrayList<>();
    private String host = "127.0.0.1";
    private int port = 8000;
    private Duration connectTimeout = Duration.ofSeconds(10);
    private Duration prefillTimeout = Duration.ofSeconds(300);
    private Duration decodeTimeout = Duration.ofSeconds(600);
    private Duration decodeReadTimeout = Duration.ofSeconds(600);
    private Duration upstreamIdleTimeout = Duration.ofSeconds(4);
    private Duration keepAliveTimeout = Duration.ofSeconds(5);
    private long maxBodyBytes = 64L << 20;
    private long maxResponseBytes = 256L << 20;
    private OnMissingKvParams onMissingKvParams = OnMissingKvParams.FAIL;
    private LengthCheck lengthCheck = LengthCheck.AUTO;
    private int ioThreads = defaultIoThreads();
    private boolean accessLog;

    private Builder() {}

    /** Adds a prefill server. */
    public Builder prefill(URI url) {
      prefill.add(url);
      return this;
    }

    /** Adds a decode server. */
    public Builder decode(URI url) {
      decode.add(url);
      return this;
    }

    public Builder host(String host) {
      this.host = host;
      return this;
    }

    public Builder port(int port) {
      this.port = port;
      return this;
    }

    public Builder connectTimeout(Duration d) {
      this.connectTimeout = d;
      return this;
    }

    public Builder prefillTimeout(Duration d) {
      this.prefillTimeout = d;
      return this;
    }

    public Builder decodeTimeout(Duration d) {
      this.decodeTimeout = d;
      return this;
    }

    public Builder decodeReadTimeout(Duration d) {
      this.decodeReadTimeout = d;
      return this;
    }

    public Builder upstreamIdleTimeout(Duration d) {
      this.upstreamIdleTimeout = d;
      return this;
    }

    public Builder keepAliveTimeout(Duration d) {
      this.keepAliveTimeout = d;
      return this;
    }

    public Builder maxBodyBytes(long bytes) {
      this.maxBodyBytes = bytes;
      return this;
    }

    public Builder maxResponseBytes(long bytes) {
      this.maxResponseBytes = bytes;
      return this;
    }

    public Builder onMissingKvParams(OnMissingKvParams v) {
      this.onMissingKvParams = v;
      return this;
    }

    public Builder lengthCheck(LengthCheck v) {
      this.lengthCheck = v;
      return this;
    }

    public Builder ioThreads(int n) {
      this.ioThreads = n;
      return this;
    }

    public Builder accessLog(boolean on) {
      this.accessLog = on;
      return this;
    }

    /** Validates and builds; throws {@link IllegalArgumentException} naming the bad value. */
    public ProxyConfig build() {
      return new ProxyConfig(
          prefill,
          decode,
          host,
          port,
          connectTimeout,
          prefillTimeout,
          decodeTimeout,
          decodeReadTimeout,
          upstreamIdleTimeout,
          keepAliveTimeout,
          maxBodyBytes,
          maxResponseBytes,
          onMissingKvParams,
          lengthCheck,
          ioThreads,
          accessLog);
    }
  }
}
