package io.llmharness.results;

import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The seed's {@code metadata} object of a scenario result (seed-system.md §2.9), filled by the
 * runner from the scenario spec; {@code total_successful_requests} is added by the analysis. Build
 * it with {@link #builder()}.
 *
 * @param phase the study phase (the seed's int), when the scenario has one
 * @param mode {@code "unified"} or {@code "disaggregated"}
 * @param backend {@code "none"}, {@code "tcp"} or {@code "efa"}
 * @param prefixCache whether the server's prefix cache was enabled
 * @param promptTokens the target prompt length in tokens
 * @param maxTokens {@code max_tokens} of every request
 * @param warmupIterations warmup requests sent before measuring
 * @param measurementIterations the scenario's iterations (rounds in the seed's rounds mode)
 * @param concurrency requests in flight
 * @param measurementType {@code "online"}
 * @param measurementMethod the client, {@code "okhttp"} (the seed wrote {@code "aiohttp"})
 * @param timestamp local time of the run, written without zone like the seed
 * @param model the served model name
 * @param vllmVersion the server's version, or {@code "unknown"}
 * @param instanceType the cloud instance type, or {@code "unknown"}
 * @param layer the seed's layer label, if any
 * @param priority the seed's priority label, if any
 * @since 0.1.0
 */
public record ScenarioMetadata(
    OptionalInt phase,
    String mode,
    String backend,
    boolean prefixCache,
    int promptTokens,
    int maxTokens,
    int warmupIterations,
    int measurementIterations,
    int concurrency,
    String measurementType,
    String measurementMethod,
    LocalDateTime timestamp,
    String model,
    String vllmVersion,
    String instanceType,
    Optional<String> layer,
    Optional<String> priority) {

  public ScenarioMetadata {
    Objects.requireNonNull(phase, "phase");
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(backend, "backend");
    Objects.requireNonNull(measurementType, "measurementType");
    Objects.requireNonNull(measurementMethod, "measurementMethod");
    Objects.requireNonNull(timestamp, "timestamp");
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(vllmVersion, "vllmVersion");
    Objects.requireNonNull(instanceType, "instanceType");
    Objects.requireNonNull(layer, "layer");
    Objects.requireNonNull(priority, "priority");
    if (warmupIterations < 0) {
      throw new IllegalArgumentException(
          "warmup_iterations must be >= 0, but was [" + warmupIterations + "].");
    }
    if (concurrency < 1) {
      throw new IllegalArgumentException(
          "concurrency must be >= 1, but was [" + concurrency + "].");
    }
  }

  /** A builder with the seed's defaults: online, okhttp, unknown version and instance type. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds {@link ScenarioMetadata}; every field without a default must be set. */
  public static final class Builder {
    private OptionalInt phase = OptionalInt.empty();
    private String mode;
    private String backend;
    private boolean prefixCache;
    private int promptTokens;
    private int maxTokens;
    private int warmupIterations;
    private int measurementIterations;
    private int concurrency = 1;
    private String measurementType = "online";
    private String measurementMethod = "okhttp";
    private LocalDateTime timestamp = LocalDateTime.now().truncatedTo(ChronoUnit.SECONDS);
    private String model;
    private String vllmVersion = "unknown";
    private String instanceType = "unknown";
    private Optional<String> layer = Optional.empty();
    private Optional<String> priority = Optional.empty();

    private Builder() {}

    /** The study phase. */
    public Builder phase(int value) {
      this.phase = OptionalInt.of(value);
      return this;
    }

    /** {@code "unified"} or {@code "disaggregated"}. */
    public Builder mode(String value) {
      this.mode = value;
      return this;
    }

    /** {@code "none"}, {@code "tcp"} or {@code "efa"}. */
    public Builder backend(String value) {
      this.backend = value;
      return this;
    }

    /** Whether the prefix cache was enabled. */
    public Builder prefixCache(boolean value) {
      this.prefixCache = value;
      return this;
    }

    /** The target prompt length. */
    public Builder promptTokens(int value) {
      this.promptTokens = value;
      return this;
    }

    /** {@code max_tokens}. */
    public Builder maxTokens(int value) {
      this.maxTokens = value;
      return this;
    }

    /** Warmup requests. */
    public Builder warmupIterations(int value) {
      this.warmupIterations = value;
      return this;
    }

    /** Measured iterations. */
    public Builder measurementIterations(int value) {
      this.measurementIterations = value;
      return this;
    }

    /** Requests in flight. */
    public Builder concurrency(int value) {
      this.concurrency = value;
      return this;
    }

    /** Default {@code "online"}. */
    public Builder measurementType(String value) {
      this.measurementType = value;
      return this;
    }

    /** Default {@code "okhttp"}. */
    public Builder measurementMethod(String value) {
      this.measurementMethod = value;
      return this;
    }

    /** Default: now, to the second. */
    public Builder timestamp(LocalDateTime value) {
      this.timestamp = value;
      return this;
    }

    /** The served model name. */
    public Builder model(String value) {
      this.model = value;
      return this;
    }

    /** Default {@code "unknown"}. */
    public Builder vllmVersion(String value) {
      this.vllmVersion = value;
      return this;
    }

    /** Default {@code "unknown"}. */
    public Builder instanceType(String value) {
      this.instanceType = value;
      return this;
    }

    /** The seed's layer label. */
    public Builder layer(String value) {
      this.layer = Optional.of(value);
      return this;
    }

    /** The seed's priority label. */
    public Builder priority(String value) {
      this.priority = Optional.of(value);
      return this;
    }

    /** The metadata; fails naming the first missing field. */
    public ScenarioMetadata build() {
      return new ScenarioMetadata(
          phase,
          Objects.requireNonNull(mode, "mode is required, e.g. \"unified\""),
          Objects.requireNonNull(backend, "backend is required, e.g. \"none\""),
          prefixCache,
          promptTokens,
          maxTokens,
          warmupIterations,
          measurementIterations,
          concurrency,
          measurementType,
          measurementMethod,
          timestamp,
          Objects.requireNonNull(model, "model is required"),
          vllmVersion,
          instanceType,
          layer,
          priority);
    }
  }
}
