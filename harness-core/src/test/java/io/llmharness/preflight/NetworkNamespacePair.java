package io.llmharness.preflight;

import io.llmharness.MachineAssumptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Two network namespaces joined by a veth pair, with unique names and a private /30 in
 * 10.231.0.0/16, created for a test and deleted afterwards (deleting a namespace deletes its veth
 * end, and with it the pair). Creation skips the test with the reason when the machine does not
 * allow it (not root, or {@code ip netns} not permitted), and fails it on CI ({@link
 * MachineAssumptions}).
 */
final class NetworkNamespacePair implements AutoCloseable {

  private static final Duration IP_TIMEOUT = Duration.ofSeconds(10);

  private final CommandRunner host = CommandRunner.local();
  private final List<String> created = new ArrayList<>();
  final String namespace1;
  final String namespace2;
  final String address1;
  final String address2;

  private NetworkNamespacePair() {
    String suffix =
        Long.toString(ProcessHandle.current().pid(), 36)
            + Integer.toString(ThreadLocalRandom.current().nextInt(36 * 36 * 36), 36);
    namespace1 = "pfa" + suffix;
    namespace2 = "pfb" + suffix;
    int third = ThreadLocalRandom.current().nextInt(256);
    int fourth = ThreadLocalRandom.current().nextInt(64) * 4;
    address1 = "10.231." + third + "." + (fourth + 1);
    address2 = "10.231." + third + "." + (fourth + 2);
  }

  /** Creates the pair, or aborts the calling test with the reason it cannot. */
  static NetworkNamespacePair create() {
    CommandResult uid = CommandRunner.local().run(List.of("id", "-u"), IP_TIMEOUT);
    MachineAssumptions.assumeTrue(
        uid.stdout().strip().equals("0"),
        () -> "network namespace tests need root (uid is " + uid.stdout().strip() + ")");
    NetworkNamespacePair pair = new NetworkNamespacePair();
    try {
      pair.setUp();
      return pair;
    } catch (RuntimeException e) {
      pair.close();
      throw e;
    }
  }

  CommandRunner node1() {
    return CommandRunner.networkNamespace(namespace1, address1);
  }

  CommandRunner node2() {
    return CommandRunner.networkNamespace(namespace2, address2);
  }

  private void setUp() {
    String veth1 = "v" + namespace1;
    String veth2 = "v" + namespace2;
    CommandResult add = host.run(List.of("ip", "netns", "add", namespace1), IP_TIMEOUT);
    MachineAssumptions.assumeTrue(
        add.succeeded(), () -> "ip netns is not permitted here: " + add.failureSummary());
    created.add(namespace1);
    ip("netns", "add", namespace2);
    created.add(namespace2);
    ip("link", "add", veth1, "type", "veth", "peer", "name", veth2);
    ip("link", "set", veth1, "netns", namespace1);
    ip("link", "set", veth2, "netns", namespace2);
    ip("-n", namespace1, "addr", "add", address1 + "/30", "dev", veth1);
    ip("-n", namespace2, "addr", "add", address2 + "/30", "dev", veth2);
    for (String ns : List.of(namespace1, namespace2)) {
      ip("-n", ns, "link", "set", "lo", "up");
    }
    ip("-n", namespace1, "link", "set", veth1, "up");
    ip("-n", namespace2, "link", "set", veth2, "up");
  }

  private void ip(String... args) {
    List<String> command = new ArrayList<>(List.of("ip"));
    command.addAll(List.of(args));
    CommandResult r = host.run(command, IP_TIMEOUT);
    if (!r.succeeded()) {
      throw new IllegalStateException("network namespace setup failed: " + r.failureSummary());
    }
  }

  /** Deletes the namespaces (and so the veth pair); safe to call after a partial setup. */
  @Override
  public void close() {
    for (String ns : created) {
      host.run(List.of("ip", "netns", "del", ns), IP_TIMEOUT);
    }
    created.clear();
  }
}
