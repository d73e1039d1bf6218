package io.llmharness.server;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * What must hold on a node before one server starts there: the node is reachable, the command's
 * executable exists, and the server's ports are free. {@link Launcher#problems} checks it.
 *
 * @param node where the server will run
 * @param name the server, for messages ({@code prefill@node1:8100})
 * @param command its command line (the executable and the environment matter here)
 * @param ports the ports it will listen on, which must be free; none when they are picked at start
 * @param executableFix what to do when the executable is missing ({@code install vLLM there, or set
 *     harness.vllm.executable or harness.vllm.venv})
 */
public record LaunchCheck(
    Node node, String name, ServerCommand command, List<Integer> ports, String executableFix) {

  public LaunchCheck {
    Objects.requireNonNull(node, "node");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(command, "command");
    ports = ports.stream().filter(p -> p > 0).distinct().sorted().toList();
    Objects.requireNonNull(executableFix, "executableFix");
  }

  /** The fix for a missing vLLM executable. */
  static final String VLLM_FIX =
      "install vLLM there, or set harness.vllm.executable or harness.vllm.venv";

  /** The fix for a missing Java, which runs the emulator. */
  static final String JAVA_FIX = "install the same Java at that path there";

  /** The fix for a missing Java where the proxy runs. */
  static final String PROXY_FIX = JAVA_FIX + ", or run the proxy here (harness.proxy.node=local)";

  /** The sentence for a port that is taken: {@code port 8100 on 10.0.0.1 is already in use; …}. */
  public static String portInUse(int port, String address) {
    return "port "
        + port
        + " on "
        + address
        + " is already in use; stop whatever listens there or choose other harness.port.* values.";
  }

  /**
   * The checks for every server and proxy of {@code deployments}, each distinct one once.
   *
   * @param commands the command of each server
   * @param proxy the command of the proxy (its arguments do not matter here)
   * @param serverFix the fix for a missing server executable
   * @param withPorts whether the ports must be free (not while this run's own servers hold them)
   */
  static List<LaunchCheck> of(
      Collection<Deployment> deployments,
      Function<ServerSpec, ServerCommand> commands,
      ServerCommand proxy,
      String serverFix,
      boolean withPorts) {
    Map<List<Object>, LaunchCheck> checks = new LinkedHashMap<>();
    for (Deployment d : deployments) {
      for (ServerSpec s : d.servers()) {
        List<Integer> ports = new ArrayList<>(List.of(s.port()));
        if (s.kvBackend().isPresent()) {
          ports.add(s.sideChannelPort());
        }
        add(
            checks,
            s.node(),
            s.describe(),
            commands.apply(s),
            withPorts ? ports : List.of(),
            serverFix);
      }
      if (d instanceof Deployment.Disaggregated dis) {
        Node node = dis.proxy().node();
        List<Integer> ports = withPorts ? List.of(dis.proxy().port()) : List.of();
        add(checks, node, "proxy@" + node.name(), proxy, ports, PROXY_FIX);
      }
    }
    return List.copyOf(checks.values());
  }

  private static void add(
      Map<List<Object>, LaunchCheck> checks,
      Node node,
      String name,
      ServerCommand command,
      List<Integer> ports,
      String fix) {
    LaunchCheck c = new LaunchCheck(node, name, command, ports, fix);
    checks.putIfAbsent(List.of(node, command.argv().get(0), command.env(), c.ports()), c);
  }
}
