package io.llmharness.proxy.internal.pd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PrefillOutcomeTest {

  private static PrefillOutcome parse(String json) throws IOException {
    return PrefillOutcome.parse(Unpooled.copiedBuffer(json, StandardCharsets.UTF_8));
  }

  @Test
  void readsTheParamsAndThePrefillDetails() throws IOException {
    PrefillOutcome o =
        parse(
            "{\"choices\":[{\"finish_reason\":\"length\"}],"
                + "\"usage\":{\"prompt_tokens\":1001,\"prompt_tokens_details\":{\"cached_tokens\":64}},"
                + "\"kv_transfer_params\":{\"do_remote_prefill\":true,"
                + "\"remote_block_ids\":[1,2,3],\"remote_engine_id\":\"e1\"}}");
    assertThat(o.kvParams()).isPresent();
    assertThat(o.promptTokens()).hasValue(1001);
    assertThat(o.cachedTokens()).hasValue(64);
    assertThat(o.finishReason()).hasValue("length");
    assertThat(o.remoteBlocks()).hasValue(3);
    assertThat(o.remoteEngineId()).hasValue("e1");
  }

  @Test
  void nullOrEmptyParamsAreMissing() throws IOException {
    assertThat(parse("{\"kv_transfer_params\":null}").kvParams()).isEmpty();
    assertThat(parse("{\"kv_transfer_params\":{}}").kvParams()).isEmpty();
    assertThat(parse("{}").kvParams()).isEmpty();
  }

  @Test
  void aBodyThatIsNotAnObjectIsAnError() {
    assertThatThrownBy(() -> parse("[1]")).isInstanceOf(IOException.class);
    assertThatThrownBy(() -> parse("not json")).isInstanceOf(IOException.class);
  }
}
