package io.llmharness.server.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SshSettingsTest {
  private static final Path HOME = Path.of(System.getProperty("user.home"));

  private static SshSettings fromConfig(String target, Map<String, String> config) {
    return SshSettings.fromConfig(target, config);
  }

  @Test
  void defaultsVerifyHostKeysAgainstTheUsersKnownHosts() {
    SshSettings s = SshSettings.forHost("node1");

    assertThat(s.port()).isEqualTo(22);
    assertThat(s.user()).isEqualTo(System.getProperty("user.name"));
    assertThat(s.knownHosts()).isEqualTo(HOME.resolve(".ssh/known_hosts"));
    assertThat(s.acceptUnknownHosts()).isFalse();
    assertThat(s.connectTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(s.privateKey().getParent()).isEqualTo(HOME.resolve(".ssh"));
  }

  @Test
  void remoteDirectoryDefaultsToOnePerUser() {
    assertThat(SshSettings.forHost("node1").withUser("ubuntu").remoteDirectory())
        .isEqualTo("/tmp/llmharness-ubuntu");
  }

  @Test
  void everyKeyIsRead() {
    SshSettings s =
        fromConfig(
            "10.0.0.2",
            Map.of(
                "harness.ssh.user", "ubuntu",
                "harness.ssh.port", "2222",
                "harness.ssh.key", "/keys/id",
                "harness.ssh.keyPassphrase", "pw",
                "harness.ssh.knownHosts", "/keys/known",
                "harness.ssh.acceptUnknownHosts", "true",
                "harness.ssh.connectTimeout", "PT30S",
                "harness.ssh.remoteDir", "/scratch/h"));

    assertThat(s)
        .isEqualTo(
            new SshSettings(
                "10.0.0.2",
                2222,
                "ubuntu",
                Path.of("/keys/id"),
                Optional.of("pw"),
                Path.of("/keys/known"),
                true,
                Duration.ofSeconds(30),
                Optional.of("/scratch/h")));
  }

  @Test
  void userAndPortInTheTargetWinOverTheConfiguredOnes() {
    SshSettings s =
        fromConfig(
            "ec2-user@node2:2200", Map.of("harness.ssh.user", "ubuntu", "harness.ssh.port", "22"));

    assertThat(s.user()).isEqualTo("ec2-user");
    assertThat(s.host()).isEqualTo("node2");
    assertThat(s.port()).isEqualTo(2200);
  }

  @Test
  void ipv6TargetsUseBrackets() {
    SshSettings s = fromConfig("root@[fd00::2]:2222", Map.of());

    assertThat(s.host()).isEqualTo("fd00::2");
    assertThat(s.target()).isEqualTo("root@[fd00::2]:2222");
  }

  @Test
  void bareIpv6AddressesAreHostsWithoutAPort() {
    SshSettings s = fromConfig("fd00::2", Map.of("harness.ssh.port", "2222"));

    assertThat(s.host()).isEqualTo("fd00::2");
    assertThat(s.port()).isEqualTo(2222);
  }

  @Test
  void connectTimeoutAcceptsPlainSeconds() {
    assertThat(fromConfig("n", Map.of("harness.ssh.connectTimeout", "5")).connectTimeout())
        .isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void tildeMeansTheHomeDirectory() {
    assertThat(fromConfig("n", Map.of("harness.ssh.key", "~/.ssh/lab")).privateKey())
        .isEqualTo(HOME.resolve(".ssh/lab"));
  }

  @Test
  void malformedPortNamesTheKey() {
    assertThatThrownBy(() -> fromConfig("n", Map.of("harness.ssh.port", "ssh")))
        .hasMessage("harness.ssh.port [ssh] is not valid: not a whole number");
  }

  @Test
  void malformedBooleanNamesTheKey() {
    assertThatThrownBy(() -> fromConfig("n", Map.of("harness.ssh.acceptUnknownHosts", "maybe")))
        .hasMessage("harness.ssh.acceptUnknownHosts [maybe] is not valid: use true or false");
  }

  @Test
  void malformedTimeoutNamesTheKey() {
    assertThatThrownBy(() -> fromConfig("n", Map.of("harness.ssh.connectTimeout", "ten")))
        .hasMessage(
            "harness.ssh.connectTimeout [ten] is not valid: use seconds (e.g. 600), a unit (30s,"
                + " 500ms, 2m, 1h) or ISO-8601 (e.g. PT10M)");
  }

  @Test
  void aMisspelledKeyIsRefusedWithTheKnownOnes() {
    assertThatThrownBy(() -> fromConfig("n", Map.of("harness.ssh.username", "ubuntu")))
        .hasMessageStartingWith(
            "harness.ssh.username is not a key of the SSH launcher; use one of [harness.ssh.user,");
  }

  @Test
  void malformedTargetIsNamed() {
    assertThatThrownBy(() -> fromConfig("a b@c", Map.of()))
        .hasMessage("SSH node [a b@c] is not of the form [user@]host[:port]");
  }

  @Test
  void relativeRemoteDirectoryIsRefused() {
    assertThatThrownBy(() -> SshSettings.forHost("n").withRemoteDir("tmp/x"))
        .hasMessage(
            "remote directory 'tmp/x' for node n is not an absolute path; set harness.ssh.remoteDir"
                + " to one such as /tmp/llmharness");
  }

  @Test
  void portOutOfRangeIsRefused() {
    assertThatThrownBy(() -> SshSettings.forHost("n").withPort(70000))
        .hasMessage("SSH port 70000 of node n is not between 1 and 65535");
  }

  @Test
  void toStringHidesThePassphrase() {
    assertThat(SshSettings.forHost("n").withPassphrase("s3cret").toString())
        .doesNotContain("s3cret")
        .contains("with passphrase");
  }
}
