/**
 * A vLLM-compatible OpenAI server with a calibrated latency model.
 *
 * <p>Run it like {@code vllm serve}: {@code java -jar harness-emulator-<version>-all.jar serve
 * MODEL --port 8000 --profile qwen2.5-32b-tp4-g7e}, see {@link
 * io.llmharness.emulator.EmulatorMain}; or in-process with {@link io.llmharness.emulator.Emulator}.
 * Everything else is internal.
 */
package io.llmharness.emulator;
