package io.llmharness.server;

import static io.llmharness.internal.ConfigValues.read;

import io.llmharness.internal.ConfigValues;
import io.llmharness.scenario.Backend;
import io.llmharness.server.slurm.SlurmSettings;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Where and how the servers of a run are started, read from {@code harness.*} configuration keys
 * (see the README's table). Immutable.
 *
 * @param kind emulated, local, ssh, external or slurm
 * @param nodes the nodes: the first runs unified and prefill servers, the second decode servers
 * @param proxyNode where the proxy runs (default: this host)
 * @param ports the servers' ports
 * @param vllm how vLLM is started (and how its command line is written)
 * @param emulatorProfile the emulator's {@code --profile} for the emulated target
 * @param emulatorArgs more emulator-only flags (fault injection, …)
 * @param emulatorWarmupRequests small requests that warm freshly started emulators' JVMs before any
 *     scenario ({@code harness.emulator.warmupRequests}); none with fault injection or phase A in
 *     {@link #emulatorArgs}, whose request and transfer counts the warm-up would spend
 * @param external for the external target, the URL serving each backend
 * @param startupTimeout how long a server may take to become ready
 * @param logDir where server logs go
 * @param slurm how servers are submitted as Slurm jobs on the slurm target ({@code
 *     harness.slurm.*})
 * @param javaClasspath the classpath the emulator and the proxy start with ({@code
 *     harness.java.classpath}); absent means {@link JavaCommand#forMain(String)}'s
 */
public record TargetConfig(
    TargetKind kind,
    List<Node> nodes,
    Node proxyNode,
    Ports ports,
    VllmSettings vllm,
    String emulatorProfile,
    List<String> emulatorArgs,
    int emulatorWarmupRequests,
    Map<Backend, URI> external,
    Duration startupTimeout,
    Path logDir,
    SlurmSettings slurm,
    Optional<String> javaClasspath) {

  /**
   * Every key {@link #fromProperties} reads besides {@link SlurmSettings#KEYS}; the SSH launcher's
   * are {@link io.llmharness.server.ssh.SshSettings#KEYS}.
   */
  public static final List<String> KEYS =
      List.of(
          "harness.target",
          "harness.nodes",
          "harness.proxy.node",
          "harness.port.unified",
          "harness.port.prefill",
          "harness.port.decode",
          "harness.port.proxy",
          "harness.port.prefillSideChannel",
          "harness.port.decodeSideChannel",
          "harness.vllm.executable",
          "harness.vllm.venv",
          "harness.vllm.version",
          "harness.vllm.enforceEager",
          "harness.vllm.chunkedPrefill",
          "harness.vllm.trustRemoteCode",
          "harness.vllm.logRequests",
          "harness.vllm.args",
          "harness.vllm.env",
          "harness.yarn.factor",
          "harness.yarn.originalMaxPositionEmbeddings",
          "harness.yarn.ropeTheta",
          "harness.emulator.profile",
          "harness.emulator.args",
          "harness.emulator.warmupRequests",
          "harness.external.unified",
          "harness.external.efa",
          "harness.external.tcp",
          "harness.startupTimeout",
          "harness.logs.dir",
          "harness.java.classpath");

  /** Warm-up requests of freshly started emulators unless {@code harness.emulator.*} says else. */
  public static final int DEFAULT_EMULATOR_WARMUP = 8;

  /** The emulated target with the {@code fast} profile and free ports. */
  public static final TargetConfig EMULATED_FAST =
      new TargetConfig(
          TargetKind.EMULATED,
          List.of(Node.LOCAL),
          Node.LOCAL,
          Ports.AUTO,
          VllmSettings.DEFAULT,
          "fast",
          List.of(),
          DEFAULT_EMULATOR_WARMUP,
          Map.of(),
          Duration.ofMinutes(20),
          Path.of("target", "harness", "logs"),
          SlurmSettings.DEFAULT,
          Optional.empty());

  public TargetConfig {
    Objects.requireNonNull(kind, "kind");
    nodes = List.copyOf(nodes);
    Objects.requireNonNull(proxyNode, "proxyNode");
    Objects.requireNonNull(ports, "ports");
    Objects.requireNonNull(vllm, "vllm");
    Objects.requireNonNull(emulatorProfile, "emulatorProfile");
    emulatorArgs = List.copyOf(emulatorArgs);
    if (emulatorWarmupRequests < 0) {
      throw new IllegalArgumentException(
          "harness.emulator.warmupRequests "
              + emulatorWarmupRequests
              + " is negative; use 0 to start emulators without a warm-up");
    }
    external = Map.copyOf(external);
    Objects.requireNonNull(startupTimeout, "startupTimeout");
    Objects.requireNonNull(logDir, "logDir");
    Objects.requireNonNull(slurm, "slurm");
    Objects.requireNonNull(javaClasspath, "javaClasspath");
    if (nodes.isEmpty()) {
      throw new IllegalArgumentException("a target needs at least one node");
    }
  }

  /** The node of unified and prefill servers. */
  public Node prefillNode() {
    return nodes.get(0);
  }

  /** The node of decode servers: the second node, or the first when there is only one. */
  public Node decodeNode() {
    return nodes.size() > 1 ? nodes.get(1) : nodes.get(0);
  }

  /** The URL serving a backend on the external target. */
  public Optional<URI> externalUrl(Backend backend) {
    return Optional.ofNullable(external.get(backend));
  }

  /**
   * Reads the target from configuration keys (system properties or JUnit configuration parameters);
   * unset keys take the defaults of the target kind.
   *
   * @throws IllegalArgumentException naming the key, the value and the fix
   */
  public static TargetConfig fromProperties(Map<String, String> config) {
    TargetKind kind = read(config, "harness.target", TargetKind.EMULATED, TargetKind::parse);
    boolean oneHost = kind == TargetKind.EMULATED || kind == TargetKind.LOCAL;
    List<Node> nodes = new ArrayList<>();
    List<String> addresses = read(config, "harness.nodes", List.of(), ConfigValues::parseList);
    for (int i = 0; i < addresses.size(); i++) {
      nodes.add(new Node("node" + (i + 1), addresses.get(i)));
    }
    SlurmSettings slurm =
        kind == TargetKind.SLURM ? SlurmSettings.fromProperties(config) : SlurmSettings.DEFAULT;
    if (kind == TargetKind.SLURM) {
      slurmOnly(config, "harness.nodes", "pin nodes with harness.slurm.nodes");
      slurmOnly(config, "harness.proxy.node", "place the proxy with harness.slurm.proxy=local|job");
      nodes.addAll(slurm.slots());
    }
    if (nodes.isEmpty()) {
      if (kind == TargetKind.SSH) {
        throw new IllegalArgumentException(
            "harness.target=ssh needs harness.nodes=<unified/prefill node>,<decode node>, e.g."
                + " harness.nodes=10.0.0.1,10.0.0.2");
      }
      nodes.add(Node.LOCAL);
    }
    Ports defaults = kind == TargetKind.EMULATED ? Ports.AUTO : oneHostPorts(oneHost);
    Ports ports =
        new Ports(
            read(config, "harness.port.unified", defaults.unified(), ConfigValues::parseInt),
            read(config, "harness.port.prefill", defaults.prefill(), ConfigValues::parseInt),
            read(config, "harness.port.decode", defaults.decode(), ConfigValues::parseInt),
            read(config, "harness.port.proxy", defaults.proxy(), ConfigValues::parseInt),
            read(
                config,
                "harness.port.prefillSideChannel",
                defaults.prefillSideChannel(),
                ConfigValues::parseInt),
            read(
                config,
                "harness.port.decodeSideChannel",
                defaults.decodeSideChannel(),
                ConfigValues::parseInt));
    String venv = config.get("harness.vllm.venv");
    String executable =
        read(
            config,
            "harness.vllm.executable",
            venv == null || venv.isBlank() ? "vllm" : Path.of(venv, "bin", "vllm").toString(),
            s -> s);
    VllmSettings vllm =
        new VllmSettings(
            executable,
            read(config, "harness.vllm.version", VllmSettings.DEFAULT.version(), s -> s),
            switches(config),
            read(config, "harness.vllm.args", List.of(), s -> List.of(s.trim().split("\\s+"))),
            read(config, "harness.vllm.env", Map.of(), ConfigValues::parsePairs),
            new VllmSettings.YarnScaling(
                read(config, "harness.yarn.factor", 4.0, Double::parseDouble),
                read(
                    config,
                    "harness.yarn.originalMaxPositionEmbeddings",
                    32768,
                    ConfigValues::parseInt),
                read(config, "harness.yarn.ropeTheta", 1_000_000.0, Double::parseDouble)));
    Map<Backend, URI> external = new EnumMap<>(Backend.class);
    for (Backend b : Backend.values()) {
      String key = "harness.external." + b.name().toLowerCase(java.util.Locale.ROOT);
      read(config, key, Optional.<URI>empty(), s -> Optional.of(URI.create(s.trim())))
          .ifPresent(u -> external.put(b, u));
    }
    if (kind == TargetKind.EXTERNAL && external.isEmpty()) {
      throw new IllegalArgumentException(
          "harness.target=external needs at least one of harness.external.unified,"
              + " harness.external.efa, harness.external.tcp (the URL serving that backend)");
    }
    Node proxyNode =
        kind == TargetKind.SLURM
            ? slurm.proxyNode()
            : read(
                config,
                "harness.proxy.node",
                Node.LOCAL,
                s -> s.equalsIgnoreCase("local") ? Node.LOCAL : nodeNamed(nodes, s));
    if (kind == TargetKind.SLURM) {
      jobPorts(ports, proxyNode);
    }
    List<String> emulatorArgs =
        read(config, "harness.emulator.args", List.of(), s -> List.of(s.trim().split("\\s+")));
    return new TargetConfig(
        kind,
        nodes,
        proxyNode,
        ports,
        vllm,
        read(config, "harness.emulator.profile", "fast", s -> s.trim()),
        emulatorArgs,
        emulatorWarmup(config, emulatorArgs),
        external,
        read(config, "harness.startupTimeout", Duration.ofMinutes(20), ConfigValues::parseDuration),
        read(config, "harness.logs.dir", Path.of("target", "harness", "logs"), Path::of),
        slurm,
        read(config, "harness.java.classpath", Optional.empty(), s -> Optional.of(s.strip())));
  }

  /**
   * {@code harness.emulator.warmupRequests}, by default {@link #DEFAULT_EMULATOR_WARMUP}, or none
   * when the emulator args inject faults or phase A: those count requests and KV transfers from the
   * first one, and a warm-up would spend them.
   */
  private static int emulatorWarmup(Map<String, String> config, List<String> emulatorArgs) {
    boolean counts =
        emulatorArgs.stream().anyMatch(a -> a.startsWith("--fault-") || a.startsWith("--phase-a-"));
    return read(
        config,
        "harness.emulator.warmupRequests",
        counts ? 0 : DEFAULT_EMULATOR_WARMUP,
        ConfigValues::parseInt);
  }

  private static VllmSettings.Switches switches(Map<String, String> config) {
    VllmSettings.Switches d = VllmSettings.Switches.PHASE15;
    return new VllmSettings.Switches(
        read(config, "harness.vllm.enforceEager", d.enforceEager(), ConfigValues::parseBoolean),
        read(config, "harness.vllm.chunkedPrefill", d.chunkedPrefill(), ConfigValues::parseBoolean),
        read(
            config,
            "harness.vllm.trustRemoteCode",
            d.trustRemoteCode(),
            ConfigValues::parseBoolean),
        read(config, "harness.vllm.logRequests", d.logRequests(), ConfigValues::parseBoolean));
  }

  private static void slurmOnly(Map<String, String> config, String key, String instead) {
    if (config.get(key) != null && !config.get(key).isBlank()) {
      throw new IllegalArgumentException(
          key + " [" + config.get(key) + "] does not apply to harness.target=slurm; " + instead);
    }
  }

  /** A job's ports cannot be picked here: they must be given. */
  private static void jobPorts(Ports ports, Node proxyNode) {
    Map<String, Integer> needed = new java.util.LinkedHashMap<>();
    needed.put("unified", ports.unified());
    needed.put("prefill", ports.prefill());
    needed.put("decode", ports.decode());
    needed.put("prefillSideChannel", ports.prefillSideChannel());
    needed.put("decodeSideChannel", ports.decodeSideChannel());
    if (!proxyNode.equals(Node.LOCAL)) {
      needed.put("proxy", ports.proxy());
    }
    needed.forEach(
        (name, port) -> {
          if (port == 0) {
            throw new IllegalArgumentException(
                "harness.port."
                    + name
                    + " [0] cannot be picked on a node Slurm has not allocated yet; give a port");
          }
        });
  }

  private static Ports oneHostPorts(boolean oneHost) {
    // Two vLLM servers on one host need distinct side-channel ports.
    return oneHost ? new Ports(8100, 8100, 8200, 8000, 5600, 5610) : Ports.GUIDE;
  }

  private static Node nodeNamed(List<Node> nodes, String name) {
    return nodes.stream()
        .filter(n -> n.name().equals(name) || n.address().equals(name))
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "harness.proxy.node names no node; use local or one of " + nodes));
  }
}
