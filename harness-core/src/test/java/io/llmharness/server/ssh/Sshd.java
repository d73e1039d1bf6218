package io.llmharness.server.ssh;

import static io.llmharness.MachineAssumptions.assumeTrue;

import io.llmharness.server.internal.ProcessReaper;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A real OpenSSH {@code sshd} for one test class: its own host key, a user key for root, its own
 * config, log and pid file in a temporary directory, a known_hosts file with its host key. Runs on
 * loopback, or inside a network namespace. Needs root (CI runs as root) and Debian's
 * openssh-server.
 */
final class Sshd implements AutoCloseable {
  static final Path SSHD = Path.of("/usr/sbin/sshd");

  private final Path dir;
  private final String host;
  private final int port;
  private final Process process;

  private Sshd(Path dir, String host, int port, Process process) {
    this.dir = dir;
    this.host = host;
    this.port = port;
    this.process = process;
  }

  /** Skips (on CI: fails) the calling test unless sshd can be run here. */
  static void assumeAvailable() {
    assumeTrue(
        "root".equals(System.getProperty("user.name")),
        "the sshd fixture needs root (it logs in as root with PermitRootLogin prohibit-password)");
    assumeTrue(
        Files.isExecutable(SSHD),
        SSHD + " is missing; install Debian's openssh-server (.ci/run does)");
    assumeTrue(onPath("ssh-keygen"), "ssh-keygen is missing; install openssh-client");
  }

  /** An sshd on {@code 127.0.0.1} at a free port, keys and files under {@code dir}. */
  static Sshd onLoopback(Path dir) throws IOException {
    assumeAvailable();
    return start(dir, "127.0.0.1", freePort(), List.of());
  }

  /** An sshd inside network namespace {@code namespace}, listening on {@code address}:22. */
  static Sshd inNamespace(Path dir, String namespace, String address) throws IOException {
    assumeAvailable();
    return start(dir, address, 22, List.of("ip", "netns", "exec", namespace));
  }

  /** Settings that reach this sshd as root with the generated key, verifying its host key. */
  SshSettings settings() {
    return SshSettings.forHost(host)
        .withPort(port)
        .withUser("root")
        .withPrivateKey(userKey())
        .withKnownHosts(dir.resolve("known_hosts"))
        .withConnectTimeout(Duration.ofSeconds(10))
        .withRemoteDir(dir.resolve("remote").toString());
  }

  String host() {
    return host;
  }

  int port() {
    return port;
  }

  Path dir() {
    return dir;
  }

  Path userKey() {
    return dir.resolve("id_ed25519");
  }

  /** The known_hosts line of the host key, e.g. {@code [127.0.0.1]:2222 ssh-ed25519 AAAA...}. */
  String knownHostsLine() throws IOException {
    String pub = Files.readString(dir.resolve("ssh_host_ed25519_key.pub")).strip();
    String[] parts = pub.split("\\s+");
    String entry = port == 22 ? host : "[" + host + "]:" + port;
    return entry + " " + parts[0] + " " + parts[1];
  }

  /** Kills every connection this sshd serves (the listener stays): simulates a dropped link. */
  void dropConnections() {
    process.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
  }

  /** The pid of the listening sshd. */
  long pid() {
    return process.pid();
  }

  @Override
  public void close() {
    ProcessReaper.unregister(process.toHandle());
    process.toHandle().descendants().forEach(ProcessHandle::destroy);
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static Sshd start(Path dir, String host, int port, List<String> prefix)
      throws IOException {
    Files.createDirectories(dir);
    Files.createDirectories(Path.of("/run/sshd"));
    keygen(dir.resolve("ssh_host_ed25519_key"));
    keygen(dir.resolve("id_ed25519"));
    Files.copy(dir.resolve("id_ed25519.pub"), dir.resolve("authorized_keys"));
    Path config = dir.resolve("sshd_config");
    Files.writeString(
        config,
        String.join(
            "\n",
            "Port " + port,
            "ListenAddress " + host,
            "HostKey " + dir.resolve("ssh_host_ed25519_key"),
            "PidFile " + dir.resolve("sshd.pid"),
            "AuthorizedKeysFile " + dir.resolve("authorized_keys"),
            "PermitRootLogin prohibit-password",
            "PubkeyAuthentication yes",
            "PasswordAuthentication no",
            "KbdInteractiveAuthentication no",
            "StrictModes no",
            "UsePAM no",
            "LogLevel VERBOSE",
            ""));
    Path log = dir.resolve("sshd.log");
    List<String> argv = new ArrayList<>(prefix);
    argv.addAll(List.of(SSHD.toString(), "-D", "-f", config.toString(), "-E", log.toString()));
    Process process =
        new ProcessBuilder(argv)
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("sshd.out").toFile())
            .start();
    // killed with the test JVM even when it dies before the tests' cleanup runs
    ProcessReaper.register(process.toHandle());
    Sshd sshd = new Sshd(dir, host, port, process);
    try {
      sshd.awaitBanner(log);
      Files.writeString(dir.resolve("known_hosts"), sshd.knownHostsLine() + "\n");
    } catch (RuntimeException | IOException e) {
      sshd.close();
      throw e;
    }
    return sshd;
  }

  private void awaitBanner(Path log) throws IOException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (true) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "sshd exited with "
                + process.exitValue()
                + ": "
                + read(log)
                + read(dir.resolve("sshd.out")));
      }
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress(host, port), 1000);
        s.setSoTimeout(2000);
        InputStream in = s.getInputStream();
        byte[] banner = in.readNBytes(4);
        if (new String(banner, StandardCharsets.US_ASCII).equals("SSH-")) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "sshd did not listen on " + host + ":" + port + ": " + read(log));
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
    }
  }

  private static String read(Path file) throws IOException {
    return Files.exists(file) ? Files.readString(file) : "";
  }

  private static void keygen(Path key) throws IOException {
    run(
        List.of(
            "ssh-keygen",
            "-q",
            "-t",
            "ed25519",
            "-N",
            "",
            "-C",
            "llmharness-test",
            "-f",
            key.toString()));
  }

  static String run(List<String> argv) throws IOException {
    Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
    try {
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IOException(String.join(" ", argv) + " failed: " + out);
      }
      return out;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  static boolean onPath(String program) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (Files.isExecutable(Path.of(dir, program))) {
        return true;
      }
    }
    return false;
  }
}
