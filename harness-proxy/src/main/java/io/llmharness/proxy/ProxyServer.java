package io.llmharness.proxy;

import io.llmharness.proxy.internal.server.NettyProxy;
import java.io.PrintStream;
import java.net.URI;
import java.util.Objects;

/**
 * A running proxy in this JVM.
 *
 * <pre>{@code
 * ProxyConfig config = ProxyConfig.builder()
 *     .prefill(URI.create("http://10.0.0.1:8100"))
 *     .decode(URI.create("http://10.0.0.2:8200"))
 *     .port(0)
 *     .build();
 * try (ProxyServer proxy = ProxyServer.start(config)) {
 *   URI base = proxy.uri();   // send /v1/completions here
 * }
 * }</pre>
 *
 * @since 0.1.0
 */
public final class ProxyServer implements AutoCloseable {

  private final ProxyConfig config;
  private final NettyProxy netty;
  private boolean stopped;

  private ProxyServer(ProxyConfig config, NettyProxy netty) {
    this.config = config;
    this.netty = netty;
  }

  /**
   * Binds {@code config.host():config.port()} and serves until {@link #close()}; warnings go to
   * standard error.
   *
   * @throws IllegalStateException when the address cannot be bound
   */
  public static ProxyServer start(ProxyConfig config) {
    return start(config, System.err);
  }

  /** Like {@link #start(ProxyConfig)}, with warnings and the access log going to {@code log}. */
  public static ProxyServer start(ProxyConfig config, PrintStream log) {
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(log, "log");
    return new ProxyServer(config, NettyProxy.start(config, log));
  }

  /** The configuration it runs with. */
  public ProxyConfig config() {
    return config;
  }

  /** The port it listens on (the bound one when the configuration asked for 0). */
  public int port() {
    return netty.port();
  }

  /** {@code http://host:port}, the base URL clients use. */
  public URI uri() {
    String host = config.host().contains(":") ? "[" + config.host() + "]" : config.host();
    return URI.create("http://" + host + ":" + port());
  }

  /** The proxy's own metrics, as {@code GET /metrics} serves them. */
  public String metricsText() {
    return netty.metricsText();
  }

  /** Stops listening, closes every connection and ends its threads. Idempotent. */
  @Override
  public synchronized void close() {
    if (!stopped) {
      stopped = true;
      netty.stop();
    }
  }
}
