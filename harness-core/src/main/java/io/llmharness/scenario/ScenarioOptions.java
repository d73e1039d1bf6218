package io.llmharness.scenario;

import io.llmharness.annotations.Scenario;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One layer of scenario options: the values some source (an annotation, a builder, system
 * properties) sets, each option with one value or several (a matrix). Layers are combined with
 * {@link #overriddenBy}: an option set in the higher layer replaces the lower layer's values.
 * Immutable.
 */
public final class ScenarioOptions {
  /** A layer that sets nothing. */
  public static final ScenarioOptions EMPTY = new ScenarioOptions(Map.of());

  private final Map<Option<?>, List<?>> values;

  private ScenarioOptions(Map<Option<?>, List<?>> values) {
    this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
  }

  /** The values this layer sets for the option; empty when it does not set it. */
  public <T> List<T> values(Option<T> option) {
    List<?> v = values.getOrDefault(option, List.of());
    List<T> typed = new ArrayList<>(v.size());
    for (Object o : v) {
      typed.add(option.cast(o));
    }
    return List.copyOf(typed);
  }

  /** True when this layer sets the option. */
  public boolean isSet(Option<?> option) {
    return values.containsKey(option);
  }

  /**
   * This layer with every option that {@code higher} sets replaced by {@code higher}'s values.
   * Labels are the exception: they accumulate, the higher layer winning for a repeated key.
   */
  public ScenarioOptions overriddenBy(ScenarioOptions higher) {
    Map<Option<?>, List<?>> merged = new LinkedHashMap<>(values);
    merged.putAll(higher.values);
    if (isSet(Options.LABELS) && higher.isSet(Options.LABELS)) {
      // Labels accumulate across layers; for a repeated key the higher layer's value wins.
      List<Object> labels = new ArrayList<>(values.get(Options.LABELS));
      labels.addAll(higher.values.get(Options.LABELS));
      merged.put(Options.LABELS, List.copyOf(labels));
    }
    return new ScenarioOptions(merged);
  }

  /**
   * The options set by {@code harness.<name>} keys of the given properties (system properties or
   * JUnit configuration parameters); comma-separated values form a matrix.
   *
   * @throws IllegalArgumentException naming the key and value that does not parse
   */
  public static ScenarioOptions fromProperties(Map<String, String> properties) {
    Builder b = builder();
    for (Option<?> option : Options.all()) {
      String text = properties.get(option.key());
      if (text != null && !text.isBlank()) {
        b.setParsed(option, text);
      }
    }
    return b.build();
  }

  /** The options the annotation sets (empty attributes set nothing). */
  public static ScenarioOptions of(Scenario a) {
    Builder b = builder();
    if (!a.id().isEmpty()) {
      b.set(Options.ID, List.of(a.id()));
    }
    b.set(Options.MODEL, Arrays.asList(a.model()));
    b.set(Options.ENDPOINT, Arrays.asList(a.endpoint()));
    b.set(Options.BACKEND, Arrays.asList(a.backend()));
    b.set(Options.PROMPT_TOKENS, boxed(a.promptTokens()));
    b.set(Options.PREFIX_CACHE, boxed(a.prefixCache()));
    b.set(Options.PROMPT_SHARING, Arrays.asList(a.promptSharing()));
    b.set(Options.SHARED_PREFIX_TOKENS, boxed(a.sharedPrefixTokens()));
    b.set(Options.TOKEN_IDS, boxed(a.tokenIds()));
    b.set(Options.MAX_TOKENS, boxed(a.maxTokens()));
    b.set(Options.WARMUP, boxed(a.warmup()));
    b.set(Options.ITERATIONS, boxed(a.iterations()));
    b.set(Options.CONCURRENCY, boxed(a.concurrency()));
    b.set(Options.LOAD_MODE, Arrays.asList(a.loadMode()));
    b.set(Options.REQUEST_RATE, boxed(a.requestRate()));
    b.set(Options.BURSTINESS, boxed(a.burstiness()));
    b.set(Options.MAX_MODEL_LEN, boxed(a.maxModelLen()));
    b.set(Options.TENSOR_PARALLEL_SIZE, boxed(a.tensorParallelSize()));
    b.set(Options.GPU_MEMORY_UTILIZATION, boxed(a.gpuMemoryUtilization()));
    b.set(Options.MAX_NUM_BATCHED_TOKENS, boxed(a.maxNumBatchedTokens()));
    b.set(Options.TEMPERATURE, boxed(a.temperature()));
    b.set(Options.IGNORE_EOS, boxed(a.ignoreEos()));
    List<Duration> timeouts = new ArrayList<>();
    for (double s : a.requestTimeoutSeconds()) {
      timeouts.add(Duration.ofMillis(Math.round(s * 1000)));
    }
    b.set(Options.REQUEST_TIMEOUT, timeouts);
    for (String label : a.labels()) {
      b.set(Options.LABELS, List.of(Options.LABELS.parse(label)));
    }
    return b.build();
  }

  /** A builder for a programmatic layer. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ScenarioOptions other && values.equals(other.values);
  }

  @Override
  public int hashCode() {
    return values.hashCode();
  }

  @Override
  public String toString() {
    return "ScenarioOptions" + values;
  }

  private static List<Integer> boxed(int[] a) {
    return Arrays.stream(a).boxed().toList();
  }

  private static List<Double> boxed(double[] a) {
    return Arrays.stream(a).boxed().toList();
  }

  private static List<Boolean> boxed(boolean[] a) {
    List<Boolean> l = new ArrayList<>(a.length);
    for (boolean x : a) {
      l.add(x);
    }
    return l;
  }

  /** Builds one layer of options; every setter accepts several values for a matrix. */
  public static final class Builder {
    private final Map<Option<?>, List<?>> values = new LinkedHashMap<>();

    private Builder() {}

    /** Sets an option to one or more values; an empty list leaves it unset. */
    public <T> Builder set(Option<T> option, List<? extends T> optionValues) {
      Objects.requireNonNull(option, "option");
      if (optionValues.isEmpty()) {
        return this;
      }
      for (T v : optionValues) {
        Objects.requireNonNull(v, () -> option.key() + " value");
      }
      if (option == Options.LABELS && values.containsKey(option)) {
        List<Object> all = new ArrayList<>(values.get(option));
        all.addAll(optionValues);
        values.put(option, List.copyOf(all));
      } else {
        values.put(option, List.copyOf(optionValues));
      }
      return this;
    }

    private <T> void setParsed(Option<T> option, String commaSeparated) {
      List<T> parsed = new ArrayList<>();
      for (String part : commaSeparated.split(",")) {
        if (!part.isBlank()) {
          parsed.add(option.parse(part));
        }
      }
      set(option, parsed);
    }

    public Builder id(String id) {
      return set(Options.ID, List.of(id));
    }

    public Builder model(String... models) {
      return set(Options.MODEL, List.of(models));
    }

    public Builder endpoint(Endpoint... endpoints) {
      return set(Options.ENDPOINT, List.of(endpoints));
    }

    public Builder backend(Backend... backends) {
      return set(Options.BACKEND, List.of(backends));
    }

    public Builder promptTokens(int... tokens) {
      return set(Options.PROMPT_TOKENS, boxed(tokens));
    }

    public Builder prefixCache(boolean... on) {
      return set(Options.PREFIX_CACHE, boxed(on));
    }

    public Builder promptSharing(PromptSharing... sharing) {
      return set(Options.PROMPT_SHARING, List.of(sharing));
    }

    public Builder sharedPrefixTokens(int... tokens) {
      return set(Options.SHARED_PREFIX_TOKENS, boxed(tokens));
    }

    public Builder tokenIds(boolean... on) {
      return set(Options.TOKEN_IDS, boxed(on));
    }

    public Builder promptSeed(long seed) {
      return set(Options.PROMPT_SEED, List.of(seed));
    }

    public Builder promptTolerance(int tokens) {
      return set(Options.PROMPT_TOLERANCE, List.of(tokens));
    }

    public Builder maxTokens(int... tokens) {
      return set(Options.MAX_TOKENS, boxed(tokens));
    }

    public Builder warmup(int... requests) {
      return set(Options.WARMUP, boxed(requests));
    }

    public Builder iterations(int... iterations) {
      return set(Options.ITERATIONS, boxed(iterations));
    }

    public Builder concurrency(int... concurrency) {
      return set(Options.CONCURRENCY, boxed(concurrency));
    }

    public Builder loadMode(LoadMode... modes) {
      return set(Options.LOAD_MODE, List.of(modes));
    }

    public Builder requestRate(double... perSecond) {
      return set(Options.REQUEST_RATE, boxed(perSecond));
    }

    public Builder burstiness(double... shape) {
      return set(Options.BURSTINESS, boxed(shape));
    }

    public Builder maxModelLen(int... tokens) {
      return set(Options.MAX_MODEL_LEN, boxed(tokens));
    }

    public Builder tensorParallelSize(int... size) {
      return set(Options.TENSOR_PARALLEL_SIZE, boxed(size));
    }

    public Builder gpuMemoryUtilization(double... fraction) {
      return set(Options.GPU_MEMORY_UTILIZATION, boxed(fraction));
    }

    public Builder maxNumBatchedTokens(int... tokens) {
      return set(Options.MAX_NUM_BATCHED_TOKENS, boxed(tokens));
    }

    public Builder temperature(double... temperature) {
      return set(Options.TEMPERATURE, boxed(temperature));
    }

    public Builder ignoreEos(boolean... on) {
      return set(Options.IGNORE_EOS, boxed(on));
    }

    public Builder requestTimeout(Duration timeout) {
      return set(Options.REQUEST_TIMEOUT, List.of(timeout));
    }

    /** Adds a metadata label written into the result. */
    public Builder label(String key, String value) {
      return set(Options.LABELS, List.of(key + "=" + value));
    }

    public ScenarioOptions build() {
      return new ScenarioOptions(values);
    }
  }
}
