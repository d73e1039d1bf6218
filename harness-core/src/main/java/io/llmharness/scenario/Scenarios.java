package io.llmharness.scenario;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Resolves layered options into validated {@link ScenarioSpec}s: fills defaults, expands the
 * parameter matrix (the outer product of every option given several values), derives the stage and
 * the prompt sharing, and checks every rule before anything starts.
 */
public final class Scenarios {
  private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9._-]+");

  private Scenarios() {}

  /**
   * Resolves one declaration (already layered, see {@link ScenarioOptions#overriddenBy}).
   *
   * @param options the merged options of all layers
   * @param defaultId the id when none is set (usually the method name)
   * @param ladder the stages to derive {@code max_model_len} from
   * @return one spec per point of the matrix, in declaration order
   * @throws ScenarioValidationException listing every broken rule
   */
  public static List<ScenarioSpec> resolve(
      ScenarioOptions options, String defaultId, StageLadder ladder) {
    List<Option<?>> dimensions = new ArrayList<>();
    for (Option<?> o : Options.all()) {
      if (o != Options.LABELS && options.values(o).size() > 1) {
        dimensions.add(o);
      }
    }
    List<ScenarioSpec> specs = new ArrayList<>();
    Set<String> problems = new LinkedHashSet<>();
    for (Map<Option<?>, Object> point : product(options, dimensions)) {
      Values v = new Values(options, point);
      String id = idFor(v.get(Options.ID).orElse(defaultId), point, dimensions);
      List<String> broken = check(id, v, ladder);
      if (broken.isEmpty()) {
        specs.add(build(id, v, ladder));
      } else {
        problems.addAll(broken);
      }
    }
    problems.addAll(duplicateIdProblems(specs));
    if (!problems.isEmpty()) {
      throw new ScenarioValidationException(List.copyOf(problems));
    }
    return List.copyOf(specs);
  }

  /**
   * Checks that ids are unique across scenarios that will run together.
   *
   * @throws ScenarioValidationException naming each duplicated id
   */
  public static void requireUniqueIds(Collection<ScenarioSpec> specs) {
    List<String> problems = duplicateIdProblems(specs);
    if (!problems.isEmpty()) {
      throw new ScenarioValidationException(problems);
    }
  }

  private static List<String> duplicateIdProblems(Collection<ScenarioSpec> specs) {
    Map<String, Integer> counts = new LinkedHashMap<>();
    for (ScenarioSpec s : specs) {
      counts.merge(s.id(), 1, Integer::sum);
    }
    List<String> problems = new ArrayList<>();
    counts.forEach(
        (id, n) -> {
          if (n > 1) {
            problems.add(
                "scenario id ["
                    + id
                    + "] is declared "
                    + n
                    + " times; give each scenario its own id (use {name} placeholders in a matrix).");
          }
        });
    return problems;
  }

  private static List<Map<Option<?>, Object>> product(
      ScenarioOptions options, List<Option<?>> dimensions) {
    List<Map<Option<?>, Object>> points = new ArrayList<>();
    points.add(new HashMap<>());
    for (Option<?> d : dimensions) {
      List<Map<Option<?>, Object>> next = new ArrayList<>();
      for (Map<Option<?>, Object> p : points) {
        for (Object value : options.values(d)) {
          Map<Option<?>, Object> q = new HashMap<>(p);
          q.put(d, value);
          next.add(q);
        }
      }
      points = next;
    }
    return points;
  }

  private static String idFor(
      String template, Map<Option<?>, Object> point, List<Option<?>> dimensions) {
    String id = template;
    StringBuilder suffix = new StringBuilder();
    for (Option<?> d : dimensions) {
      String text = format(point.get(d));
      String placeholder = "{" + d.name() + "}";
      if (id.contains(placeholder)) {
        id = id.replace(placeholder, text);
      } else {
        suffix.append('-').append(text);
      }
    }
    return id + suffix;
  }

  private static String format(Object value) {
    if (value instanceof Enum<?> e) {
      return e.name().toLowerCase(Locale.ROOT);
    }
    if (value instanceof Double d && d == Math.rint(d)) {
      return Long.toString(d.longValue());
    }
    return String.valueOf(value);
  }

  private static List<String> check(String id, Values v, StageLadder ladder) {
    List<String> p = new ArrayList<>();
    String where = "scenario [" + id + "]";
    if (!SAFE_ID.matcher(id).matches()) {
      p.add(
          "scenario id ["
              + id
              + "] may only contain letters, digits, '.', '_' and '-' (it names result files); rename it.");
    }
    if (v.model().isBlank()) {
      p.add(where + " has a blank model; set harness.model or @Scenario(model).");
    }
    int prompt = v.promptTokens();
    int maxTokens = v.maxTokens();
    atLeast(p, where, "promptTokens", prompt, 1, "");
    atLeast(p, where, "maxTokens", maxTokens, 1, "");
    atLeast(p, where, "warmup", v.warmup(), 0, "; use 0 for no warmup");
    atLeast(p, where, "iterations", v.iterations(), 1, "");
    atLeast(p, where, "concurrency", v.concurrency(), 1, "; use 1 for serial requests");
    atLeast(p, where, "tensorParallelSize", v.tensorParallelSize(), 1, "");
    v.get(Options.MAX_NUM_BATCHED_TOKENS)
        .ifPresent(t -> atLeast(p, where, "maxNumBatchedTokens", t, 1, ""));
    v.get(Options.REQUEST_RATE)
        .filter(r -> !(r > 0))
        .ifPresent(
            r ->
                p.add(
                    where
                        + " has requestRate ["
                        + r
                        + "]; it must be positive (leave it unset for closed-loop load)."));
    if (!(v.burstiness() > 0)) {
      p.add(where + " has burstiness [" + v.burstiness() + "]; it must be positive (1 = Poisson).");
    }
    if (!(v.gpuMemoryUtilization() > 0 && v.gpuMemoryUtilization() <= 1)) {
      p.add(
          where
              + " has gpuMemoryUtilization ["
              + v.gpuMemoryUtilization()
              + "]; it must be in (0, 1], e.g. 0.9.");
    }
    if (!(v.temperature() >= 0)) {
      p.add(where + " has temperature [" + v.temperature() + "]; it must be 0 or more.");
    }
    if (v.requestTimeout().isNegative() || v.requestTimeout().isZero()) {
      p.add(where + " has requestTimeout [" + v.requestTimeout() + "]; it must be positive.");
    }
    if (v.tokenIds() && v.endpoint() == Endpoint.CHAT) {
      p.add(
          where + " sends token-id prompts to the chat endpoint; use completions or text prompts.");
    }
    v.get(Options.PROMPT_SHARING)
        .filter(sharing -> sharing != PromptSharing.UNIQUE && !v.prefixCache())
        .ifPresent(
            sharing ->
                p.add(
                    where
                        + " has promptSharing ["
                        + sharing.name().toLowerCase(Locale.ROOT)
                        + "] with the prefix cache off; turn prefixCache on or use unique prompts."));
    v.get(Options.PROMPT_SHARING)
        .filter(sharing -> sharing == PromptSharing.SHARED_PREFIX)
        .filter(sharing -> v.get(Options.SHARED_PREFIX_TOKENS).isEmpty())
        .ifPresent(
            sharing ->
                p.add(where + " shares a prefix but sets no sharedPrefixTokens; set its length."));
    v.get(Options.SHARED_PREFIX_TOKENS)
        .ifPresent(
            k -> {
              if (!v.prefixCache()) {
                p.add(
                    where
                        + " sets sharedPrefixTokens ["
                        + k
                        + "] with the prefix cache off; turn prefixCache on or drop sharedPrefixTokens.");
              } else if (v.get(Options.PROMPT_SHARING)
                  .filter(sharing -> sharing != PromptSharing.SHARED_PREFIX)
                  .isPresent()) {
                p.add(
                    where
                        + " sets sharedPrefixTokens ["
                        + k
                        + "] with promptSharing ["
                        + v.get(Options.PROMPT_SHARING)
                            .orElseThrow()
                            .name()
                            .toLowerCase(Locale.ROOT)
                        + "]; use promptSharing prefix or drop sharedPrefixTokens.");
              } else if (k < 1 || k >= prompt) {
                p.add(
                    where
                        + " has sharedPrefixTokens ["
                        + k
                        + "]; it must be between 1 and promptTokens - 1 ("
                        + (prompt - 1)
                        + ").");
              }
            });
    if (prompt >= 1 && maxTokens >= 1) {
      checkStage(p, where, prompt, maxTokens, v.get(Options.MAX_MODEL_LEN), ladder);
    }
    return p;
  }

  private static void checkStage(
      List<String> p,
      String where,
      int prompt,
      int maxTokens,
      Optional<Integer> explicit,
      StageLadder ladder) {
    long needed = (long) prompt + maxTokens;
    String exceeds =
        where + ": prompt_tokens " + prompt + " + max_tokens " + maxTokens + " exceeds ";
    if (explicit.isPresent()) {
      int len = explicit.get();
      if (needed > len) {
        String fix =
            ladder
                .smallestFitting((int) Math.min(needed, Integer.MAX_VALUE))
                .map(s -> "use " + ladder.describe(s))
                .orElse("raise maxModelLen to at least " + needed);
        p.add(
            exceeds
                + "max_model_len "
                + len
                + ladder.stageNumber(len).map(n -> " of stage " + n).orElse("")
                + "; "
                + fix
                + ".");
      }
    } else if (ladder.smallestFitting((int) Math.min(needed, Integer.MAX_VALUE)).isEmpty()) {
      int largest = ladder.maxModelLens().get(ladder.maxModelLens().size() - 1);
      p.add(
          exceeds
              + "the largest stage ("
              + largest
              + "); add a larger stage to harness.stages or shorten the prompt.");
    }
  }

  private static void atLeast(
      List<String> p, String where, String name, int value, int min, String hint) {
    if (value < min) {
      p.add(where + " has " + name + " [" + value + "]; it must be at least " + min + hint + ".");
    }
  }

  private static ScenarioSpec build(String id, Values v, StageLadder ladder) {
    int prompt = v.promptTokens();
    int maxTokens = v.maxTokens();
    int maxModelLen =
        v.get(Options.MAX_MODEL_LEN)
            .orElseGet(() -> ladder.smallestFitting(prompt + maxTokens).orElseThrow());
    boolean cache = v.prefixCache();
    Optional<Integer> shared = v.get(Options.SHARED_PREFIX_TOKENS);
    PromptSharing sharing =
        v.get(Options.PROMPT_SHARING)
            .orElse(
                !cache
                    ? PromptSharing.UNIQUE
                    : shared.isPresent()
                        ? PromptSharing.SHARED_PREFIX
                        : PromptSharing.WHOLE_PROMPT);
    PromptShape promptShape =
        new PromptShape(
            prompt,
            sharing,
            shared.map(OptionalInt::of).orElse(OptionalInt.empty()),
            v.tokenIds(),
            v.get(Options.PROMPT_SEED).orElse(Defaults.PROMPT_SEED),
            v.get(Options.PROMPT_TOLERANCE).orElse(Defaults.PROMPT_TOLERANCE));
    LoadShape load =
        new LoadShape(
            v.warmup(),
            v.iterations(),
            v.concurrency(),
            v.get(Options.LOAD_MODE).orElse(Defaults.LOAD_MODE),
            v.get(Options.REQUEST_RATE).map(OptionalDouble::of).orElse(OptionalDouble.empty()),
            v.burstiness());
    ServerSettings server =
        new ServerSettings(
            maxModelLen,
            cache,
            v.tensorParallelSize(),
            v.gpuMemoryUtilization(),
            v.get(Options.MAX_NUM_BATCHED_TOKENS).map(OptionalInt::of).orElse(OptionalInt.empty()));
    return new ScenarioSpec(
        id,
        v.model(),
        v.endpoint(),
        v.backend(),
        promptShape,
        maxTokens,
        load,
        server,
        v.temperature(),
        v.get(Options.IGNORE_EOS).orElse(Defaults.IGNORE_EOS),
        v.requestTimeout(),
        v.labels());
  }

  /** The value of each option at one point of the matrix, falling back to the defaults. */
  private static final class Values {
    private final ScenarioOptions options;
    private final Map<Option<?>, Object> point;

    Values(ScenarioOptions options, Map<Option<?>, Object> point) {
      this.options = options;
      this.point = point;
    }

    <T> Optional<T> get(Option<T> o) {
      if (point.containsKey(o)) {
        return Optional.of(o.cast(point.get(o)));
      }
      List<T> values = options.values(o);
      return values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    String model() {
      return get(Options.MODEL).orElse(Defaults.MODEL);
    }

    Endpoint endpoint() {
      return get(Options.ENDPOINT).orElse(Defaults.ENDPOINT);
    }

    Backend backend() {
      return get(Options.BACKEND).orElse(Defaults.BACKEND);
    }

    boolean prefixCache() {
      return get(Options.PREFIX_CACHE).orElse(Defaults.prefixCache(backend()));
    }

    int promptTokens() {
      return get(Options.PROMPT_TOKENS).orElse(Defaults.PROMPT_TOKENS);
    }

    int maxTokens() {
      return get(Options.MAX_TOKENS).orElse(Defaults.MAX_TOKENS);
    }

    int warmup() {
      return get(Options.WARMUP).orElse(Defaults.WARMUP);
    }

    int iterations() {
      return get(Options.ITERATIONS).orElse(Defaults.ITERATIONS);
    }

    int concurrency() {
      return get(Options.CONCURRENCY).orElse(Defaults.CONCURRENCY);
    }

    double burstiness() {
      return get(Options.BURSTINESS).orElse(Defaults.BURSTINESS);
    }

    int tensorParallelSize() {
      return get(Options.TENSOR_PARALLEL_SIZE).orElse(Defaults.TENSOR_PARALLEL_SIZE);
    }

    double gpuMemoryUtilization() {
      return get(Options.GPU_MEMORY_UTILIZATION).orElse(Defaults.GPU_MEMORY_UTILIZATION);
    }

    double temperature() {
      return get(Options.TEMPERATURE).orElse(Defaults.TEMPERATURE);
    }

    boolean tokenIds() {
      return get(Options.TOKEN_IDS).orElse(Defaults.TOKEN_IDS);
    }

    Duration requestTimeout() {
      return get(Options.REQUEST_TIMEOUT).orElse(Defaults.REQUEST_TIMEOUT);
    }

    Map<String, String> labels() {
      Map<String, String> labels = new LinkedHashMap<>();
      for (String kv : options.values(Options.LABELS)) {
        int eq = kv.indexOf('=');
        labels.put(kv.substring(0, eq).trim(), kv.substring(eq + 1).trim());
      }
      return labels;
    }
  }
}
