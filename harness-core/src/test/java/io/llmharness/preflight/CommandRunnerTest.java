package io.llmharness.preflight;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
  void rejectsAnUnknownForm() {
    assertThatThrownBy(() -> CommandRunner.parse("ssh:gpu1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "node specification 'ssh:gpu1' is not understood; use local, local@<address> or"
                + " netns:<namespace>@<address>");
  }

  @Test
  void rejectsANamespaceNameThatCouldInjectArguments() {
    assertThatThrownBy(() -> CommandRunner.networkNamespace("a b", "10.0.0.1"))
        .hasMessageContaining("'a b' is invalid");
  }
}
