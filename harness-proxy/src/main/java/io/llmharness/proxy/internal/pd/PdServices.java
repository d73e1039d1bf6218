package io.llmharness.proxy.internal.pd;

import io.llmharness.proxy.ProxyConfig;
import io.llmharness.proxy.internal.metrics.ProxyMetrics;
import java.io.PrintStream;
import java.util.Objects;

/**
 * What every P/D exchange shares.
 *
 * @param config the proxy's configuration
 * @param metrics the proxy's metrics
 * @param limits the decode servers' context lengths
 * @param log where warnings and the access log go
 */
public record PdServices(
    ProxyConfig config, ProxyMetrics metrics, ContextLimits limits, PrintStream log) {

  public PdServices {
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(metrics, "metrics");
    Objects.requireNonNull(limits, "limits");
    Objects.requireNonNull(log, "log");
  }
}
