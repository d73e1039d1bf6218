package io.llmharness.runner;

import io.llmharness.client.InferenceClient;
import io.llmharness.prompt.HuggingFaceTokenCounter;
import io.llmharness.prompt.TokenCounter;
import io.llmharness.results.AnalysisOptions;
import io.llmharness.results.ErrorCause;
import io.llmharness.results.RequestError;
import io.llmharness.results.RequestLogWriter;
import io.llmharness.results.ResultStore;
import io.llmharness.results.ScenarioAnalysis;
import io.llmharness.results.ScenarioResult;
import io.llmharness.runner.internal.ResultMapping;
import io.llmharness.runner.internal.ScenarioExecutor;
import io.llmharness.runner.internal.ServerWatchdog;
import io.llmharness.runner.internal.StoredResult;
import io.llmharness.scenario.ScenarioSpec;
import io.llmharness.server.ServerDiedException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Runs scenarios against a server (or the proxy) and records them: every request is appended to
 * {@code <results-dir>/<run-id>/<scenario-id>.requests.jsonl} the moment it finishes, and the
 * analysed result is written atomically to {@code <scenario-id>.json}. Rerunning the same run id
 * resumes: a scenario whose spec already has a complete result is not measured again.
 *
 * <p>Usable without JUnit:
 *
 * <pre>{@code
 * ScenarioSpec spec = Scenarios.resolve(
 *     ScenarioOptions.builder().promptTokens(20000).concurrency(4).build(), "my-scenario",
 *     StageLadder.DEFAULT).get(0);
 * try (Runner runner = Runner.builder().resultsDir(Path.of("results")).runId("r1").build()) {
 *   ScenarioOutcome outcome = runner.run(spec, URI.create("http://127.0.0.1:8000"));
 *   System.out.println(outcome.result().toJson());
 * }
 * }</pre>
 *
 * Thread-safe: scenarios may run from several threads, each against its own server.
 */
public final class Runner implements AutoCloseable {
  private final ResultStore store;
  private final ProgressListener progress;
  private final AnalysisOptions analysis;
  private final Optional<TokenCounter> localTokenizer;
  private final HealthCheck healthCheck;
  private final Duration idleTimeout;

  private Runner(Builder b) throws IOException {
    this.store = ResultStore.open(b.resultsDir, b.runId);
    this.progress = b.progress;
    this.analysis = b.analysis;
    this.healthCheck = b.healthCheck;
    this.idleTimeout = b.idleTimeout;
    this.localTokenizer = b.tokenizer.map(HuggingFaceTokenCounter::new);
  }

  /** A builder with the defaults: {@code results/default}, console progress. */
  public static Builder builder() {
    return new Builder();
  }

  /** The result files of this run. */
  public ResultStore store() {
    return store;
  }

  /**
   * Runs one scenario against {@code target}, or re-reads its complete result when this run id
   * already has one for the same spec.
   *
   * @throws ScenarioFailedException when the server cannot serve the scenario, or counts prompt
   *     tokens differently from the target (the request log is kept; no result is written, so a
   *     rerun measures it again)
   */
  public ScenarioOutcome run(ScenarioSpec spec, URI target) {
    return run(spec, target, () -> {});
  }

  /**
   * Like {@link #run(ScenarioSpec, URI)}, watching the servers with {@code serverCheck}, which
   * throws when a server died or stopped answering (e.g. {@code Supervisor::checkHealthy}).
   *
   * <p>While the scenario runs it is called every {@link HealthCheck#interval()}; when it throws
   * {@link HealthCheck#failures()} times in a row, the scenario ends at once: requests in flight
   * are cancelled and recorded as failed ({@code SERVER_UNHEALTHY}, with the check's reason), no
   * further request is sent, and the check's exception is thrown. It is called once more after the
   * last request and before the result is written. Whenever it throws, no result is written (the
   * records already written stay), so the scenario counts as unfinished and a rerun measures it
   * again.
   */
  public ScenarioOutcome run(ScenarioSpec spec, URI target, Runnable serverCheck) {
    return run(spec, target, Map.of(), serverCheck);
  }

  /**
   * Like {@link #run(ScenarioSpec, URI, Runnable)}, scraping {@code /metrics} of the deployment's
   * servers too ({@code servers}: role → URL, e.g. prefill and decode behind the proxy): their
   * deltas are stored with a {@code role} label, so a disaggregated result carries the KV transfers
   * and cache hits of each server.
   */
  public ScenarioOutcome run(
      ScenarioSpec spec, URI target, Map<String, URI> servers, Runnable serverCheck) {
    Objects.requireNonNull(spec, "spec");
    Objects.requireNonNull(target, "target");
    try {
      Optional<ScenarioOutcome> done = completed(spec);
      if (done.isPresent()) {
        return done.get();
      }
      ScenarioRun run;
      try (RequestLogWriter log = store.begin(spec.id());
          InferenceClient client = new InferenceClient(target);
          ScenarioExecutor executor =
              new ScenarioExecutor(
                  client, progress, log::append, localTokenizer, servers, idleTimeout);
          ServerWatchdog watchdog =
              ServerWatchdog.start(
                  serverCheck, healthCheck, failure -> executor.stop(unhealthy(failure)))) {
        run = execute(executor, watchdog, spec);
      }
      serverCheck.run();
      checkPromptLengths(run);
      ScenarioResult result =
          ScenarioAnalysis.analyze(
              run.measured(),
              ResultMapping.metadata(run),
              ResultMapping.context(store.runId(), run),
              analysis);
      Path file = store.write(result);
      progress.scenarioFinished(spec, summary(result, file));
      return new ScenarioOutcome(result, file, false, Optional.of(run));
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot write the results of scenario [" + spec.id() + "]: " + e.getMessage(), e);
    }
  }

  /**
   * The outcome of a scenario this run id already completed with the same spec and without failed
   * requests (re-read, not measured again); empty when it must run.
   */
  public Optional<ScenarioOutcome> completed(ScenarioSpec spec) {
    try {
      if (!store.isComplete(spec.id(), spec.hash())) {
        return Optional.empty();
      }
      ScenarioResult stored = StoredResult.read(store, spec.id(), analysis);
      if (stored.errors().failed() > 0) {
        // A result with failed requests is not a finished measurement: measure it again.
        return Optional.empty();
      }
      progress.scenarioSkipped(spec, "complete in run " + store.runId());
      return Optional.of(
          new ScenarioOutcome(stored, store.resultFile(spec.id()), true, Optional.empty()));
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot read the stored result of scenario [" + spec.id() + "]: " + e.getMessage(), e);
    }
  }

  /** Runs the scenario; when the watchdog ended it, throws the watchdog's failure instead. */
  private static ScenarioRun execute(
      ScenarioExecutor executor, ServerWatchdog watchdog, ScenarioSpec spec) {
    ScenarioRun run;
    try {
      run = executor.execute(spec);
    } catch (RuntimeException e) {
      // Requests cut short by the watchdog can fail the scenario in other ways (e.g. the prompt
      // sizing): the server is the cause.
      watchdog.failure().ifPresent(f -> f.addSuppressed(e));
      throw watchdog.failure().orElse(e);
    }
    watchdog.close();
    if (watchdog.failure().isPresent()) {
      throw watchdog.failure().get();
    }
    return run;
  }

  /** The error of the requests a failed server check cancelled. */
  private static RequestError unhealthy(RuntimeException failure) {
    String reason =
        failure instanceof ServerDiedException died
            ? died.reason()
            : String.valueOf(failure.getMessage()).lines().findFirst().orElse("");
    return RequestError.of(ErrorCause.SERVER_UNHEALTHY, "cancelled: " + reason);
  }

  private void checkPromptLengths(ScenarioRun run) {
    var mismatches = run.promptLengthMismatches();
    if (!mismatches.isEmpty()) {
      var first = mismatches.get(0);
      throw new ScenarioFailedException(
          "scenario ["
              + run.spec().id()
              + "] targets "
              + run.spec().prompt().tokens()
              + " prompt tokens but the server counted "
              + first.promptTokens().getAsInt()
              + " for request "
              + first.requestId()
              + " ("
              + mismatches.size()
              + " requests differ; prompts sized with "
              + run.promptCounter()
              + "); set promptTolerance to accept a difference, or check that the server's"
              + " tokenizer is the one prompts were sized with. Requests: "
              + store.requestLogFile(run.spec().id()));
    }
  }

  private static String summary(ScenarioResult r, Path file) {
    var ttft = r.metrics().ttft().summary();
    var tpot = r.metrics().tpot().summary();
    return String.format(
        Locale.ROOT,
        "TTFT p50 %s ms, TPOT p50 %s ms, %d/%d ok → %s",
        ttft.map(s -> String.format(Locale.ROOT, "%.1f", s.p50())).orElse("-"),
        tpot.map(s -> String.format(Locale.ROOT, "%.2f", s.p50())).orElse("-"),
        r.errors().successful(),
        r.errors().measured(),
        file);
  }

  @Override
  public void close() {
    localTokenizer.ifPresent(t -> ((HuggingFaceTokenCounter) t).close());
  }

  /** Builds a {@link Runner}. */
  public static final class Builder {
    private Path resultsDir = Path.of("results");
    private String runId = "default";
    private ProgressListener progress = ConsoleProgress.auto();
    private AnalysisOptions analysis = AnalysisOptions.defaults();
    private Optional<Path> tokenizer = Optional.empty();
    private HealthCheck healthCheck = HealthCheck.DEFAULT;
    private Duration idleTimeout = ScenarioExecutor.DEFAULT_IDLE_TIMEOUT;

    private Builder() {}

    /**
     * How long a scenario waits, before its first request, for the servers to run and queue nothing
     * ({@code vllm:num_requests_running} and {@code _waiting} 0, e.g. until the previous scenario's
     * cancelled requests left the engine); then it starts anyway and says so (default 2 minutes,
     * {@code harness.idleTimeout}; zero does not wait).
     */
    public Builder idleTimeout(Duration timeout) {
      Objects.requireNonNull(timeout, "timeout");
      if (timeout.isNegative()) {
        throw new IllegalArgumentException(
            "idle timeout " + timeout + " is negative; use 0 to start without waiting");
      }
      this.idleTimeout = timeout;
      return this;
    }

    /**
     * How often the servers are checked while a scenario runs, and after how many failed checks in
     * a row it ends (default {@link HealthCheck#DEFAULT}; from configuration: {@link
     * HealthCheck#fromProperties}).
     */
    public Builder healthCheck(HealthCheck check) {
      this.healthCheck = Objects.requireNonNull(check, "check");
      return this;
    }

    /**
     * A local Hugging Face {@code tokenizer.json} to size prompts with when the server has no
     * {@code /tokenize} (needs {@code ai.djl.huggingface:tokenizers} on the classpath); without it,
     * such servers are calibrated with {@code usage.prompt_tokens}.
     */
    public Builder tokenizer(Path tokenizerJson) {
      this.tokenizer = Optional.of(tokenizerJson);
      return this;
    }

    /** The results directory (default {@code results}). */
    public Builder resultsDir(Path dir) {
      this.resultsDir = Objects.requireNonNull(dir, "dir");
      return this;
    }

    /** The run id (default {@code default}); rerunning the same id resumes. */
    public Builder runId(String id) {
      this.runId = Objects.requireNonNull(id, "id");
      return this;
    }

    /** Where progress goes (default: the console). */
    public Builder progress(ProgressListener listener) {
      this.progress = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /** Bootstrap, bimodality and change-point parameters. */
    public Builder analysis(AnalysisOptions options) {
      this.analysis = Objects.requireNonNull(options, "options");
      return this;
    }

    /**
     * Opens the run's results directory.
     *
     * @throws UncheckedIOException when it cannot be created
     */
    public Runner build() {
      try {
        return new Runner(this);
      } catch (IOException e) {
        throw new UncheckedIOException(
            "cannot open the results directory "
                + resultsDir.resolve(runId)
                + ": "
                + e.getMessage(),
            e);
      }
    }
  }
}
