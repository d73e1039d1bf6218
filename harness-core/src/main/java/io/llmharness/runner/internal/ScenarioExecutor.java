package io.llmharness.runner.internal;

import io.llmharness.client.CompletionRequest;
import io.llmharness.client.InferenceClient;
import io.llmharness.client.MetricsSnapshot;
import io.llmharness.client.ModelCard;
import io.llmharness.client.ServerException;
import io.llmharness.prompt.PromptFactory;
import io.llmharness.prompt.PromptSet;
import io.llmharness.prompt.ServerTokenCounter;
import io.llmharness.prompt.TokenCounter;
import io.llmharness.prompt.UsageTokenCounter;
import io.llmharness.results.RequestPhase;
import io.llmharness.results.RequestRecord;
import io.llmharness.runner.ProgressListener;
import io.llmharness.runner.ScenarioFailedException;
import io.llmharness.runner.ScenarioRun;
import io.llmharness.scenario.ScenarioSpec;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Executes one scenario against one server: checks the server, sizes the prompts, sends warmup and
 * measured requests with the scenario's load shape, and scrapes {@code /metrics} around the
 * measurement. Every finished request goes to the record sink at once, so nothing measured is held
 * only in memory.
 */
public final class ScenarioExecutor {
  private final InferenceClient client;
  private final ProgressListener progress;
  private final Consumer<RequestRecord> recordSink;
  private final Optional<TokenCounter> localTokenizer;
  private final Map<String, URI> metricsSources;

  public ScenarioExecutor(
      InferenceClient client, ProgressListener progress, Consumer<RequestRecord> recordSink) {
    this(client, progress, recordSink, Optional.empty(), Map.of());
  }

  /**
   * An executor that counts with {@code localTokenizer} when the server has no {@code /tokenize}
   * (completions only; chat then falls back to usage calibration).
   */
  public ScenarioExecutor(
      InferenceClient client,
      ProgressListener progress,
      Consumer<RequestRecord> recordSink,
      Optional<TokenCounter> localTokenizer,
      Map<String, URI> metricsSources) {
    this.client = client;
    this.progress = progress;
    this.recordSink = recordSink;
    this.localTokenizer = localTokenizer;
    this.metricsSources = Map.copyOf(metricsSources);
  }

  /**
   * Runs the scenario.
   *
   * @throws ScenarioFailedException when the server cannot serve the scenario at all
   */
  public ScenarioRun execute(ScenarioSpec spec) {
    Instant started = Instant.now();
    Optional<String> version = version();
    checkModel(spec);
    TokenCounter counter = counterFor(spec);
    PromptSet prompts;
    try {
      prompts = new PromptFactory(counter).prepare(spec.prompt());
    } catch (ServerException e) {
      throw new ScenarioFailedException(
          "scenario [" + spec.id() + "] could not size its prompts: " + e.getMessage(), e);
    }
    progress.scenarioStarted(spec, spec.load().warmup() + spec.load().measuredRequests());
    List<RequestRecord> warmup = Collections.synchronizedList(new ArrayList<>());
    List<RequestRecord> measured = Collections.synchronizedList(new ArrayList<>());
    long seed = spec.hash().hashCode();
    LoadDriver.Sender sender =
        timing ->
            client.stream(
                new CompletionRequest(
                    spec.endpoint(),
                    spec.model(),
                    prompts.next().payload(),
                    spec.maxTokens(),
                    spec.temperature(),
                    spec.ignoreEos(),
                    requestId(spec, timing.phase(), timing.index()),
                    spec.requestTimeout(),
                    Map.of()),
                timing);
    AtomicReference<MetricsSnapshot> before = new AtomicReference<>(MetricsSnapshot.empty());
    Consumer<RequestRecord> sink =
        record ->
            collect(spec, record.phase() == RequestPhase.WARMUP ? warmup : measured).accept(record);
    String cooldownIds = spec.id() + "-" + phaseLetter(RequestPhase.COOLDOWN);
    new LoadDriver(
            spec.load(), sender, sink, seed, () -> client.cancel(id -> id.startsWith(cooldownIds)))
        .run(spec.load().warmup(), spec.load().measuredRequests(), () -> before.set(metrics()));
    Instant finished = Instant.now();
    MetricsSnapshot after = metrics();
    return new ScenarioRun(
        spec,
        client.baseUrl(),
        version,
        prompts.counterDescription(),
        prompts.chatTemplateOverhead(),
        warmup,
        measured,
        before.get(),
        after,
        started,
        finished);
  }

  private Consumer<RequestRecord> collect(ScenarioSpec spec, List<RequestRecord> phase) {
    return record -> {
      recordSink.accept(record);
      phase.add(record);
      progress.requestFinished(spec, record);
    };
  }

  private static String phaseLetter(RequestPhase phase) {
    return switch (phase) {
      case WARMUP -> "w";
      case MEASURED -> "m";
      case COOLDOWN -> "c";
    };
  }

  private static String requestId(ScenarioSpec spec, RequestPhase phase, int index) {
    return String.format(
        "%s-%s%d-%08x",
        spec.id(), phaseLetter(phase), index, ThreadLocalRandom.current().nextInt());
  }

  private Optional<String> version() {
    try {
      return client.version();
    } catch (ServerException e) {
      throw new ScenarioFailedException(
          "the server at " + client.baseUrl() + " does not answer: " + e.getMessage(), e);
    }
  }

  private void checkModel(ScenarioSpec spec) {
    List<ModelCard> models;
    try {
      models = client.models();
    } catch (ServerException e) {
      if (e.status().isPresent()) {
        return; // no /v1/models on this server: nothing to check
      }
      throw new ScenarioFailedException(
          "the server at " + client.baseUrl() + " does not answer: " + e.getMessage(), e);
    }
    if (models.isEmpty()) {
      return;
    }
    Optional<ModelCard> card = models.stream().filter(m -> m.id().equals(spec.model())).findFirst();
    if (card.isEmpty()) {
      throw new ScenarioFailedException(
          "scenario ["
              + spec.id()
              + "] asks for model ["
              + spec.model()
              + "] but the server at "
              + client.baseUrl()
              + " serves "
              + models.stream().map(ModelCard::id).toList()
              + "; set harness.model to one of them.");
    }
    int needed = spec.prompt().tokens() + spec.maxTokens();
    card.get()
        .maxModelLen()
        .ifPresent(
            len -> {
              if (len < needed) {
                throw new ScenarioFailedException(
                    "scenario ["
                        + spec.id()
                        + "] needs prompt_tokens "
                        + spec.prompt().tokens()
                        + " + max_tokens "
                        + spec.maxTokens()
                        + " = "
                        + needed
                        + " but the server at "
                        + client.baseUrl()
                        + " has max_model_len "
                        + len
                        + "; run it on a server started with --max-model-len "
                        + spec.server().maxModelLen()
                        + ".");
              }
            });
  }

  private TokenCounter counterFor(ScenarioSpec spec) {
    try {
      client.tokenize(spec.model(), "probe");
      return new ServerTokenCounter(client, spec.model(), spec.endpoint());
    } catch (ServerException e) {
      if (e.status().isPresent()) {
        return localTokenizer
            .filter(t -> spec.endpoint() == io.llmharness.scenario.Endpoint.COMPLETIONS)
            .orElseGet(
                () ->
                    new UsageTokenCounter(
                        client, spec.model(), spec.endpoint(), spec.requestTimeout()));
      }
      throw new ScenarioFailedException(
          "the server at " + client.baseUrl() + " does not answer: " + e.getMessage(), e);
    }
  }

  /**
   * {@code /metrics} of the target and of every other server of the deployment (e.g. the prefill
   * and decode servers behind the proxy), merged with a {@code role} label when there are several.
   */
  private MetricsSnapshot metrics() {
    Map<String, MetricsSnapshot> byRole = new java.util.LinkedHashMap<>();
    byRole.put("target", scrape(client));
    metricsSources.forEach(
        (role, url) -> {
          if (!url.equals(client.baseUrl())) {
            try (InferenceClient server = new InferenceClient(url)) {
              byRole.put(role, scrape(server));
            }
          }
        });
    return MetricsSnapshot.merge(byRole);
  }

  private static MetricsSnapshot scrape(InferenceClient server) {
    try {
      return server.metrics();
    } catch (ServerException e) {
      return MetricsSnapshot.empty();
    }
  }
}
