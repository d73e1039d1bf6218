package io.llmharness.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmharness.proxy.testing.JavaProcess;
import io.llmharness.proxy.testing.ProxyProcess;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/** {@code ProxyMain} as a process: exit codes and messages. */
class CliIT {

  private static final Duration EXIT = Duration.ofSeconds(30);

  @Test
  void aBadValueIsOneLineAndExitCode2() {
    try (JavaProcess p =
        ProxyProcess.launch(
            List.of(
                "--prefill",
                "http://127.0.0.1:1",
                "--decode",
                "http://127.0.0.1:2",
                "--port",
                "abc"))) {
      assertThat(p.awaitExit(EXIT)).isEqualTo(2);
      assertThat(p.output()).isEqualTo("harness-proxy: --port abc is not an integer\n");
    }
  }

  @Test
  void anUnknownFlagIsOneLineAndExitCode2() {
    try (JavaProcess p = ProxyProcess.launch(List.of("--prefill-url", "http://127.0.0.1:1"))) {
      assertThat(p.awaitExit(EXIT)).isEqualTo(2);
      assertThat(p.output().lines())
          .containsExactly("harness-proxy: unknown flag --prefill-url; see --help");
    }
  }

  @Test
  void helpListsTheFlagsAndExits0() {
    try (JavaProcess p = ProxyProcess.launch(List.of("--help"))) {
      assertThat(p.awaitExit(EXIT)).isZero();
      assertThat(p.output()).contains("--on-missing-kv-params").contains("--decode-read-timeout");
    }
  }

  @Test
  void aPortInUseIsOneLineAndExitCode1() throws Exception {
    try (ServerSocket taken = new ServerSocket()) {
      taken.bind(new InetSocketAddress("127.0.0.1", 0));
      try (JavaProcess p =
          ProxyProcess.launch(
              List.of(
                  "--prefill",
                  "http://127.0.0.1:1",
                  "--decode",
                  "http://127.0.0.1:2",
                  "--host",
                  "127.0.0.1",
                  "--port",
                  Integer.toString(taken.getLocalPort())))) {
        assertThat(p.awaitExit(EXIT)).isEqualTo(1);
        assertThat(p.output().lines())
            .hasSize(1)
            .first()
            .asString()
            .startsWith("harness-proxy: cannot listen on");
      }
    }
  }

  @Test
  void itListensOnLoopbackByDefaultAndStopsOnSigterm() {
    try (JavaProcess p =
        ProxyProcess.launch(
            List.of(
                "--prefill",
                "http://127.0.0.1:1",
                "--decode",
                "http://127.0.0.1:2",
                "--port",
                "0"))) {
      long deadline = System.nanoTime() + EXIT.toNanos();
      while (!p.output().contains("listening on") && System.nanoTime() < deadline) {
        LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
      }
      assertThat(p.output()).contains("harness-proxy listening on http://127.0.0.1:");
      p.process().destroy();
      assertThat(p.awaitExit(EXIT)).isEqualTo(143);
    }
  }
}
