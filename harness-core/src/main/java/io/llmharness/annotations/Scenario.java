package io.llmharness.annotations;

import io.llmharness.scenario.Backend;
import io.llmharness.scenario.Endpoint;
import io.llmharness.scenario.LoadMode;
import io.llmharness.scenario.PromptSharing;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares a benchmark scenario on a test class or method.
 *
 * <p>Every attribute is an array: leave it empty to inherit the value from the enclosing layer
 * (defaults &lt; class annotation &lt; method annotation &lt; programmatic builder &lt; system
 * properties {@code harness.<name>}); give one value to set it; give several to form a parameter
 * matrix — the scenario expands into the outer product of every multi-valued attribute, like JMH's
 * {@code @Param}. The {@link #id()} may name attributes in braces, e.g. {@code
 * "p15-L1-unified-{promptTokens}-c{concurrency}"}.
 *
 * <p>This annotation may be overridden with the runtime options.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.ANNOTATION_TYPE})
public @interface Scenario {
  /** Scenario id and result file name; default: the method name. May contain {@code {name}}. */
  String id() default "";

  /** Model name sent with every request; default {@code Qwen/Qwen2.5-32B-Instruct}. */
  String[] model() default {};

  /** Endpoint; default {@link Endpoint#COMPLETIONS}. */
  Endpoint[] endpoint() default {};

  /** Deployment backend; default {@link Backend#UNIFIED}. */
  Backend[] backend() default {};

  /** Exact prompt tokens per request, as the server counts them; default 1024. */
  int[] promptTokens() default {};

  /** Server prefix caching; default on for unified and off for disaggregated backends. */
  boolean[] prefixCache() default {};

  /**
   * What the prompts of the scenario share: {@link PromptSharing#UNIQUE} (a leading nonce, every
   * request prefills in full), {@link PromptSharing#WHOLE_PROMPT} (identical prompts: prefix-cache
   * hits) or {@link PromptSharing#SHARED_PREFIX}; default: unique with the cache off, the whole
   * prompt with it on. Sharing needs the prefix cache on.
   */
  PromptSharing[] promptSharing() default {};

  /** With the cache on, share only this many leading tokens; default: the whole prompt. */
  int[] sharedPrefixTokens() default {};

  /** Send prompts as token-id lists instead of text; default false. */
  boolean[] tokenIds() default {};

  /** Output tokens per request ({@code max_tokens}); default 100. */
  int[] maxTokens() default {};

  /** Warmup requests of the same shape as the measured ones; default 20. */
  int[] warmup() default {};

  /** Measured iterations, each of {@code concurrency} requests; default 30. */
  int[] iterations() default {};

  /** Requests in flight; default 1. */
  int[] concurrency() default {};

  /** Closed-loop mode; default {@link LoadMode#CONTINUOUS}. */
  LoadMode[] loadMode() default {};

  /** Open-loop arrival rate in requests per second; default: closed loop. */
  double[] requestRate() default {};

  /** Gamma shape of open-loop gaps, 1 = Poisson; default 1. */
  double[] burstiness() default {};

  /** The stage ({@code --max-model-len}); default: the smallest stage that fits. */
  int[] maxModelLen() default {};

  /** Server {@code --tensor-parallel-size}; default 1. */
  int[] tensorParallelSize() default {};

  /** Server {@code --gpu-memory-utilization}; default 0.9. */
  double[] gpuMemoryUtilization() default {};

  /** Server {@code --max-num-batched-tokens}; default: vLLM's own. */
  int[] maxNumBatchedTokens() default {};

  /** Sampling temperature, always sent; default 0. */
  double[] temperature() default {};

  /** Send {@code ignore_eos} so every request generates exactly maxTokens; default true. */
  boolean[] ignoreEos() default {};

  /** Per-request timeout in seconds; default 600. */
  double[] requestTimeoutSeconds() default {};

  /** Metadata written to results, as {@code key=value} (phase, layer, priority, description). */
  String[] labels() default {};
}
