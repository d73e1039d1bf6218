package io.llmharness.emulator.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The README's main job: the demo runs the 32B profile in a separate process and reports. */
class StreamDemoIT {

  @Test
  void reportsTtftAndTpotOfTheRealisticProfile() throws Exception {
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream original = System.out;
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      StreamDemo.main(new String[] {"--prompt-tokens", "2000", "--max-tokens", "8"});
    } finally {
      System.setOut(original);
    }
    String out = captured.toString(StandardCharsets.UTF_8);
    assertThat(out).contains("prompt tokens:     2000").contains("completion tokens: 8");
    Matcher ttft = Pattern.compile("TTFT:\\s+([0-9.]+) ms").matcher(out);
    Matcher tpot = Pattern.compile("TPOT:\\s+([0-9.]+) ms").matcher(out);
    assertThat(ttft.find()).as(out).isTrue();
    assertThat(tpot.find()).as(out).isTrue();
    // qwen2.5-32b-tp4-g7e: 2 + 0.1175 x 2000 (+1e-8 x 2000^2) ms = 237 ms for the prompt, and a
    // decode step of 2 + 24 + 0.06 + 0.045 x 2 ms = 26.2 ms; nothing can come sooner.
    assertThat(Double.parseDouble(ttft.group(1))).isGreaterThan(237 * 0.9);
    assertThat(Double.parseDouble(tpot.group(1))).isGreaterThan(26.2 * 0.9);
  }
}
