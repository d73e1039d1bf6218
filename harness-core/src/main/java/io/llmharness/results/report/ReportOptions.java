package io.llmharness.results.report;

import io.llmharness.stats.BootstrapOptions;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * How a run report computes what it shows.
 *
 * @param kvBytesPerToken KV cache bytes per prompt token, for the predicted KV transfer time of the
 *     EFA-versus-TCP section ({@value #DEFAULT_KV_BYTES_PER_TOKEN} for Qwen2.5-32B in BF16: 64
 *     layers × 8 KV heads × 128 dimensions × 2 (K and V) × 2 bytes)
 * @param bootstrap the bootstrap of the TCP − EFA TTFT difference
 * @since 0.1.0
 */
public record ReportOptions(long kvBytesPerToken, BootstrapOptions bootstrap) {
  /** The configuration key of {@link #kvBytesPerToken()}. */
  public static final String KV_BYTES_PER_TOKEN_KEY = "harness.report.kvBytesPerToken";

  /** KV bytes per token of Qwen2.5-32B (BF16). */
  public static final long DEFAULT_KV_BYTES_PER_TOKEN = 262_144L;

  public ReportOptions {
    if (kvBytesPerToken < 1) {
      throw new IllegalArgumentException(
          KV_BYTES_PER_TOKEN_KEY
              + " must be a positive number of bytes, e.g. "
              + DEFAULT_KV_BYTES_PER_TOKEN
              + " for Qwen2.5-32B, but was ["
              + kvBytesPerToken
              + "].");
    }
    Objects.requireNonNull(bootstrap, "bootstrap");
  }

  /** {@value #DEFAULT_KV_BYTES_PER_TOKEN} bytes per token and the default bootstrap. */
  public static ReportOptions defaults() {
    return new ReportOptions(DEFAULT_KV_BYTES_PER_TOKEN, BootstrapOptions.defaults());
  }

  /**
   * The defaults with {@value #KV_BYTES_PER_TOKEN_KEY} read through {@code lookup} (JUnit
   * configuration parameters or system properties).
   *
   * @throws IllegalArgumentException naming the key when its value is not a positive whole number
   */
  public static ReportOptions from(Function<String, Optional<String>> lookup) {
    Optional<String> value = lookup.apply(KV_BYTES_PER_TOKEN_KEY).map(String::strip);
    if (value.isEmpty() || value.get().isEmpty()) {
      return defaults();
    }
    try {
      return defaults().withKvBytesPerToken(Long.parseLong(value.get().replace("_", "")));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          KV_BYTES_PER_TOKEN_KEY
              + " must be a whole number of bytes, e.g. "
              + DEFAULT_KV_BYTES_PER_TOKEN
              + ", but was ["
              + value.get()
              + "].",
          e);
    }
  }

  /** These options with another number of KV bytes per token. */
  public ReportOptions withKvBytesPerToken(long bytes) {
    return new ReportOptions(bytes, bootstrap);
  }

  /** These options with another bootstrap. */
  public ReportOptions withBootstrap(BootstrapOptions options) {
    return new ReportOptions(kvBytesPerToken, options);
  }
}
