package io.llmharness.proxy.internal.pd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BodyRewriterTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ByteBufAllocator ALLOC = ByteBufAllocator.DEFAULT;

  private static ObjectNode parse(String json) throws Exception {
    return (ObjectNode) JSON.readTree(json);
  }

  private static String text(ByteBuf b) {
    try {
      return b.toString(StandardCharsets.UTF_8);
    } finally {
      b.release();
    }
  }

  @Test
  void prefillAsksForOneNonStreamedTokenAndARemoteDecode() throws Exception {
    ObjectNode p =
        BodyRewriter.prefillBody(
            parse("{\"model\":\"m\",\"prompt\":\"x\",\"max_tokens\":100,\"stream\":true}"));
    assertThat(p.get("max_tokens").asInt()).isEqualTo(1);
    assertThat(p.get("stream").asBoolean()).isFalse();
    assertThat(p.get("kv_transfer_params"))
        .isEqualTo(
            JSON.readTree(
                "{\"do_remote_decode\":true,\"do_remote_prefill\":false,"
                    + "\"remote_engine_id\":null,\"remote_block_ids\":null,"
                    + "\"remote_host\":null,\"remote_port\":null}"));
  }

  @Test
  void prefillSetsMaxCompletionTokensOnlyWhenTheClientSentIt() throws Exception {
    assertThat(
            BodyRewriter.prefillBody(parse("{\"max_completion_tokens\":9}"))
                .get("max_completion_tokens")
                .asInt())
        .isEqualTo(1);
    assertThat(BodyRewriter.prefillBody(parse("{\"max_tokens\":9}")).has("max_completion_tokens"))
        .isFalse();
  }

  @Test
  void prefillDropsStreamOptions() throws Exception {
    ObjectNode p =
        BodyRewriter.prefillBody(
            parse("{\"stream\":true,\"stream_options\":{\"include_usage\":true}}"));
    assertThat(p.has("stream_options")).isFalse();
  }

  @Test
  void prefillResetsMinTokensToOneSoEosCannotEndIt() throws Exception {
    assertThat(BodyRewriter.prefillBody(parse("{\"min_tokens\":40}")).get("min_tokens").asInt())
        .isEqualTo(1);
    assertThat(BodyRewriter.prefillBody(parse("{}")).get("min_tokens").asInt()).isEqualTo(1);
  }

  @Test
  void prefillKeepsTheClientsOtherFieldsInTheirOrder() throws Exception {
    ObjectNode p =
        BodyRewriter.prefillBody(
            parse(
                "{\"model\":\"m\",\"max_tokens\":5,\"temperature\":0.7,\"seed\":3,"
                    + "\"kv_transfer_params\":{\"x\":1},\"prompt\":[1,2]}"));
    List<String> names = new ArrayList<>();
    p.fieldNames().forEachRemaining(names::add);
    assertThat(names)
        .containsExactly(
            "model",
            "max_tokens",
            "temperature",
            "seed",
            "kv_transfer_params",
            "prompt",
            "stream",
            "min_tokens");
    assertThat(p.get("temperature").asDouble()).isEqualTo(0.7);
    assertThat(p.get("kv_transfer_params").get("do_remote_decode").asBoolean()).isTrue();
  }

  @Test
  void prefillLeavesTheClientBodyUntouched() throws Exception {
    ObjectNode client = parse("{\"max_tokens\":5,\"stream\":true}");
    BodyRewriter.prefillBody(client);
    assertThat(client).isEqualTo(parse("{\"max_tokens\":5,\"stream\":true}"));
  }

  @Test
  void decodeIsTheClientBytesWithTheParamsAppended() throws Exception {
    String client = "{\"model\":\"m\",\"prompt\":\"a\\u00e9\", \"stream\":true}  \n";
    JsonNode kv = JSON.readTree("{\"do_remote_prefill\":true,\"remote_block_ids\":[1,2]}");
    String out =
        text(
            BodyRewriter.decodeBody(
                Unpooled.copiedBuffer(client, StandardCharsets.UTF_8), parse(client), kv, ALLOC));
    assertThat(out)
        .isEqualTo(
            "{\"model\":\"m\",\"prompt\":\"a\\u00e9\", \"stream\":true"
                + ",\"kv_transfer_params\":{\"do_remote_prefill\":true,\"remote_block_ids\":[1,2]}}");
  }

  @Test
  void decodeOfAnEmptyObjectHasNoLeadingComma() throws Exception {
    JsonNode kv = JSON.readTree("{\"a\":1}");
    String out =
        text(
            BodyRewriter.decodeBody(
                Unpooled.copiedBuffer("{ }", StandardCharsets.UTF_8), parse("{}"), kv, ALLOC));
    assertThat(out).isEqualTo("{ \"kv_transfer_params\":{\"a\":1}}");
    assertThat(JSON.readTree(out).get("kv_transfer_params").get("a").asInt()).isEqualTo(1);
  }

  @Test
  void decodeReplacesParamsTheClientSentItself() throws Exception {
    String client = "{\"kv_transfer_params\":{\"mine\":true},\"prompt\":\"p\"}";
    JsonNode kv = JSON.readTree("{\"theirs\":true}");
    String out =
        text(
            BodyRewriter.decodeBody(
                Unpooled.copiedBuffer(client, StandardCharsets.UTF_8), parse(client), kv, ALLOC));
    assertThat(out).isEqualTo("{\"kv_transfer_params\":{\"theirs\":true},\"prompt\":\"p\"}");
  }

  @Test
  void decodeDoesNotConsumeTheClientBuffer() throws Exception {
    ByteBuf client = Unpooled.copiedBuffer("{\"a\":1}", StandardCharsets.UTF_8);
    ByteBuf out = BodyRewriter.decodeBody(client, parse("{\"a\":1}"), JSON.readTree("{}"), ALLOC);
    out.release();
    assertThat(client.refCnt()).isEqualTo(1);
    assertThat(client.readableBytes()).isEqualTo(7);
  }

  @Test
  void closingBraceRejectsABodyThatIsNotAnObject() {
    assertThatThrownBy(
            () -> BodyRewriter.closingBrace(Unpooled.copiedBuffer("[1]", StandardCharsets.UTF_8)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
