package io.llmharness.emulator.internal.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ServeArgsParserTest {

  @Test
  void servePositionalModel() {
    ServeArgs a = ServeArgsParser.parse("serve", "Qwen/Qwen2.5-32B-Instruct", "--port", "8100");
    assertThat(a.model()).contains("Qwen/Qwen2.5-32B-Instruct");
    assertThat(a.servedModelNames()).containsExactly("Qwen/Qwen2.5-32B-Instruct");
    assertThat(a.port()).isEqualTo(8100);
  }

  @Test
  void defaultsFollowVllm() {
    ServeArgs a = ServeArgsParser.parse();
    assertThat(a.port()).isEqualTo(8000);
    assertThat(a.host()).isEqualTo("0.0.0.0");
    assertThat(a.enablePrefixCaching()).isTrue();
    assertThat(a.gpuMemoryUtilization()).isEqualTo(0.9);
    assertThat(a.compat()).isEqualTo(CompatVersion.V0_15);
    assertThat(a.profile()).isEqualTo("fast");
  }

  @Test
  void equalsFormAndSizeSuffixes() {
    ServeArgs a = ServeArgsParser.parse("--max-model-len=32k", "--max-num-batched-tokens", "8K");
    assertThat(a.maxModelLen()).hasValue(32000);
    assertThat(a.maxNumBatchedTokens()).hasValue(8192);
  }

  @Test
  void negatedPrefixCaching() {
    assertThat(ServeArgsParser.parse("--no-enable-prefix-caching").enablePrefixCaching()).isFalse();
  }

  @Test
  void servedModelNameTakesSeveralValues() {
    ServeArgs a = ServeArgsParser.parse("--served-model-name", "a", "b", "--port", "1");
    assertThat(a.servedModelNames()).containsExactly("a", "b");
  }

  @Test
  void unknownFlagConsumesAValueThatIsNotAFlag() {
    ServeArgs a =
        ServeArgsParser.parse("--dtype", "bfloat16", "--disable-log-stats", "--port", "9");
    assertThat(a.warnings()).hasSize(2);
    assertThat(a.warnings().get(0)).contains("--dtype bfloat16");
    assertThat(a.port()).isEqualTo(9);
  }

  @Test
  void phase15SwitchesAreAcceptedWithoutAWarning() {
    ServeArgs a =
        ServeArgsParser.parse(
            "--enforce-eager",
            "--enable-chunked-prefill",
            "--trust-remote-code",
            "--disable-log-requests",
            "--enable-log-requests",
            "--port",
            "9");
    assertThat(a.warnings()).isEmpty();
    assertThat(a.port()).isEqualTo(9);
  }

  @Test
  void kvTransferConfigNeedsARole() {
    assertThatThrownBy(
            () ->
                ServeArgsParser.parse(
                    "--kv-transfer-config", "{\"kv_connector\":\"NixlConnector\"}"))
        .hasMessageContaining("kv_role");
  }

  @Test
  void kvTransferConfigBackendsDefaultToUcx() {
    ServeArgs a =
        ServeArgsParser.parse(
            "--kv-transfer-config", "{\"kv_connector\":\"NixlConnector\",\"kv_role\":\"kv_both\"}");
    assertThat(a.kvTransferConfig().orElseThrow().backends()).containsExactly("UCX");
    assertThat(a.kvTransferConfig().orElseThrow().isNixl()).isTrue();
  }

  @Test
  void faultRateMustBeAFraction() {
    assertThatThrownBy(() -> ServeArgsParser.parse("--fault-error-rate", "1.5"))
        .hasMessageContaining("--fault-error-rate 1.5");
  }

  @Test
  void compatVersionIsChecked() {
    assertThatThrownBy(() -> ServeArgsParser.parse("--vllm-compat", "0.9"))
        .hasMessageContaining("use 0.15 or 0.16");
  }
}
