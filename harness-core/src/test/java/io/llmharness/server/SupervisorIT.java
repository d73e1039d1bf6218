package io.llmharness.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmharness.scenario.Backend;
import io.llmharness.scenario.ScenarioOptions;
import io.llmharness.scenario.ScenarioSpec;
import io.llmharness.scenario.Scenarios;
import io.llmharness.scenario.StageLadder;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The supervisor with real emulator processes (and a fake vllm executable that runs one). */
class SupervisorIT {
  @TempDir Path dir;

  private final String model = "orphan-check-" + UUID.randomUUID();

  private ScenarioSpec spec(ScenarioOptions.Builder b) {
    return Scenarios.resolve(b.model(model).build(), "s", StageLadder.DEFAULT).get(0);
  }

  private TargetConfig emulated(String... more) {
    Map<String, String> config = new HashMap<>();
    config.put("harness.target", "emulated");
    config.put("harness.logs.dir", dir.resolve("logs").toString());
    for (int i = 0; i < more.length; i += 2) {
      config.put(more[i], more[i + 1]);
    }
    return TargetConfig.fromProperties(config);
  }

  /** Processes of this host whose command line names this test's model. */
  private List<Long> serversOfThisTest() {
    return LiveProcesses.withCommandLineContaining(model);
  }

  private static void awaitNone(java.util.function.Supplier<List<Long>> processes) {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!processes.get().isEmpty() && System.nanoTime() < deadline) {
      LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
    }
  }

  @Test
  void anEqualHealthyDeploymentIsReusedAndADifferentOneReplacesIt() {
    TargetConfig target = emulated();
    DeploymentPlanner planner = new DeploymentPlanner(target);
    try (Supervisor supervisor = new Supervisor(target)) {
      RunningDeployment first =
          supervisor.ensure(planner.plan(spec(ScenarioOptions.builder().concurrency(1))));
      RunningDeployment same =
          supervisor.ensure(planner.plan(spec(ScenarioOptions.builder().concurrency(4))));
      assertThat(serversOfThisTest()).hasSize(1);
      RunningDeployment other =
          supervisor.ensure(planner.plan(spec(ScenarioOptions.builder().prefixCache(false))));

      assertThat(same).isSameAs(first);
      assertThat(other).isNotSameAs(first);
      assertThat(supervisor.starts()).isEqualTo(2);
      assertThat(first.processes()).noneMatch(ServerProcess::isAlive);
      assertThat(other.processes()).allMatch(ServerProcess::isAlive);
    }
    awaitNone(this::serversOfThisTest);
    assertThat(serversOfThisTest()).isEmpty();
  }

  @Test
  void aDeadServerIsReplacedAndReportedWithItsLog() {
    TargetConfig target = emulated();
    DeploymentPlanner planner = new DeploymentPlanner(target);
    try (Supervisor supervisor = new Supervisor(target)) {
      Deployment d = planner.plan(spec(ScenarioOptions.builder()));
      RunningDeployment first = supervisor.ensure(d);
      ProcessHandle.of(pidOf(first)).orElseThrow().destroyForcibly();
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (first.deadProcess().isEmpty() && System.nanoTime() < deadline) {
        LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
      }

      assertThatThrownBy(() -> supervisor.checkHealthy(first))
          .isInstanceOf(ServerDiedException.class)
          .hasMessageContaining("exited with code")
          .hasMessageContaining("Application startup complete.");
      RunningDeployment second = supervisor.ensure(d);
      assertThat(second).isNotSameAs(first);
      assertThat(supervisor.starts()).isEqualTo(2);
    }
  }

  private long pidOf(RunningDeployment unused) {
    List<Long> pids = serversOfThisTest();
    assertThat(pids).as("the emulator process of this test").hasSize(1);
    return pids.get(0);
  }

  /**
   * A {@code vllm} that records its arguments in {@code argv.txt} and its environment in {@code
   * env-<pid>.txt} under {@code dir}, then runs the emulator with them.
   */
  private Path fakeVllm() throws IOException {
    Path fakeVllm = dir.resolve("vllm");
    Files.writeString(
        fakeVllm,
        "#!/bin/sh\n"
            + "printf '%s\\n' \"$@\" > "
            + dir.resolve("argv.txt")
            + "\n"
            + "env > "
            + dir.resolve("env-")
            + "$$.txt\n"
            + "exec "
            + ProcessHandle.current().info().command().orElseThrow()
            + " -cp '"
            + System.getProperty("java.class.path")
            + "' io.llmharness.emulator.EmulatorMain \"$@\" --profile fast\n");
    Files.setPosixFilePermissions(fakeVllm, PosixFilePermissions.fromString("rwxr-xr-x"));
    return fakeVllm;
  }

  /** The environments the fake vllm recorded, one map per server it ran. */
  private List<Map<String, String>> recordedEnvironments() throws IOException {
    List<Map<String, String>> all = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.filter(p -> p.getFileName().toString().startsWith("env-")).toList()) {
        Map<String, String> env = new HashMap<>();
        for (String line : Files.readAllLines(f)) {
          int eq = line.indexOf('=');
          if (eq > 0) {
            env.put(line.substring(0, eq), line.substring(eq + 1));
          }
        }
        all.add(env);
      }
    }
    return all;
  }

  @Test
  void theLocalTargetRunsTheConfiguredVllmExecutableWithVllmsArgumentsAndEnvironment()
      throws IOException {
    Path argvFile = dir.resolve("argv.txt");
    Path fakeVllm = fakeVllm();
    int port = freePort();
    TargetConfig target =
        TargetConfig.fromProperties(
            Map.of(
                "harness.target", "local",
                "harness.vllm.executable", fakeVllm.toString(),
                "harness.port.unified", Integer.toString(port),
                "harness.logs.dir", dir.resolve("logs").toString()));
    Deployment d =
        new DeploymentPlanner(target)
            .plan(spec(ScenarioOptions.builder().tensorParallelSize(4).maxNumBatchedTokens(32768)));

    try (Supervisor supervisor = new Supervisor(target)) {
      supervisor.validate(d);
      RunningDeployment up = supervisor.ensure(d);

      assertThat(up.target()).hasPort(port);
      assertThat(Files.readAllLines(argvFile))
          .containsExactly(
              "serve",
              model,
              "--host",
              "127.0.0.1",
              "--port",
              Integer.toString(port),
              "--tensor-parallel-size",
              "4",
              "--max-model-len",
              "32768",
              "--max-num-batched-tokens",
              "32768",
              "--gpu-memory-utilization",
              "0.9",
              "--enable-prefix-caching",
              "--enable-chunked-prefill",
              "--enforce-eager",
              "--trust-remote-code");
    }
    awaitNone(this::serversOfThisTest);
    assertThat(serversOfThisTest()).isEmpty();
  }

  @Test
  void aLocalTcpDeploymentHandsEachServerItsNixlAndConfiguredEnvironment() throws IOException {
    int prefillSideChannel = freePort();
    int decodeSideChannel = freePort();
    TargetConfig target =
        TargetConfig.fromProperties(
            Map.of(
                "harness.target", "local",
                "harness.vllm.executable", fakeVllm().toString(),
                "harness.vllm.env", "LLMHARNESS_IT_MARK=" + model,
                "harness.port.prefill", Integer.toString(freePort()),
                "harness.port.decode", Integer.toString(freePort()),
                "harness.port.proxy", Integer.toString(freePort()),
                "harness.port.prefillSideChannel", Integer.toString(prefillSideChannel),
                "harness.port.decodeSideChannel", Integer.toString(decodeSideChannel),
                "harness.logs.dir", dir.resolve("logs").toString()));
    Deployment d =
        new DeploymentPlanner(target)
            .plan(spec(ScenarioOptions.builder().backend(Backend.TCP).maxTokens(4)));

    try (Supervisor supervisor = new Supervisor(target)) {
      supervisor.validate(d);
      supervisor.ensure(d);

      assertThat(recordedEnvironments())
          .hasSize(2)
          .allSatisfy(
              env ->
                  assertThat(env)
                      .containsEntry("VLLM_NIXL_SIDE_CHANNEL_HOST", "127.0.0.1")
                      .containsEntry("UCX_TLS", "tcp,self,sm")
                      .containsEntry("LLMHARNESS_IT_MARK", model))
          .extracting(env -> env.get("VLLM_NIXL_SIDE_CHANNEL_PORT"))
          .containsExactlyInAnyOrder(
              Integer.toString(prefillSideChannel), Integer.toString(decodeSideChannel));
    }
    awaitNone(this::serversOfThisTest);
    assertThat(serversOfThisTest()).isEmpty();
  }

  @Test
  void aMissingVllmExecutableIsAClearErrorBeforeAnythingStarts() {
    TargetConfig target =
        TargetConfig.fromProperties(
            Map.of(
                "harness.target", "local", "harness.vllm.venv", dir.resolve("no-venv").toString()));
    Deployment d = new DeploymentPlanner(target).plan(spec(ScenarioOptions.builder()));

    assertThatThrownBy(() -> new Supervisor(target).validate(d))
        .isInstanceOf(LaunchException.class)
        .hasMessageContaining(dir.resolve("no-venv").resolve("bin").resolve("vllm").toString())
        .hasMessageContaining("set harness.vllm.executable or harness.vllm.venv");
  }

  @Test
  void aPortInUseIsAClearErrorBeforeAnythingStartsAndAtStart() throws IOException {
    try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      TargetConfig target =
          TargetConfig.fromProperties(
              Map.of(
                  "harness.target",
                  "local",
                  "harness.vllm.executable",
                  "/bin/sh",
                  "harness.port.unified",
                  Integer.toString(busy.getLocalPort()),
                  "harness.logs.dir",
                  dir.resolve("logs").toString()));
      Deployment d = new DeploymentPlanner(target).plan(spec(ScenarioOptions.builder()));
      String inUse =
          "port "
              + busy.getLocalPort()
              + " on 127.0.0.1 is already in use; stop whatever listens there or choose other"
              + " harness.port.* values.";

      try (Supervisor supervisor = new Supervisor(target)) {
        assertThatThrownBy(() -> supervisor.validate(d))
            .isInstanceOf(LaunchException.class)
            .hasMessage(inUse);
        assertThat(supervisor.starts()).isZero();
        assertThatThrownBy(() -> supervisor.ensure(d))
            .isInstanceOf(LaunchException.class)
            .hasMessage(inUse);
      }
    }
    assertThat(serversOfThisTest()).isEmpty();
  }

  @Test
  void aServerThatDiesWhileLoadingFailsFastWithItsLog() {
    TargetConfig target =
        emulated("harness.emulator.args", "--no-such-emulator-value-for --profile");
    Deployment d = new DeploymentPlanner(target).plan(spec(ScenarioOptions.builder()));

    try (Supervisor supervisor = new Supervisor(target)) {
      assertThatThrownBy(() -> supervisor.ensure(d))
          .isInstanceOf(LaunchException.class)
          .hasMessageContaining("before it was ready");
    }
  }

  @Test
  void serversDieWithTheJvmThatStartedThemEvenWithoutClose() throws Exception {
    Path log = dir.resolve("child.log");
    ServerProcess child =
        new io.llmharness.server.internal.LocalLauncher()
            .start(
                "abandoning-jvm",
                JavaCommand.forMain(StartAndExit.class.getName())
                    .withArgs(List.of(model, dir.toString())),
                log);
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (child.isAlive() && System.nanoTime() < deadline) {
      LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
    }

    assertThat(child.exitCode()).as("child log: %s", child.tailLog(40)).hasValue(0);
    assertThat(Files.readString(log)).contains("started " + model);
    assertThat(Files.list(dir.resolve("child-logs")))
        .as("the child started an emulator")
        .isNotEmpty();
    awaitNone(this::serversOfThisTest);
    assertThat(serversOfThisTest()).isEmpty();
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      return s.getLocalPort();
    }
  }
}
