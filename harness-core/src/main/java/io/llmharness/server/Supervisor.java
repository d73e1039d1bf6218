package io.llmharness.server;

import io.llmharness.client.InferenceClient;
import io.llmharness.server.internal.EmulatorWarmup;
import io.llmharness.server.internal.LocalLauncher;
import io.llmharness.server.slurm.SlurmLauncher;
import io.llmharness.server.slurm.SlurmSettings;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;

/**
 * Starts the deployment each scenario needs, and only when it must: {@link #ensure} reuses the
 * running deployment when it is equal and healthy, else stops it and starts the new one. One
 * supervisor per run; closing it stops everything it started.
 */
public final class Supervisor implements AutoCloseable {
  private static final Duration STOP_GRACE = Duration.ofSeconds(15);
  private static final Duration DEATH_GRACE = Duration.ofSeconds(5);

  private final TargetConfig target;
  private final Function<Node, Launcher> launchers;
  private RunningDeployment running;
  private int starts;

  /**
   * A supervisor with the target's own launchers: processes on this host for the emulated and local
   * targets; Slurm jobs for the slurm target (with a local proxy on this host).
   */
  public Supervisor(TargetConfig target) {
    this(target, defaultLaunchers(target));
  }

  /**
   * A supervisor with a launcher per node (e.g. SSH for remote nodes).
   *
   * @param launchers the launcher for the servers of a node
   */
  public Supervisor(TargetConfig target, Function<Node, Launcher> launchers) {
    this.target = Objects.requireNonNull(target, "target");
    this.launchers = Objects.requireNonNull(launchers, "launchers");
  }

  private static Function<Node, Launcher> defaultLaunchers(TargetConfig target) {
    Launcher local = new LocalLauncher();
    if (target.kind() == TargetKind.SLURM) {
      SlurmLauncher slurm = new SlurmLauncher(target.slurm());
      return node -> node.equals(Node.LOCAL) ? local : slurm.on(node);
    }
    return node -> local;
  }

  /** The target configuration. */
  public TargetConfig target() {
    return target;
  }

  /** How many deployments this supervisor has started. */
  public synchronized int starts() {
    return starts;
  }

  /** The deployment currently up, if any. */
  public synchronized Optional<RunningDeployment> running() {
    return Optional.ofNullable(running);
  }

  /**
   * Returns a running deployment equal to {@code deployment}: the current one when it is equal and
   * healthy, else a freshly started one (the previous one is stopped first).
   *
   * @throws LaunchException when a server cannot be started or does not become ready
   */
  public synchronized RunningDeployment ensure(Deployment deployment) {
    if (running != null && running.deployment().equals(deployment) && healthy(running)) {
      return running;
    }
    stopRunning();
    if (target.kind() == TargetKind.EXTERNAL) {
      running = external(deployment);
      return running;
    }
    starts++;
    List<ServerProcess> started = new ArrayList<>();
    try {
      running = start(deployment, starts, started);
      return running;
    } catch (RuntimeException e) {
      started.forEach(p -> p.stop(STOP_GRACE));
      throw e;
    }
  }

  /**
   * Checks that every process of the deployment still runs and that every server it started answers
   * {@code /health}: the vLLM servers and, in a disaggregated deployment, the proxy.
   *
   * @throws ServerDiedException naming the server that exited or stopped answering, with the last
   *     lines of that server's log
   */
  public synchronized void checkHealthy(RunningDeployment deployment) {
    throwIfDead(deployment);
    List<RunningDeployment.Endpoint> endpoints = deployment.endpoints();
    for (int i = 0; i < endpoints.size(); i++) {
      if (!answersHealth(endpoints.get(i).url())) {
        // The proxy's /health asks its servers, and a server checked earlier may have hung since:
        // blame the first one that fails now, so the message names the cause, not a symptom.
        RunningDeployment.Endpoint failed =
            endpoints.subList(0, i).stream()
                .filter(e -> !answersHealth(e.url()))
                .findFirst()
                .orElse(endpoints.get(i));
        // A server that stopped answering has often just died: a launcher learns of that by
        // polling (a Slurm job's state, a remote pid), and its exit says more than silence.
        long deadline = System.nanoTime() + DEATH_GRACE.toNanos();
        while (deployment.deadProcess().isEmpty() && System.nanoTime() < deadline) {
          LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
        }
        throwIfDead(deployment);
        throw new ServerDiedException(
            failed.process().name()
                + " at "
                + failed.url()
                + " stopped answering /health during the scenario",
            failed.process().logTail());
      }
    }
  }

  private static void throwIfDead(RunningDeployment deployment) {
    Optional<ServerProcess> dead = deployment.deadProcess();
    if (dead.isPresent()) {
      ServerProcess p = dead.get();
      throw new ServerDiedException(
          p.name() + " " + p.exitDescription() + " during the scenario", p.logTail());
    }
  }

  /** Stops the running deployment, so the next {@link #ensure} starts a fresh one. */
  public synchronized void discard(RunningDeployment deployment) {
    if (running == deployment) {
      stopRunning();
    }
  }

  private boolean healthy(RunningDeployment d) {
    return d.deadProcess().isEmpty()
        && d.endpoints().stream().allMatch(e -> answersHealth(e.url()));
  }

  private boolean answersHealth(URI url) {
    try (InferenceClient client = new InferenceClient(url)) {
      return client.healthy();
    }
  }

  private RunningDeployment start(Deployment deployment, int number, List<ServerProcess> started) {
    Map<ServerRole, URI> urls = new EnumMap<>(ServerRole.class);
    Map<ServerRole, ServerProcess> processes = new EnumMap<>(ServerRole.class);
    Map<ServerRole, Integer> ports = new EnumMap<>(ServerRole.class);
    for (ServerSpec server : deployment.servers()) {
      int port = portFor(server.node(), server.port());
      int sideChannel =
          server.kvBackend().isPresent() ? portFor(server.node(), server.sideChannelPort()) : 0;
      ServerCommand command = commandFor(server, port, sideChannel);
      Path log = logFile(deployment, number, server.role().label());
      ServerProcess p = launchers.apply(server.node()).start(server.describe(), command, log);
      started.add(p);
      processes.put(server.role(), p);
      ports.put(server.role(), port);
    }
    for (ServerSpec server : deployment.servers()) {
      ServerProcess p = processes.get(server.role());
      // Placed by the launcher (a Slurm job): its address is known once it is allocated.
      String address = p.address().orElse(server.node().address());
      urls.put(server.role(), url(address, ports.get(server.role())));
      ReadinessProbe.await(p, urls.get(server.role()), target.startupTimeout());
    }
    URI entry;
    if (deployment instanceof Deployment.Disaggregated d) {
      int port = portFor(d.proxy().node(), d.proxy().port());
      ServerCommand proxy =
          JavaCommand.forMain(JavaCommand.PROXY_MAIN, target.javaClasspath())
              .withArgs(
                  List.of(
                      "--prefill",
                      urls.get(ServerRole.PREFILL).toString(),
                      "--decode",
                      urls.get(ServerRole.DECODE).toString(),
                      "--host",
                      d.proxy().node().address(),
                      "--port",
                      Integer.toString(port),
                      // Prompts were checked against the stage and the servers' max_model_len
                      // before anything was sent; the proxy's own check would add a /tokenize
                      // round trip to the TTFT of every long text prompt (the proxy reports it in
                      // X-Proxy-Length-Check-Time, apart from X-Proxy-Prefill-Time).
                      "--length-check",
                      "off"));
      if (d.proxy().node().equals(Node.LOCAL)) {
        proxy = proxy.withArgs(List.of(JavaCommand.EXIT_WITH_PARENT));
      }
      ServerProcess p =
          launchers
              .apply(d.proxy().node())
              .start(
                  "proxy@" + d.proxy().node().name(), proxy, logFile(deployment, number, "proxy"));
      started.add(p);
      entry = url(p.address().orElse(d.proxy().node().address()), port);
      ReadinessProbe.await(p, entry, Duration.ofMinutes(1));
    } else {
      entry = urls.get(ServerRole.UNIFIED);
    }
    if (runsEmulator() && target.emulatorWarmupRequests() > 0) {
      EmulatorWarmup.run(
          entry, deployment.servers().get(0).model(), target.emulatorWarmupRequests());
    }
    return new RunningDeployment(deployment, entry, urls, started, number);
  }

  private ServerCommand commandFor(ServerSpec server, int port, int sideChannel) {
    List<String> serve = VllmCommandLine.serveArgs(server, port, target.vllm());
    Map<String, String> env = VllmCommandLine.environment(server, sideChannel, target.vllm());
    if (runsEmulator()) {
      List<String> args = new ArrayList<>(serve);
      args.add("--profile");
      args.add(target.emulatorProfile());
      if (target.kind() == TargetKind.EMULATED) {
        args.add(JavaCommand.EXIT_WITH_PARENT); // started by this JVM: none outlives it
      }
      args.addAll(target.emulatorArgs());
      return JavaCommand.forMain(JavaCommand.EMULATOR_MAIN, target.javaClasspath())
          .withArgs(args)
          .withEnv(env);
    }
    return new ServerCommand(List.of(target.vllm().executable()), env).withArgs(serve);
  }

  /** True when the servers are emulators, false when they are vLLM. */
  private boolean runsEmulator() {
    return target.kind() == TargetKind.EMULATED
        || (target.kind() == TargetKind.SLURM
            && target.slurm().server() == SlurmSettings.ServerProgram.EMULATOR);
  }

  private RunningDeployment external(Deployment deployment) {
    URI url =
        target
            .externalUrl(deployment.backend())
            .orElseThrow(
                () ->
                    new LaunchException(
                        "the external target serves no "
                            + deployment.backend().name().toLowerCase(java.util.Locale.ROOT)
                            + " backend; set harness.external."
                            + deployment.backend().name().toLowerCase(java.util.Locale.ROOT)
                            + " to its URL"));
    return new RunningDeployment(deployment, url, Map.of(), List.of(), 0);
  }

  private Path logFile(Deployment deployment, int number, String role) {
    return target.logDir().resolve(deployment.name() + "-" + number + "-" + role + ".log");
  }

  private int portFor(Node node, int requested) {
    boolean local = node.equals(Node.LOCAL) || isLocalAddress(node.address());
    if (requested == 0) {
      return freePort(node);
    }
    if (local && target.kind() != TargetKind.SSH && !isFree(node, requested)) {
      throw new LaunchException(LaunchCheck.portInUse(requested, node.address()));
    }
    return requested;
  }

  private static boolean isLocalAddress(String address) {
    try {
      return InetAddress.getByName(address).isLoopbackAddress();
    } catch (IOException e) {
      return false;
    }
  }

  private static boolean isFree(Node node, int port) {
    try (ServerSocket s = new ServerSocket()) {
      s.setReuseAddress(true);
      s.bind(new InetSocketAddress(node.address(), port));
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static int freePort(Node node) {
    try (ServerSocket s = new ServerSocket()) {
      s.setReuseAddress(true);
      s.bind(new InetSocketAddress(node.address(), 0));
      return s.getLocalPort();
    } catch (IOException e) {
      throw new LaunchException(
          "cannot find a free port on " + node.address() + ": " + e.getMessage(), e);
    }
  }

  private static URI url(String address, int port) {
    String host = address.contains(":") ? "[" + address + "]" : address;
    return URI.create("http://" + host + ":" + port);
  }

  /** {@link #validate(Collection)} of one deployment. */
  public void validate(Deployment deployment) {
    validate(List.of(deployment));
  }

  /**
   * Checks, before anything starts, that every server and proxy of the deployments could start: its
   * node is reachable, its executable exists there, and its ports are free (checked only while this
   * supervisor runs nothing, whose servers would hold them). The external target starts nothing and
   * checks nothing here.
   *
   * @throws LaunchException with one sentence per problem, each naming the node, the value and the
   *     fix
   */
  public synchronized void validate(Collection<Deployment> deployments) {
    if (target.kind() == TargetKind.EXTERNAL) {
      return;
    }
    List<LaunchCheck> checks =
        LaunchCheck.of(
            deployments,
            s -> commandFor(s, s.port(), s.sideChannelPort()),
            JavaCommand.forMain(JavaCommand.PROXY_MAIN, target.javaClasspath()),
            runsEmulator() ? LaunchCheck.JAVA_FIX : LaunchCheck.VLLM_FIX,
            running == null);
    Set<String> problems = new LinkedHashSet<>();
    for (LaunchCheck check : checks) {
      problems.addAll(launchers.apply(check.node()).problems(check));
    }
    if (!problems.isEmpty()) {
      throw new LaunchException(String.join("\n", problems));
    }
  }

  private void stopRunning() {
    if (running != null) {
      List<ServerProcess> ps = new ArrayList<>(running.processes());
      java.util.Collections.reverse(ps);
      ps.forEach(p -> p.stop(STOP_GRACE));
      running = null;
    }
  }

  @Override
  public synchronized void close() {
    stopRunning();
  }
}
