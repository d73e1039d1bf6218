package io.llmharness.emulator.internal.http;

import io.llmharness.emulator.internal.config.CompatVersion;
import io.llmharness.emulator.internal.engine.Engine;
import io.llmharness.emulator.internal.fault.FaultInjector;
import io.llmharness.emulator.internal.metrics.Metrics;
import io.llmharness.emulator.internal.tokenizer.Tokenizer;
import java.util.List;
import java.util.Optional;

/**
 * What the HTTP layer serves from: names, limits, tokenizer, engine, metrics, faults and the
 * switches that change wire behaviour.
 *
 * @param servedModelNames the names in {@code /v1/models}; the first is the default
 * @param root the {@code --model} value ({@code root} of the model card)
 * @param maxModelLen the context length
 * @param compat the vLLM version whose wire details are reproduced
 * @param tokenizer the tokenizer
 * @param engine the engine
 * @param metrics the Prometheus registry
 * @param faults the fault injector
 * @param sseTimestamps whether SSE events carry emission-time comments
 * @param promptTokensDetails {@code --enable-prompt-tokens-details}
 * @param forceIncludeUsage {@code --enable-force-include-usage}
 * @param requestIdHeaders {@code --enable-request-id-headers}
 * @param apiKey {@code --api-key} / {@code VLLM_API_KEY}
 * @param devMode {@code VLLM_SERVER_DEV_MODE=1} (adds {@code /reset_prefix_cache})
 * @param maxBodyBytes request bodies larger than this get 413
 * @param nixl whether NixlConnector is configured
 */
public record ServerContext(
    List<String> servedModelNames,
    String root,
    int maxModelLen,
    CompatVersion compat,
    Tokenizer tokenizer,
    Engine engine,
    Metrics metrics,
    FaultInjector faults,
    boolean sseTimestamps,
    boolean promptTokensDetails,
    boolean forceIncludeUsage,
    boolean requestIdHeaders,
    Optional<String> apiKey,
    boolean devMode,
    int maxBodyBytes,
    boolean nixl) {

  public ServerContext {
    servedModelNames = List.copyOf(servedModelNames);
  }

  /** The name reported in responses and metrics when the request names no model. */
  String defaultModel() {
    return servedModelNames.get(0);
  }
}
