package io.llmharness.proxy.internal.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmharness.proxy.LengthCheck;
import io.llmharness.proxy.OnMissingKvParams;
import io.llmharness.proxy.ProxyConfig;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProxyArgsTest {

  private static ProxyConfig parse(String... args) throws UsageException {
    return ProxyArgs.parse(List.of(args));
  }

  @Test
  void theSupervisorsCommandLineParses() throws UsageException {
    ProxyConfig c =
        parse(
            "--prefill",
            "http://10.0.0.1:8100",
            "--decode",
            "http://10.0.0.2:8200",
            "--host",
            "10.0.0.1",
            "--port",
            "8000");
    assertThat(c.prefill()).containsExactly(URI.create("http://10.0.0.1:8100"));
    assertThat(c.decode()).containsExactly(URI.create("http://10.0.0.2:8200"));
    assertThat(c.host()).isEqualTo("10.0.0.1");
    assertThat(c.port()).isEqualTo(8000);
  }

  @Test
  void defaultsAreLoopbackAndPort8000() throws UsageException {
    ProxyConfig c = parse("--prefill", "http://a:1", "--decode", "http://b:2");
    assertThat(c.host()).isEqualTo("127.0.0.1");
    assertThat(c.port()).isEqualTo(8000);
    assertThat(c.onMissingKvParams()).isEqualTo(OnMissingKvParams.FAIL);
    assertThat(c.lengthCheck()).isEqualTo(LengthCheck.AUTO);
    assertThat(c.upstreamIdleTimeout()).isLessThan(Duration.ofSeconds(5));
    assertThat(c.ioThreads())
        .isEqualTo(Math.max(1, Runtime.getRuntime().availableProcessors() / 2));
  }

  @Test
  void serversAreRepeatableAndCommaSeparated() throws UsageException {
    ProxyConfig c =
        parse(
            "--prefill",
            "http://a:1,http://b:2",
            "--prefill=http://c:3",
            "--decode",
            "http://d:4",
            "--decode",
            "http://e:5");
    assertThat(c.prefill()).extracting(URI::getHost).containsExactly("a", "b", "c");
    assertThat(c.decode()).extracting(URI::getHost).containsExactly("d", "e");
  }

  @Test
  void everyFlagSetsItsValue() throws UsageException {
    ProxyConfig c =
        parse(
            "--prefill",
            "http://a:1",
            "--decode",
            "http://b:2",
            "--connect-timeout",
            "250ms",
            "--prefill-timeout",
            "2m",
            "--decode-timeout=90",
            "--decode-read-timeout",
            "1.5s",
            "--upstream-idle-timeout",
            "3s",
            "--keep-alive-timeout",
            "1h",
            "--max-body-size",
            "1k",
            "--max-response-size",
            "2m",
            "--on-missing-kv-params",
            "recompute",
            "--length-check",
            "off",
            "--io-threads",
            "3",
            "--access-log");
    assertThat(c.connectTimeout()).isEqualTo(Duration.ofMillis(250));
    assertThat(c.prefillTimeout()).isEqualTo(Duration.ofMinutes(2));
    assertThat(c.decodeTimeout()).isEqualTo(Duration.ofSeconds(90));
    assertThat(c.decodeReadTimeout()).isEqualTo(Duration.ofMillis(1500));
    assertThat(c.upstreamIdleTimeout()).isEqualTo(Duration.ofSeconds(3));
    assertThat(c.keepAliveTimeout()).isEqualTo(Duration.ofHours(1));
    assertThat(c.maxBodyBytes()).isEqualTo(1024);
    assertThat(c.maxResponseBytes()).isEqualTo(2 << 20);
    assertThat(c.onMissingKvParams()).isEqualTo(OnMissingKvParams.RECOMPUTE);
    assertThat(c.lengthCheck()).isEqualTo(LengthCheck.OFF);
    assertThat(c.ioThreads()).isEqualTo(3);
    assertThat(c.accessLog()).isTrue();
  }

  @Test
  void missingServersAreNamed() {
    assertThatThrownBy(() -> parse("--decode", "http://b:2"))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("--prefill");
  }

  @Test
  void anUnknownFlagIsNamed() {
    assertThatThrownBy(() -> parse("--prefil", "http://a:1"))
        .hasMessage("unknown flag --prefil; see --help");
  }

  @Test
  void aFlagWithoutItsValueIsNamed() {
    assertThatThrownBy(() -> parse("--prefill", "http://a:1", "--decode"))
        .hasMessage("--decode needs a value; see --help");
  }

  @Test
  void badValuesAreNamedWithTheFix() {
    assertThatThrownBy(() -> parse("--prefill", "https://a:1", "--decode", "http://b:2"))
        .hasMessageContaining("https://a:1")
        .hasMessageContaining("http://host:port");
    assertThatThrownBy(
            () -> parse("--prefill", "http://a:1", "--decode", "http://b:2", "--port", "x"))
        .hasMessage("--port x is not an integer");
    assertThatThrownBy(
            () -> parse("--prefill", "http://a:1", "--decode", "http://b:2", "--port", "70000"))
        .hasMessageContaining("70000");
    assertThatThrownBy(
            () ->
                parse(
                    "--prefill",
                    "http://a:1",
                    "--decode",
                    "http://b:2",
                    "--prefill-timeout",
                    "soon"))
        .hasMessageContaining("--prefill-timeout soon");
    assertThatThrownBy(
            () ->
                parse(
                    "--prefill", "http://a:1", "--decode", "http://b:2", "--max-body-size", "big"))
        .hasMessageContaining("--max-body-size big");
    assertThatThrownBy(
            () ->
                parse(
                    "--prefill",
                    "http://a:1",
                    "--decode",
                    "http://b:2",
                    "--on-missing-kv-params",
                    "ignore"))
        .hasMessageContaining("fail or recompute");
    assertThatThrownBy(
            () -> parse("--prefill", "http://a:1", "--decode", "http://b:2", "--length-check", "x"))
        .hasMessageContaining("auto, tokenize or off");
    assertThatThrownBy(
            () ->
                parse("--prefill", "http://a:1", "--decode", "http://b:2", "--decode-timeout", "0"))
        .hasMessageContaining("must be positive");
  }

  @Test
  void aStrayArgumentIsNamed() {
    assertThatThrownBy(() -> parse("http://a:1")).hasMessageContaining("unexpected argument");
  }

  @Test
  void helpIsRecognised() {
    assertThat(ProxyArgs.wantsHelp(List.of("--help"))).isTrue();
    assertThat(ProxyArgs.wantsHelp(List.of("-h"))).isTrue();
    assertThat(ProxyArgs.wantsHelp(List.of("--port", "1"))).isFalse();
  }

  @Test
  void usageListsEveryFlag() {
    for (String flag :
        List.of(
            "--prefill",
            "--decode",
            "--host",
            "--port",
            "--connect-timeout",
            "--prefill-timeout",
            "--decode-timeout",
            "--decode-read-timeout",
            "--upstream-idle-timeout",
            "--keep-alive-timeout",
            "--max-body-size",
            "--max-response-size",
            "--on-missing-kv-params",
            "--length-check",
            "--io-threads",
            "--access-log")) {
      assertThat(ProxyArgs.USAGE).contains(flag);
    }
  }
}
