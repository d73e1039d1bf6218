package io.llmharness.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmharness.proxy.testing.JavaProcess;
import io.llmharness.proxy.testing.ProxyProcess;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
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

  @Test
  void withExitWithParentItExitsWhenItsParentIsKilled() throws Exception {
    Path out = Files.createTempFile("proxy-parent", ".log");
    Process parent =
        new ProcessBuilder(
                "sh",
                "-c",
                "\"$0\" -cp \"$1\" io.llmharness.proxy.ProxyMain --exit-with-parent"
                    + " --prefill http://127.0.0.1:1 --decode http://127.0.0.1:2 --port 0 & wait",
                ProcessHandle.current().info().command().orElseThrow(),
                System.getProperty("java.class.path"))
            .redirectErrorStream(true)
            .redirectOutput(out.toFile())
            .start();
    ProcessHandle proxy = null;
    try {
      long deadline = System.nanoTime() + EXIT.toNanos();
      while (!Files.readString(out).contains("listening on") && System.nanoTime() < deadline) {
        LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
      }
      assertThat(Files.readString(out)).contains("harness-proxy listening on");
      proxy = parent.toHandle().children().findFirst().orElseThrow();

      parent.destroyForcibly();

      assertThat(proxy.onExit().get(EXIT.toSeconds(), TimeUnit.SECONDS).isAlive()).isFalse();
    } finally {
      if (proxy != null) {
        proxy.destroyForcibly();
      }
      parent.destroyForcibly();
      Files.deleteIfExists(out);
    }
  }
}
