package io.llmharness.junit.internal;

import io.llmharness.client.InferenceClient;
import io.llmharness.client.ModelCard;
import io.llmharness.client.ServerException;
import io.llmharness.runner.ConsoleProgress;
import io.llmharness.runner.HealthCheck;
import io.llmharness.runner.Runner;
import io.llmharness.runner.ScenarioOutcome;
import io.llmharness.scenario.ScenarioSpec;
import io.llmharness.server.Deployment;
import io.llmharness.server.DeploymentPlanner;
import io.llmharness.server.LaunchException;
import io.llmharness.server.RunningDeployment;
import io.llmharness.server.ServerDiedException;
import io.llmharness.server.Supervisor;
import io.llmharness.server.TargetConfig;
import io.llmharness.server.TargetKind;
import io.llmharness.server.ssh.SshLaunchers;
import java.io.PrintStream;
import java.net.URI;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.opentest4j.TestAbortedException;

/**
 * One per test run, in the root extension store: the supervisor, the runner, and the order in which
 * scenarios meet their servers. Before it leaves a deployment it runs every planned scenario that
 * still needs that deployment (their outcomes wait for their tests), so each distinct deployment
 * starts once. Closed by JUnit after the last test: stops every server and prints how many were
 * started.
 */
public final class HarnessSession implements AutoCloseable {
  private final HarnessSettings settings;
  private final TargetConfig target;
  private final DeploymentPlanner planner;
  private final Supervisor supervisor;
  private final Optional<SshLaunchers> sshLaunchers;
  private final Runner runner;
  private final ScenarioPlan plan;
  private final PrintStream out;
  private final Map<String, Outcome> ahead = new HashMap<>();
  private final Map<String, ScenarioOutcome> outcomes = new HashMap<>();
  private final Set<String> executed = new HashSet<>();
  private final Set<String> deploymentsSeen = new LinkedHashSet<>();
  private boolean validated;
  private boolean nodesChecked;
  private LaunchException unfitNodes;

  /** The result of running one scenario: its outcome and handle, or why it failed. */
  public record Outcome(
      Optional<ScenarioOutcome> outcome,
      Optional<RunningDeployment> deployment,
      RuntimeException failure) {
    /** The outcome, or the failure rethrown. */
    public ScenarioOutcome get() {
      if (failure != null) {
        throw failure;
      }
      return outcome.orElseThrow();
    }
  }

  public HarnessSession(HarnessSettings settings, ScenarioPlan plan, PrintStream out) {
    this.settings = settings;
    this.plan = plan;
    this.out = out;
    this.target = settings.target();
    this.planner = new DeploymentPlanner(target);
    if (target.kind() == TargetKind.SSH) {
      SshLaunchers ssh = SshLaunchers.fromConfig(settings.values());
      this.sshLaunchers = Optional.of(ssh);
      this.supervisor = new Supervisor(target, ssh);
    } else {
      this.sshLaunchers = Optional.empty();
      this.supervisor = new Supervisor(target);
    }
    Runner.Builder builder =
        Runner.builder()
            .resultsDir(settings.resultsDir())
            .runId(settings.runId())
            .progress(ConsoleProgress.auto())
            .healthCheck(HealthCheck.fromProperties(settings.values()))
            .idleTimeout(settings.idleTimeout());
    settings.tokenizer().ifPresent(builder::tokenizer);
    this.runner = builder.build();
    settings
        .emulatedReductions()
        .ifPresent(
            r ->
                out.println(
                    "[harness] emulated target: "
                        + r
                        + " per scenario (harness.emulated.*), instead of the scenarios' own;"
                        + " set harness.warmup / harness.iterations to override"));
  }

  /** The supervisor, for tests that inspect deployments. */
  public Supervisor supervisor() {
    return supervisor;
  }

  /** The runner. */
  public Runner runner() {
    return runner;
  }

  /** The number of deployments started so far. */
  public int starts() {
    return supervisor.starts();
  }

  /** The number of distinct deployments scenarios have needed so far. */
  public synchronized int distinctDeployments() {
    return deploymentsSeen.size();
  }

  /**
   * Runs a scenario (or hands over the outcome of an earlier run-ahead), on its deployment.
   *
   * @throws io.llmharness.scenario.ScenarioValidationException when any scenario of the run is
   *     misconfigured: nothing starts until every declaration is valid
   * @throws TestAbortedException when an external server cannot serve the scenario's stage
   */
  public synchronized Outcome run(ScenarioSpec spec) {
    validateOnce();
    Outcome early = ahead.remove(spec.id());
    if (early != null) {
      return early;
    }
    Deployment needed = planner.plan(spec);
    supervisor
        .running()
        .map(RunningDeployment::deployment)
        .filter(current -> !current.equals(needed))
        .ifPresent(this::runRemainingOn);
    return execute(spec, needed);
  }

  /** The outcome of a scenario that ran in this session (or was re-read as complete). */
  public synchronized Optional<ScenarioOutcome> outcome(String scenarioId) {
    return Optional.ofNullable(outcomes.get(scenarioId));
  }

  private void validateOnce() {
    if (validated) {
      return;
    }
    if (!plan.problems().isEmpty()) {
      throw new io.llmharness.scenario.ScenarioValidationException(plan.problems());
    }
    if (!nodesChecked) {
      // Every node of every planned deployment: reachable, its executable there, its ports free;
      // checked once (an unreachable node takes its connect timeout), failing every scenario.
      nodesChecked = true;
      try {
        supervisor.validate(plan.specs().stream().map(planner::plan).distinct().toList());
      } catch (LaunchException e) {
        unfitNodes = e;
      }
    }
    if (unfitNodes != null) {
      throw new LaunchException(unfitNodes.getMessage(), unfitNodes);
    }
    validated = true;
  }

  private void runRemainingOn(Deployment current) {
    for (ScenarioSpec s : plan.specs()) {
      if (!executed.contains(s.id())
          && !ahead.containsKey(s.id())
          && plan.mayRunAhead(s)
          && planner.plan(s).equals(current)) {
        out.println(
            "[harness] running "
                + s.id()
                + " now, while its deployment "
                + current.name()
                + " is up");
        ahead.put(s.id(), execute(s, current));
      }
    }
  }

  private Outcome execute(ScenarioSpec spec, Deployment deployment) {
    executed.add(spec.id());
    Optional<ScenarioOutcome> done = runner.completed(spec);
    if (done.isPresent()) {
      outcomes.put(spec.id(), done.get());
      return new Outcome(done, Optional.empty(), null);
    }
    deploymentsSeen.add(deployment.toString());
    RunningDeployment running = null;
    try {
      running = supervisor.ensure(deployment);
      if (target.kind() == TargetKind.EXTERNAL) {
        checkExternalFits(spec, running.target());
      }
      RunningDeployment up = running;
      Map<String, URI> servers = new java.util.LinkedHashMap<>();
      up.servers().forEach((role, url) -> servers.put(role.label(), url));
      ScenarioOutcome outcome =
          runner.run(spec, up.target(), servers, () -> supervisor.checkHealthy(up));
      outcomes.put(spec.id(), outcome);
      return new Outcome(Optional.of(outcome), Optional.of(up), null);
    } catch (ServerDiedException e) {
      supervisor.discard(running);
      return new Outcome(Optional.empty(), Optional.ofNullable(running), e);
    } catch (RuntimeException e) {
      return new Outcome(Optional.empty(), Optional.ofNullable(running), e);
    }
  }

  /**
   * Skips a scenario whose stage (its {@code max_model_len}) is larger than the external server's:
   * the server cannot be restarted at that stage, and the scenario was validated against it.
   */
  private void checkExternalFits(ScenarioSpec spec, URI url) {
    int stage = spec.server().maxModelLen();
    List<ModelCard> models;
    try (InferenceClient client = new InferenceClient(url)) {
      models = client.models();
    } catch (ServerException e) {
      throw new LaunchException(
          "the external server at " + url + " does not answer /v1/models: " + e.getMessage(), e);
    }
    models.stream()
        .filter(m -> m.id().equals(spec.model()))
        .findFirst()
        .flatMap(
            m ->
                m.maxModelLen().isPresent()
                    ? Optional.of(m.maxModelLen().getAsInt())
                    : Optional.empty())
        .filter(len -> len < stage)
        .ifPresent(
            len -> {
              throw new TestAbortedException(
                  "scenario ["
                      + spec.id()
                      + "] runs at stage max_model_len "
                      + stage
                      + " but the external server at "
                      + url
                      + " has max_model_len "
                      + len
                      + "; it is skipped (the harness never restarts external servers).");
            });
  }

  @Override
  public void close() {
    supervisor.close();
    sshLaunchers.ifPresent(SshLaunchers::close);
    runner.close();
    out.println(
        "[harness] "
            + supervisor.starts()
            + " deployment start(s) for "
            + distinctDeployments()
            + " distinct deployment(s); results in "
            + runner.store().runDirectory());
  }
}
