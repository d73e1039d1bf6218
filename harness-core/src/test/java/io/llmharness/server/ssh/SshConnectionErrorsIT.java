package io.llmharness.server.ssh;

import static io.llmharness.server.ssh.SshLauncherIT.assertThatLaunch;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every way of failing to reach a node is one clear sentence, before anything runs. */
class SshConnectionErrorsIT extends SshdOnLoopback {
  @TempDir Path work;

  @Test
  void changedHostKeyIsRefusedWithTheFix() throws IOException {
    Path otherKey = work.resolve("other_host_key");
    Sshd.run(List.of("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", otherKey.toString()));
    String[] pub = Files.readString(otherKey.resolveSibling("other_host_key.pub")).split("\\s+");
    Path knownHosts = work.resolve("known_hosts");
    String entry = "[127.0.0.1]:" + sshd.port();
    Files.writeString(knownHosts, entry + " " + pub[0] + " " + pub[1] + "\n");

    assertThatLaunch(() -> verify(sshd.settings().withKnownHosts(knownHosts)))
        .hasMessageStartingWith("the SSH host key of node 127.0.0.1:" + sshd.port() + " changed")
        .hasMessageContaining("ssh-ed25519 " + hostFingerprint())
        .hasMessageContaining("ssh-keygen -f " + knownHosts + " -R " + entry);
  }

  @Test
  void changedHostKeyIsRefusedEvenWhenUnknownHostsAreAccepted() throws IOException {
    Path otherKey = work.resolve("other_host_key");
    Sshd.run(List.of("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", otherKey.toString()));
    String[] pub = Files.readString(otherKey.resolveSibling("other_host_key.pub")).split("\\s+");
    Path knownHosts = work.resolve("known_hosts");
    Files.writeString(
        knownHosts, "[127.0.0.1]:" + sshd.port() + " " + pub[0] + " " + pub[1] + "\n");

    assertThatLaunch(
            () -> verify(sshd.settings().withKnownHosts(knownHosts).withAcceptUnknownHosts(true)))
        .hasMessageContaining("changed");
  }

  @Test
  void unknownHostKeyIsRefusedByDefault() {
    Path knownHosts = work.resolve("missing_known_hosts");

    assertThatLaunch(() -> verify(sshd.settings().withKnownHosts(knownHosts)))
        .hasMessage(
            "the SSH host key of node 127.0.0.1:%d (ssh-ed25519 %s) is not in %s; after checking"
                + " the fingerprint add it with 'ssh-keyscan -p %d 127.0.0.1 >> %s', or set"
                + " harness.ssh.acceptUnknownHosts=true to trust unknown nodes.",
            sshd.port(), hostFingerprint(), knownHosts, sshd.port(), knownHosts);
  }

  @Test
  void unknownHostKeyIsAcceptedOnRequest() {
    Path knownHosts = work.resolve("missing_known_hosts");

    verify(sshd.settings().withKnownHosts(knownHosts).withAcceptUnknownHosts(true));

    assertThat(knownHosts).doesNotExist();
  }

  @Test
  void closedPortIsConnectionRefused() throws IOException {
    int port = Sshd.freePort();

    assertThatLaunch(() -> verify(sshd.settings().withPort(port)))
        .hasMessage(
            "cannot reach node 127.0.0.1:%d: connection refused; check that sshd runs there and"
                + " listens on port %d (harness.ssh.port).",
            port, port);
  }

  @Test
  void silentPeerFailsTheHandshakeWithinTheConnectTimeout() throws IOException {
    try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      SshSettings s =
          sshd.settings().withPort(silent.getLocalPort()).withConnectTimeout(Duration.ofSeconds(1));

      assertThatLaunch(() -> verify(s))
          .hasMessageStartingWith(
              "node 127.0.0.1:"
                  + silent.getLocalPort()
                  + " accepted the connection but the SSH handshake failed")
          .hasMessageEndingWith(
              "check that an SSH server listens on port " + silent.getLocalPort() + ".");
    }
  }

  @Test
  void unknownUserKeyFailsAuthentication() throws IOException {
    Path stranger = work.resolve("stranger");
    Sshd.run(List.of("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", stranger.toString()));

    assertThatLaunch(() -> verify(sshd.settings().withPrivateKey(stranger)))
        .hasMessage(
            "authentication as root on node 127.0.0.1:%d failed with key %s; add %s.pub to"
                + " ~root/.ssh/authorized_keys on the node, or set harness.ssh.user and"
                + " harness.ssh.key.",
            sshd.port(), stranger, stranger);
  }

  @Test
  void missingPrivateKeyIsNamed() {
    Path missing = work.resolve("no_such_key");

    assertThatLaunch(() -> verify(sshd.settings().withPrivateKey(missing)))
        .hasMessage(
            "SSH private key %s for node root@127.0.0.1:%d does not exist; set harness.ssh.key to"
                + " the key that node accepts.",
            missing, sshd.port());
  }

  @Test
  void encryptedKeyWithoutPassphraseAsksForIt() throws IOException {
    Path locked = work.resolve("locked");
    Sshd.run(List.of("ssh-keygen", "-q", "-t", "ed25519", "-N", "s3cret", "-f", locked.toString()));

    assertThatLaunch(() -> verify(sshd.settings().withPrivateKey(locked)))
        .hasMessageStartingWith("cannot read SSH private key " + locked)
        .hasMessageContaining("set harness.ssh.keyPassphrase");
  }

  @Test
  void encryptedKeyWorksWithItsPassphrase() throws IOException {
    Path locked = work.resolve("locked");
    Sshd.run(List.of("ssh-keygen", "-q", "-t", "ed25519", "-N", "s3cret", "-f", locked.toString()));
    Files.writeString(
        sshd.dir().resolve("authorized_keys"),
        Files.readString(locked.resolveSibling("locked.pub")),
        java.nio.file.StandardOpenOption.APPEND);

    verify(sshd.settings().withPrivateKey(locked).withPassphrase("s3cret"));
  }

  @Test
  void unwritableRemoteDirectoryIsNamed() {
    assertThatLaunch(() -> verify(sshd.settings().withRemoteDir("/proc/llmharness")))
        .hasMessageStartingWith(
            "node root@127.0.0.1:" + sshd.port() + " cannot run servers in /proc/llmharness")
        .hasMessageContaining("set harness.ssh.remoteDir to a writable directory");
  }

  private static void verify(SshSettings settings) {
    try (SshNode node = new SshNode(settings)) {
      node.verify();
    }
  }

  /** The host key's fingerprint as OpenSSH prints it. */
  private static String hostFingerprint() {
    try {
      String out =
          Sshd.run(
              List.of(
                  "ssh-keygen",
                  "-l",
                  "-E",
                  "sha256",
                  "-f",
                  sshd.dir().resolve("ssh_host_ed25519_key.pub").toString()));
      return out.split("\\s+")[1];
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
