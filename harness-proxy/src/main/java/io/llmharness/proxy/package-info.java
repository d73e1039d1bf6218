/**
 * The prefill/decode disaggregation proxy for vLLM's NixlConnector, with per-phase timing.
 *
 * <p>{@link io.llmharness.proxy.ProxyMain} runs it as a process; {@link
 * io.llmharness.proxy.ProxyServer} runs it in-process from a {@link
 * io.llmharness.proxy.ProxyConfig}. {@link io.llmharness.proxy.ProxyHeaders} names the timing
 * headers and SSE comment keys it emits.
 */
package io.llmharness.proxy;
