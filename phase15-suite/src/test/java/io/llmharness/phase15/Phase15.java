package io.llmharness.phase15;

import io.llmharness.annotations.Scenario;
import io.llmharness.junit.LlmBenchmark;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The settings every Phase 15 scenario shares (reference/phase15-plan.json, {@code common_settings}
 * and {@code infrastructure}): Qwen2.5-32B-Instruct with tensor parallelism 4, 100 output tokens,
 * 20 warmup requests, 30 measured iterations, GPU memory 0.9. The stage classes add {@code
 * max_model_len} (= {@code max_num_batched_tokens}, as the plan sets them) and the scenario tables;
 * their methods get the run's {@link Bounds} as a parameter.
 */
@LlmBenchmark
@ExtendWith(Bounds.Resolver.class)
@Scenario(
    model = "Qwen/Qwen2.5-32B-Instruct",
    tensorParallelSize = 4,
    maxTokens = 100,
    warmup = 20,
    iterations = 30,
    gpuMemoryUtilization = 0.9,
    labels = "phase=15")
abstract class Phase15 {}
