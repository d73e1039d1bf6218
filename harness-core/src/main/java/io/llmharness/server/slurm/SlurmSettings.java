package io.llmharness.server.slurm;

import static io.llmharness.internal.ConfigValues.read;

import io.llmharness.internal.ConfigValues;
import io.llmharness.server.Node;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * How servers are submitted as Slurm jobs ({@code harness.slurm.*}, see the README's table).
 * Immutable.
 *
 * @param partition {@code sbatch --partition}
 * @param account {@code sbatch --account}
 * @param timeLimit {@code sbatch --time} ({@code 2:00:00}, {@code 1-00:00:00})
 * @param constraint {@code sbatch --constraint} (node features)
 * @param nodes node names to pin servers to ({@code sbatch -w}): the first for unified and prefill
 *     servers, the second for decode servers; unpinned servers go wherever Slurm puts them, the
 *     decode and prefill servers of one deployment always on distinct nodes
 * @param sbatchArgs more {@code sbatch} options, passed as they are ({@code --qos=high
 *     --exclusive})
 * @param gpusPerServer GPUs per vLLM server ({@code --gres=gpu:N}); absent means its tensor
 *     parallel size (times its pipeline parallel size)
 * @param proxy where the P/D proxy runs: on this host, or as a Slurm job of its own
 * @param server what the jobs run: vLLM ({@code harness.vllm.*}) or the emulator
 * @param pollInterval how often job states are read ({@code squeue}) and job logs copied back
 * @param pendingTimeout how long a job may wait for an allocation before the launch fails with
 *     Slurm's reason (a reason that cannot clear fails at once)
 * @param commandTimeout the limit for one Slurm command ({@code sbatch}, {@code squeue}, …)
 * @param conf the {@code slurm.conf} the commands use ({@code SLURM_CONF}); absent means the
 *     inherited {@code SLURM_CONF}, else Slurm's own default
 * @param binDir where {@code sbatch}, {@code squeue}, {@code scontrol} and {@code scancel} are;
 *     absent means the {@code PATH}
 * @param jobLogDir where jobs write their output ({@code sbatch --output}), a directory the nodes
 *     and this host share; absent means a {@code slurm-jobs} directory beside the local logs
 * @param jobName the prefix of job names ({@code llmharness-prefill-slurm1})
 */
public record SlurmSettings(
    Optional<String> partition,
    Optional<String> account,
    Optional<String> timeLimit,
    Optional<String> constraint,
    List<String> nodes,
    List<String> sbatchArgs,
    OptionalInt gpusPerServer,
    ProxyPlacement proxy,
    ServerProgram server,
    Duration pollInterval,
    Duration pendingTimeout,
    Duration commandTimeout,
    Optional<Path> conf,
    Optional<Path> binDir,
    Optional<Path> jobLogDir,
    String jobName) {

  /** The prefix of every key read by {@link #fromProperties}. */
  public static final String PREFIX = "harness.slurm.";

  /** Every key {@link #fromProperties} reads; other {@code harness.slurm.*} keys are refused. */
  public static final List<String> KEYS =
      List.of(
              "partition",
              "account",
              "time",
              "constraint",
              "nodes",
              "sbatchArgs",
              "gpusPerServer",
              "proxy",
              "server",
              "pollInterval",
              "pendingTimeout",
              "commandTimeout",
              "conf",
              "binDir",
              "jobLogDir",
              "jobName")
          .stream()
          .map(k -> PREFIX + k)
          .toList();

  /**
   * The address of a node not yet allocated: servers bind every interface, and environment values
   * equal to it (the NIXL side-channel host) become the node's own address when the job starts.
   */
  public static final String ANY_ADDRESS = "0.0.0.0";

  /** The node name of a proxy that runs as a Slurm job. */
  public static final String PROXY_SLOT = "slurm-proxy";

  /** No pinning or limits, vLLM, the proxy on this host, a 1 s poll and a 30 min pending limit. */
  public static final SlurmSettings DEFAULT =
      new SlurmSettings(
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          List.of(),
          List.of(),
          OptionalInt.empty(),
          ProxyPlacement.LOCAL,
          ServerProgram.VLLM,
          Duration.ofSeconds(1),
          Duration.ofMinutes(30),
          Duration.ofMinutes(1),
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          "llmharness");

  /** Where the P/D proxy runs ({@code harness.slurm.proxy}). */
  public enum ProxyPlacement {
    /** On this host, reaching the servers at their nodes' addresses. */
    LOCAL,
    /** As a Slurm job without GPUs. */
    JOB
  }

  /** What the server jobs run ({@code harness.slurm.server}). */
  public enum ServerProgram {
    /** vLLM, from {@code harness.vllm.executable} or {@code harness.vllm.venv} on the nodes. */
    VLLM,
    /** The emulator, from {@code harness.java.classpath}, which the nodes must see. */
    EMULATOR
  }

  public SlurmSettings {
    Objects.requireNonNull(partition, "partition");
    Objects.requireNonNull(account, "account");
    Objects.requireNonNull(timeLimit, "timeLimit");
    Objects.requireNonNull(constraint, "constraint");
    nodes = List.copyOf(nodes);
    sbatchArgs = List.copyOf(sbatchArgs);
    Objects.requireNonNull(gpusPerServer, "gpusPerServer");
    Objects.requireNonNull(proxy, "proxy");
    Objects.requireNonNull(server, "server");
    Objects.requireNonNull(conf, "conf");
    Objects.requireNonNull(binDir, "binDir");
    Objects.requireNonNull(jobLogDir, "jobLogDir");
    Objects.requireNonNull(jobName, "jobName");
    word("partition", partition);
    word("account", account);
    word("time", timeLimit);
    word("constraint", constraint);
    if (nodes.size() > 2) {
      throw new IllegalArgumentException(
          PREFIX
              + "nodes "
              + nodes
              + " names more than two nodes; give the unified/prefill node and the decode node");
    }
    nodes.forEach(n -> word("nodes", Optional.of(n)));
    if (nodes.size() == 2 && nodes.get(0).equals(nodes.get(1))) {
      throw new IllegalArgumentException(
          PREFIX
              + "nodes pins prefill and decode to the same node ["
              + nodes.get(0)
              + "]; give two distinct nodes");
    }
    if (gpusPerServer.isPresent() && gpusPerServer.getAsInt() < 0) {
      throw new IllegalArgumentException(
          PREFIX + "gpusPerServer [" + gpusPerServer.getAsInt() + "] must be 0 or more");
    }
    positive("pollInterval", pollInterval);
    positive("pendingTimeout", pendingTimeout);
    positive("commandTimeout", commandTimeout);
    if (!jobName.matches("[A-Za-z0-9._-]+")) {
      throw new IllegalArgumentException(
          PREFIX + "jobName [" + jobName + "] may use only letters, digits, '.', '_' and '-'");
    }
  }

  /**
   * Reads the {@code harness.slurm.*} keys; unset keys keep the {@link #DEFAULT} values.
   *
   * @throws IllegalArgumentException naming the key, the value and the fix, also for an unknown
   *     {@code harness.slurm.*} key (a misspelt one would otherwise be ignored)
   */
  public static SlurmSettings fromProperties(Map<String, String> config) {
    for (String key : config.keySet()) {
      if (key.startsWith(PREFIX) && !KEYS.contains(key)) {
        throw new IllegalArgumentException(
            key + " is not a key of the Slurm launcher; use one of " + KEYS);
      }
    }
    SlurmSettings d = DEFAULT;
    return new SlurmSettings(
        text(config, "partition"),
        text(config, "account"),
        text(config, "time"),
        text(config, "constraint"),
        read(config, PREFIX + "nodes", d.nodes(), ConfigValues::parseList),
        read(config, PREFIX + "sbatchArgs", d.sbatchArgs(), s -> List.of(s.trim().split("\\s+"))),
        read(
            config,
            PREFIX + "gpusPerServer",
            d.gpusPerServer(),
            s -> OptionalInt.of(ConfigValues.parseInt(s))),
        read(config, PREFIX + "proxy", d.proxy(), s -> parse(ProxyPlacement.class, s)),
        read(config, PREFIX + "server", d.server(), s -> parse(ServerProgram.class, s)),
        read(config, PREFIX + "pollInterval", d.pollInterval(), ConfigValues::parseDuration),
        read(config, PREFIX + "pendingTimeout", d.pendingTimeout(), ConfigValues::parseDuration),
        read(config, PREFIX + "commandTimeout", d.commandTimeout(), ConfigValues::parseDuration),
        path(config, "conf"),
        path(config, "binDir"),
        path(config, "jobLogDir"),
        read(config, PREFIX + "jobName", d.jobName(), String::trim));
  }

  /**
   * The two places servers go, as nodes for {@code TargetConfig}: the unified/prefill one and the
   * decode one, named after their pinned node or {@code slurm1}/{@code slurm2}, at {@link
   * #ANY_ADDRESS} until their jobs are allocated.
   */
  public List<Node> slots() {
    return List.of(slot(0), slot(1));
  }

  /** Where the proxy runs: {@link Node#LOCAL}, or a slot of its own for a proxy job. */
  public Node proxyNode() {
    return proxy == ProxyPlacement.LOCAL ? Node.LOCAL : new Node(PROXY_SLOT, ANY_ADDRESS);
  }

  /** The node a slot is pinned to ({@code sbatch -w}), if any. */
  public Optional<String> pinFor(Node slot) {
    return nodes.contains(slot.name()) ? Optional.of(slot.name()) : Optional.empty();
  }

  private Node slot(int i) {
    return new Node(i < nodes.size() ? nodes.get(i) : "slurm" + (i + 1), ANY_ADDRESS);
  }

  private static Optional<String> text(Map<String, String> config, String key) {
    return read(config, PREFIX + key, Optional.<String>empty(), s -> Optional.of(s.trim()));
  }

  private static Optional<Path> path(Map<String, String> config, String key) {
    return read(config, PREFIX + key, Optional.<Path>empty(), s -> Optional.of(Path.of(s.trim())));
  }

  private static <E extends Enum<E>> E parse(Class<E> type, String s) {
    try {
      return Enum.valueOf(type, s.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "use one of "
              + java.util.Arrays.stream(type.getEnumConstants())
                  .map(c -> c.name().toLowerCase(Locale.ROOT))
                  .toList(),
          e);
    }
  }

  private static void word(String key, Optional<String> value) {
    value.ifPresent(
        v -> {
          if (v.isEmpty() || v.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException(
                PREFIX + key + " [" + v + "] must be one word without spaces");
          }
        });
  }

  private static void positive(String key, Duration d) {
    Objects.requireNonNull(d, key);
    if (d.isZero() || d.isNegative()) {
      throw new IllegalArgumentException(PREFIX + key + " [" + d + "] must be positive");
    }
  }
}
