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
import io.llmharness.results.RequestError;
import io.llmharness.results.RequestPhase;
import io.llmharness.results.RequestRecord;
import io.llmharness.runner.ProgressListener;
import io.llmharness.runner.ScenarioFailedException;
import io.llmharness.runner.ScenarioRun;
import io.llmharness.scenario.ScenarioSpec;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Executes one scenario against one server: checks the server, sizes the prompts, sends warmup and
 * measured requests with the scenario's load shape, and scrapes {@code /metrics} just before the
 * first measured request is sent and just after the last one finished. Every finished request goes
 * to the record sink at once, so nothing measured is held only in memory. {@link #stop} ends a
 * scenario early from another thread. Close it when done.
 */
public final class ScenarioExecutor implements AutoCloseable {
  private final InferenceClient client;
  private final ProgressListener progress;
  private final Consumer<RequestRecord> recordSink;
  private final Optional<TokenCounter> localTokenizer;

  /** The other servers of the deployment whose {@code /metrics} are scraped, by role. */
  private final Map<String, InferenceClient> metricsSources = new LinkedHashMap<>();

  private final AtomicReference<RequestError> stopped = new AtomicReference<>();

  /** How long a scenario waits for busy servers by default before it starts anyway. */
  public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofMinutes(2);

  private final Duration idleTimeout;

  public ScenarioExecutor(
      InferenceClient client, ProgressListener progress, Consumer<RequestRecord> recordSink) {
    this(client, progress, recordSink, Optional.empty(), Map.of(), DEFAULT_IDLE_TIMEOUT);
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
      Map<String, URI> metricsSources,
      Duration idleTimeout) {
    this.idleTimeout = idleTimeout;
    this.client = client;
    this.progress = progress;
    this.recordSink = recordSink;
    this.localTokenizer = localTokenizer;
    metricsSources.forEach(
        (role, url) -> {
          if (!url.equals(client.baseUrl())) {
            this.metricsSources.put(role, new InferenceClient(url));
          }
        });
  }

  /**
   * Ends the scenario at once, from any thread: requests in flight are cancelled and recorded with
   * {@code reason}, no further request is sent, and {@link #execute} returns what was recorded so
   * far (without the final {@code /metrics}). The first reason wins.
   */
  public void stop(RequestError reason) {
    stopped.compareAndSet(null, reason);
    client.abort(reason);
    metricsSources.values().forEach(c -> c.abort(reason));
  }

  private boolean isStopped() {
    return stopped.get() != null;
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
    awaitIdleServers(spec);
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
    // The deltas cover the measured requests: from just before the first is sent to just after
    // the last finished, before cooldown requests are cancelled (their aborts stay out).
    AtomicReference<MetricsSnapshot> before = new AtomicReference<>(MetricsSnapshot.empty());
    AtomicReference<MetricsSnapshot> after = new AtomicReference<>(MetricsSnapshot.empty());
    AtomicReference<Instant> measuredEnd = new AtomicReference<>();
    Consumer<RequestRecord> sink =
        record ->
            collect(spec, record.phase() == RequestPhase.WARMUP ? warmup : measured).accept(record);
    String cooldownIds = spec.id() + "-" + phaseLetter(RequestPhase.COOLDOWN);
    new LoadDriver(
            spec.load(),
            sender,
            sink,
            seed,
            () -> client.cancel(id -> id.startsWith(cooldownIds)),
            this::isStopped)
        .run(
            spec.load().warmup(),
            spec.load().measuredRequests(),
            () -> before.set(metrics()),
            () -> {
              measuredEnd.set(Instant.now());
              after.set(metrics());
            });
    Instant finished = Optional.ofNullable(measuredEnd.get()).orElseGet(Instant::now);
    return new ScenarioRun(
        spec,
        client.baseUrl(),
        version,
        prompts.counterDescription(),
        prompts.chatTemplateOverhead(),
        warmup,
        measured,
        before.get(),
        after.get(),
        started,
        finished);
  }

  /**
   * Waits (up to the idle timeout) until the deployment's servers run and queue nothing, so the
   * first request does not queue behind what the previous scenario left, e.g. its cancelled
   * cooldown requests, which leave the engine only when their step ends. Says so when it had to
   * wait, and when it gave up.
   */
  private void awaitIdleServers(ScenarioSpec spec) {
    long start = System.nanoTime();
    if (IdleWait.busy(metrics()) == 0) {
      return;
    }
    OptionalDouble busy = IdleWait.await(this::metrics, idleTimeout, this::isStopped);
    Duration waited = Duration.ofNanos(System.nanoTime() - start);
    progress.note(
        spec,
        busy.isEmpty()
            ? String.format(
                Locale.ROOT,
                "waited %.1f s for the servers to finish the requests they were running",
                waited.toNanos() / 1e9)
            : String.format(
                Locale.ROOT,
                "the servers still run or queue %.0f requests after %s (harness.idleTimeout);"
                    + " starting anyway, so the first requests may queue behind them",
                busy.getAsDouble(),
                idleTimeout));
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
    if (isStopped()) {
      return MetricsSnapshot.empty();
    }
    Map<String, MetricsSnapshot> byRole = new LinkedHashMap<>();
    byRole.put("target", scrape(client));
    metricsSources.forEach((role, server) -> byRole.put(role, scrape(server)));
    return MetricsSnapshot.merge(byRole);
  }

  private static MetricsSnapshot scrape(InferenceClient server) {
    try {
      return server.metrics();
    } catch (ServerException e) {
      return MetricsSnapshot.empty();
    }
  }

  /** Closes the clients of the other servers (not the target's, which the caller owns). */
  @Override
  public void close() {
    metricsSources.values().forEach(InferenceClient::close);
  }
}
