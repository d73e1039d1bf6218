package io.llmharness.emulator.internal.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class TokenizerTest {

  private final Tokenizer tokenizer = new Tokenizer(Vocabulary.standard());
  private final Vocabulary vocab = Vocabulary.standard();

  @Test
  void aWordWithItsLeadingSpaceIsOneToken() {
    assertThat(tokenizer.encode(" hello")).containsExactly(vocab.idOf(" hello"));
  }

  @Test
  void repeatedWordsWithATrailingSpaceGiveOneExtraToken() {
    assertThat(tokenizer.encode("hello ".repeat(10))).hasSize(11);
    assertThat(tokenizer.encode("hello" + " hello".repeat(9))).hasSize(10);
  }

  @Test
  void punctuationIsItsOwnTokenAndTakesAPrecedingSpace() {
    int[] ids = tokenizer.encode("hello, world (yes)");
    assertThat(ids)
        .containsExactly(
            vocab.idOf("hello"),
            ',',
            vocab.idOf(" world"),
            vocab.idOf(" ("),
            vocab.idOf("yes"),
            ')');
  }

  @Test
  void digitsAreOneTokenEach() {
    assertThat(tokenizer.encode("12345")).containsExactly('1', '2', '3', '4', '5');
  }

  @Test
  void newlineRunsAreOneToken() {
    assertThat(tokenizer.encode("\n\n")).containsExactly(vocab.idOf("\n\n"));
  }

  @Test
  void unknownWordsFallBackToBytes() {
    assertThat(tokenizer.encode(" Zqx")).containsExactly(' ', 'Z', 'q', 'x');
  }

  @Test
  void specialTokensHaveQwensIds() {
    assertThat(tokenizer.encode("<|im_start|>user\nhi<|im_end|><|endoftext|>"))
        .startsWith(151644)
        .contains(151645, 151643);
  }

  @Test
  void contractionsSplitLikeGpt4() {
    assertThat(tokenizer.encode("don't")).containsExactly(vocab.idOf("don"), vocab.idOf("'t"));
  }

  @Test
  void decodeInvertsEncode() {
    for (String text :
        List.of(
            "Hello, world!  Two  spaces\tand a tab.\n\n\nThree newlines",
            "ünïcödé ✓ 日本語 emoji 🎉 and 'quotes' \"double\"",
            "   leading spaces and trailing   ",
            "<|im_start|>system\nYou are Qwen.<|im_end|>")) {
      assertThat(tokenizer.decode(tokenizer.encode(text))).isEqualTo(text);
    }
  }

  @Test
  void idsAreStable() {
    assertThat(vocab.idOf("the")).isEqualTo(256 + 32 + 7 + 15 + 7);
    assertThat(vocab.idOf(" the")).isEqualTo(vocab.idOf("the") + 1);
  }

  @Test
  void tokenStringsUseTheByteLevelAlphabet() {
    assertThat(tokenizer.tokenString(vocab.idOf(" hello"))).isEqualTo("Ġhello");
    assertThat(tokenizer.tokenString(vocab.idOf("\n\n"))).isEqualTo("ĊĊ");
  }

  @Test
  void theChatTemplateInsertsQwensDefaultSystemPrompt() {
    String prompt = ChatTemplate.render(List.of(new ChatTemplate.Message("user", "hi")), true);
    assertThat(prompt)
        .isEqualTo(
            "<|im_start|>system\nYou are Qwen, created by Alibaba Cloud. You are a helpful"
                + " assistant.<|im_end|>\n<|im_start|>user\nhi<|im_end|>\n<|im_start|>assistant\n");
  }
}
