package io.llmharness.junit;

import io.llmharness.junit.internal.HarnessSession;
import io.llmharness.junit.internal.HarnessSettings;
import io.llmharness.junit.internal.ScenarioDeclarations;
import io.llmharness.junit.internal.ScenarioPlan;
import io.llmharness.results.ScenarioResult;
import io.llmharness.runner.Runner;
import io.llmharness.runner.ScenarioOutcome;
import io.llmharness.scenario.ScenarioSpec;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeTestExecutionCallback;
import org.junit.jupiter.api.extension.Extension;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestTemplateInvocationContext;
import org.junit.jupiter.api.extension.TestTemplateInvocationContextProvider;

/**
 * Runs {@link ScenarioTest} methods: one invocation per scenario of the method's matrix. Before the
 * method runs, the scenario runs on its deployment (started or reused by the run's one supervisor);
 * the method then receives its {@link ScenarioResult} and {@link ServerHandle}. Registered by
 * {@link LlmBenchmark} and {@link ScenarioTest}.
 */
final class ScenarioExtension
    implements TestTemplateInvocationContextProvider, AfterAllCallback, ParameterResolver {
  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(ScenarioExtension.class);

  @Override
  public boolean supportsTestTemplate(ExtensionContext context) {
    return context
        .getTestMethod()
        .map(m -> m.isAnnotationPresent(ScenarioTest.class))
        .orElse(false);
  }

  @Override
  public boolean mayReturnZeroTestTemplateInvocationContexts(ExtensionContext context) {
    return true; // harness.scenarios may select none of a method's scenarios
  }

  @Override
  public Stream<TestTemplateInvocationContext> provideTestTemplateInvocationContexts(
      ExtensionContext context) {
    HarnessSettings settings = HarnessSettings.read(context::getConfigurationParameter);
    List<ScenarioSpec> specs =
        ScenarioDeclarations.of(
            context.getRequiredTestClass(), context.getRequiredTestMethod(), settings);
    return specs.stream().map(ScenarioInvocation::new);
  }

  @Override
  public void afterAll(ExtensionContext context) {
    HarnessSession session = session(context);
    context.publishReportEntry("harness.server.starts", Integer.toString(session.starts()));
  }

  @Override
  public boolean supportsParameter(ParameterContext p, ExtensionContext context) {
    return p.getParameter().getType() == HarnessRun.class;
  }

  @Override
  public Object resolveParameter(ParameterContext p, ExtensionContext context) {
    HarnessSession session = session(context);
    return new HarnessRun() {
      @Override
      public java.util.Optional<ScenarioResult> result(String scenarioId) {
        return session.outcome(scenarioId).map(ScenarioOutcome::result);
      }

      @Override
      public int serverStarts() {
        return session.starts();
      }

      @Override
      public int distinctDeployments() {
        return session.distinctDeployments();
      }

      @Override
      public java.nio.file.Path runDirectory() {
        return session.runner().store().runDirectory();
      }
    };
  }

  static HarnessSession session(ExtensionContext context) {
    return context
        .getRoot()
        .getStore(NAMESPACE)
        .getOrComputeIfAbsent(
            HarnessSession.class,
            k ->
                new HarnessSession(
                    HarnessSettings.read(context::getConfigurationParameter),
                    ScenarioPlan.current(),
                    System.out),
            HarnessSession.class);
  }

  /** One scenario of a method's matrix. */
  private static final class ScenarioInvocation implements TestTemplateInvocationContext {
    private final ScenarioSpec spec;

    ScenarioInvocation(ScenarioSpec spec) {
      this.spec = spec;
    }

    @Override
    public String getDisplayName(int invocationIndex) {
      return spec.id();
    }

    @Override
    public List<Extension> getAdditionalExtensions() {
      return List.of(new ScenarioRun(spec));
    }
  }

  /** Runs the scenario before the test method and resolves its parameters. */
  private static final class ScenarioRun implements BeforeTestExecutionCallback, ParameterResolver {
    private final ScenarioSpec spec;

    ScenarioRun(ScenarioSpec spec) {
      this.spec = spec;
    }

    @Override
    public void beforeTestExecution(ExtensionContext context) {
      HarnessSession.Outcome outcome = session(context).run(spec);
      context.getStore(NAMESPACE).put(HarnessSession.Outcome.class, outcome);
      ScenarioOutcome done = outcome.get();
      context.publishReportEntry("harness.result", done.resultFile().toString());
    }

    @Override
    public boolean supportsParameter(ParameterContext p, ExtensionContext context) {
      Class<?> type = p.getParameter().getType();
      return type == ScenarioResult.class
          || type == ServerHandle.class
          || type == ScenarioSpec.class
          || type == Runner.class
          || type == ScenarioOutcome.class;
    }

    @Override
    public Object resolveParameter(ParameterContext p, ExtensionContext context) {
      Class<?> type = p.getParameter().getType();
      if (type == ScenarioSpec.class) {
        return spec;
      }
      if (type == Runner.class) {
        return session(context).runner();
      }
      HarnessSession.Outcome outcome =
          context
              .getStore(NAMESPACE)
              .get(HarnessSession.Outcome.class, HarnessSession.Outcome.class);
      if (outcome == null) {
        throw new ParameterResolutionException("scenario [" + spec.id() + "] did not run");
      }
      if (type == ScenarioOutcome.class) {
        return outcome.get();
      }
      if (type == ScenarioResult.class) {
        return outcome.get().result();
      }
      return outcome
          .deployment()
          .map(d -> new ServerHandle(d.target(), d.deployment(), d.servers(), d.startNumber()))
          .orElseThrow(
              () ->
                  new ParameterResolutionException(
                      "scenario ["
                          + spec.id()
                          + "] was complete from an earlier run and did not start servers; no"
                          + " ServerHandle to inject"));
    }
  }
}
