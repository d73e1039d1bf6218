package io.llmharness.server.ssh;

import static io.llmharness.MachineAssumptions.assumeTrue;

import java.io.IOException;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;

/**
 * Network namespaces that play separate nodes: each has its own address on a private /24 and
 * reaches the others, and this host (the root namespace, address {@code .1}), through a bridge.
 * Everything made is undone on close in reverse order, also after a partial setup; processes left
 * in a namespace are killed first.
 */
final class NamespaceNetwork implements AutoCloseable {
  private static final SecureRandom RANDOM = new SecureRandom();

  private final String suffix;
  private final int subnet;
  private final List<String> namespaces = new ArrayList<>();
  private final Deque<List<String>> undo = new ArrayDeque<>();
  private final Thread onExit = new Thread(this::close, "netns-cleanup");

  private NamespaceNetwork(String suffix, int subnet) {
    this.suffix = suffix;
    this.subnet = subnet;
    // undone with the test JVM even when it dies before the tests' cleanup runs
    Runtime.getRuntime().addShutdownHook(onExit);
  }

  /** Skips (on CI: fails) the calling test unless network namespaces can be made here. */
  static void assumeAvailable() {
    assumeTrue(
        "root".equals(System.getProperty("user.name")),
        "network namespaces need root (CI runs as root)");
    assumeTrue(Sshd.onPath("ip"), "ip is missing; install iproute2 (.ci/run does)");
  }

  /** {@code count} namespaces with addresses 10.232.N.2, .3, … on a bridge at 10.232.N.1. */
  static NamespaceNetwork create(int count) throws IOException {
    assumeAvailable();
    String suffix = String.format(Locale.ROOT, "%04x", RANDOM.nextInt(1 << 16));
    NamespaceNetwork net = new NamespaceNetwork(suffix, freeSubnet());
    try {
      net.build(count);
    } catch (IOException | RuntimeException e) {
      net.close();
      throw e;
    }
    return net;
  }

  String namespace(int node) {
    return namespaces.get(node);
  }

  /** The address of node {@code node} (0-based). */
  String address(int node) {
    return "10.232." + subnet + "." + (2 + node);
  }

  /** This host's address on the bridge. */
  String hostAddress() {
    return "10.232." + subnet + ".1";
  }

  List<String> namespaces() {
    return List.copyOf(namespaces);
  }

  String bridge() {
    return "lhb" + suffix;
  }

  @Override
  public synchronized void close() {
    if (Thread.currentThread() != onExit) {
      try {
        Runtime.getRuntime().removeShutdownHook(onExit);
      } catch (IllegalStateException e) {
        // the JVM is exiting: the hook runs this anyway
      }
    }
    for (String ns : namespaces) {
      killProcessesIn(ns);
    }
    while (!undo.isEmpty()) {
      List<String> argv = undo.pop();
      try {
        Sshd.run(argv);
      } catch (IOException e) {
        System.err.println("cleanup step failed: " + e.getMessage());
      }
    }
  }

  private void build(int count) throws IOException {
    String bridge = bridge();
    step(
        List.of("ip", "link", "add", bridge, "type", "bridge"),
        List.of("ip", "link", "del", bridge));
    Sshd.run(List.of("ip", "addr", "add", hostAddress() + "/24", "dev", bridge));
    Sshd.run(List.of("ip", "link", "set", bridge, "up"));
    for (int i = 0; i < count; i++) {
      String ns = "llmharness-" + suffix + "-" + (i + 1);
      String outer = "lhv" + suffix + i;
      String inner = "lhp" + suffix + i;
      step(List.of("ip", "netns", "add", ns), List.of("ip", "netns", "del", ns));
      namespaces.add(ns);
      Sshd.run(List.of("ip", "-n", ns, "link", "set", "lo", "up"));
      step(
          List.of("ip", "link", "add", outer, "type", "veth", "peer", "name", inner),
          List.of("ip", "link", "del", outer));
      Sshd.run(List.of("ip", "link", "set", inner, "netns", ns));
      Sshd.run(List.of("ip", "link", "set", outer, "master", bridge));
      Sshd.run(List.of("ip", "link", "set", outer, "up"));
      Sshd.run(List.of("ip", "-n", ns, "addr", "add", address(i) + "/24", "dev", inner));
      Sshd.run(List.of("ip", "-n", ns, "link", "set", inner, "up"));
    }
  }

  private void step(List<String> make, List<String> unmake) throws IOException {
    Sshd.run(make);
    undo.push(unmake);
  }

  private static void killProcessesIn(String ns) {
    try {
      for (String pid : Sshd.run(List.of("ip", "netns", "pids", ns)).split("\\s+")) {
        if (!pid.isBlank()) {
          ProcessHandle.of(Long.parseLong(pid)).ifPresent(ProcessHandle::destroyForcibly);
        }
      }
    } catch (IOException e) {
      // the namespace is gone already
    }
  }

  /** A /24 under 10.232/16 that no interface of this host uses yet. */
  private static int freeSubnet() throws IOException {
    String used = Sshd.run(List.of("ip", "-4", "-o", "addr", "show"));
    for (int attempt = 0; attempt < 100; attempt++) {
      int n = 1 + RANDOM.nextInt(254);
      if (!used.contains("10.232." + n + ".")) {
        return n;
      }
    }
    throw new IllegalStateException("no free /24 under 10.232.0.0/16 on this host");
  }
}
