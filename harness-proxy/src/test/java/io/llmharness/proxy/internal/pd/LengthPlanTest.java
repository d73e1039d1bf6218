package io.llmharness.proxy.internal.pd;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmharness.proxy.LengthCheck;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LengthPlanTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static Optional<LengthPlan> plan(Route route, String body) throws Exception {
    return LengthPlan.of(route, (ObjectNode) JSON.readTree(body), body.length());
  }

  @Test
  void completionsDefaultTo16OutputTokens() throws Exception {
    assertThat(plan(Route.COMPLETIONS, "{\"prompt\":[1]}").orElseThrow().requestedOutput())
        .isEqualTo(16);
  }

  @Test
  void explicitNullMaxTokensMeansUpToTheContext() throws Exception {
    assertThat(
            plan(Route.COMPLETIONS, "{\"prompt\":[1],\"max_tokens\":null}")
                .orElseThrow()
                .requestedOutput())
        .isZero();
  }

  @Test
  void chatPrefersMaxCompletionTokens() throws Exception {
    LengthPlan p =
        plan(
                Route.CHAT,
                "{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],"
                    + "\"max_tokens\":5,\"max_completion_tokens\":7}")
            .orElseThrow();
    assertThat(p.requestedOutput()).isEqualTo(7);
  }

  @Test
  void tokenIdPromptsAreCountedExactly() throws Exception {
    LengthPlan p = plan(Route.COMPLETIONS, "{\"prompt\":[1,2,3],\"max_tokens\":2}").orElseThrow();
    assertThat(p.items()).containsExactly(new LengthPlan.Exact(3));
    assertThat(p.tooLongLocally(5)).isFalse();
    assertThat(p.tooLongLocally(4)).isTrue();
  }

  @Test
  void aPromptAsLongAsTheContextNeverFits() throws Exception {
    LengthPlan p = plan(Route.COMPLETIONS, "{\"prompt\":[1,2,3],\"max_tokens\":0}").orElseThrow();
    assertThat(p.fits(3, 3)).isFalse();
    assertThat(p.fits(2, 3)).isTrue();
  }

  @Test
  void batchesOfTokenIdPromptsAreCheckedEach() throws Exception {
    LengthPlan p =
        plan(Route.COMPLETIONS, "{\"prompt\":[[1],[1,2,3,4]],\"max_tokens\":1}").orElseThrow();
    assertThat(p.tooLongLocally(5)).isFalse();
    assertThat(p.tooLongLocally(4)).isTrue();
  }

  @Test
  void shortTextNeedsNoTokenizeCallUnlessAsked() throws Exception {
    LengthPlan p = plan(Route.COMPLETIONS, "{\"prompt\":\"hello\",\"max_tokens\":1}").orElseThrow();
    assertThat(p.toTokenize(LengthCheck.AUTO, 4096)).isEmpty();
    assertThat(p.toTokenize(LengthCheck.TOKENIZE, 4096)).hasSize(1);
  }

  @Test
  void textThatMightNotFitIsTokenized() throws Exception {
    String body = "{\"prompt\":\"" + "word ".repeat(100) + "\",\"max_tokens\":1}";
    LengthPlan p = plan(Route.COMPLETIONS, body).orElseThrow();
    assertThat(p.toTokenize(LengthCheck.AUTO, 300)).hasSize(1);
    assertThat(p.toTokenize(LengthCheck.AUTO, 300).get(0).tokenizeRequest().get("prompt").asText())
        .startsWith("word word");
  }

  @Test
  void chatTokenizeRequestCarriesTheTemplateSettings() throws Exception {
    LengthPlan p =
        plan(
                Route.CHAT,
                "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],"
                    + "\"add_generation_prompt\":false,\"temperature\":1}")
            .orElseThrow();
    ObjectNode t = p.toTokenize(LengthCheck.TOKENIZE, 100).get(0).tokenizeRequest();
    assertThat(t.has("model")).isTrue();
    assertThat(t.get("add_generation_prompt").asBoolean()).isFalse();
    assertThat(t.has("temperature")).isFalse();
  }

  @Test
  void chatWithAnImageCannotBeSized() throws Exception {
    assertThat(
            plan(
                Route.CHAT,
                "{\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"image_url\","
                    + "\"image_url\":{\"url\":\"x\"}}]}]}"))
        .isEmpty();
  }

  @Test
  void promptEmbedsCannotBeSized() throws Exception {
    assertThat(plan(Route.COMPLETIONS, "{\"prompt_embeds\":\"abc\"}")).isEmpty();
  }

  @Test
  void aNegativeMaxTokensIsLeftToTheServers() throws Exception {
    assertThat(plan(Route.COMPLETIONS, "{\"prompt\":[1],\"max_tokens\":-1}")).isEmpty();
  }
}
