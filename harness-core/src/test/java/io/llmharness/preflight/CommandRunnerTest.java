package io.llmharness.preflight;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmharness.server.ssh.SshNode;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CommandRunnerTest {

  @Test
  void localIsReachedAtLoopback() {
    CommandRunner n = CommandRunner.parse("local");

    assertThat(n.name()).isEqualTo("local");
    assertThat(n.address()).isEqualTo("127.0.0.1");
  }

  @Test
  void localCanNameItsAddress() {
    assertThat(CommandRunner.parse("local@10.1.2.3").address()).isEqualTo("10.1.2.3");
  }

  @Test
  void networkNamespaceNamesItsNamespaceAndAddress() {
    CommandRunner n = CommandRunner.parse("netns:pf1@10.231.5.2");

    assertThat(n.name()).isEqualTo("netns:pf1");
    assertThat(n.address()).isEqualTo("10.231.5.2");
  }

  @Test
  void sshNodeIsReachedAtItsHostWithTheConfiguredSettings() {
    try (CommandRunner n = ssh("ssh:gpu1")) {
      assertThat(n).isInstanceOf(SshNode.class);
      assertThat(n.name()).isEqualTo("ssh:ubuntu@gpu1:2222");
      assertThat(n.address()).isEqualTo("gpu1");
    }
  }

  @Test
  void sshUserAndPortInTheSpecificationWin() {
    try (CommandRunner n = ssh("ssh:ec2-user@10.0.0.2:22")) {
      assertThat(n.name()).isEqualTo("ssh:ec2-user@10.0.0.2:22");
      assertThat(n.address()).isEqualTo("10.0.0.2");
    }
  }

  /** {@code spec} parsed with harness.ssh.user=ubuntu and harness.ssh.port=2222 configured. */
  private static CommandRunner ssh(String spec) {
    Map<String, String> config = Map.of("harness.ssh.user", "ubuntu", "harness.ssh.port", "2222");
    return CommandRunner.parse(spec, k -> Optional.ofNullable(config.get(k)));
  }

  @Test
  void rejectsAnUnknownForm() {
    assertThatThrownBy(() -> CommandRunner.parse("slurm:gpu1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "node specification 'slurm:gpu1' is not understood; use local, local@<address>,"
                + " netns:<namespace>@<address> or ssh:[<user>@]<host>[:<port>]");
  }

  @Test
  void rejectsAnSshNodeWithoutHost() {
    assertThatThrownBy(() -> CommandRunner.parse("ssh:"))
        .hasMessageStartingWith("node specification 'ssh:' is not understood");
  }

  @Test
  void rejectsANamespaceNameThatCouldInjectArguments() {
    assertThatThrownBy(() -> CommandRunner.networkNamespace("a b", "10.0.0.1"))
        .hasMessageContaining("'a b' is invalid");
  }
}
