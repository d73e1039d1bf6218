package io.llmharness.proxy.internal.pd;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import org.junit.jupiter.api.Test;

class MillisTest {

  @Test
  void formatsNanosecondsAsMillisecondsWithTwoDecimals() {
    assertThat(Millis.format(1_234_567)).isEqualTo("1.23");
    assertThat(Millis.format(0)).isEqualTo("0.00");
    assertThat(Millis.format(5_000)).isEqualTo("0.01");
    assertThat(Millis.format(2_844_100_000L)).isEqualTo("2844.10");
  }

  @Test
  void negativeDurationsAreZero() {
    assertThat(Millis.format(-5)).isEqualTo("0.00");
  }

  @Test
  void ignoresTheDefaultLocale() {
    Locale saved = Locale.getDefault();
    try {
      Locale.setDefault(Locale.GERMANY);
      assertThat(Millis.format(1_500_000)).isEqualTo("1.50");
    } finally {
      Locale.setDefault(saved);
    }
  }

  @Test
  void commentIsAKeyValueLineAndABlankLine() {
    assertThat(Millis.comment("proxy_total_time", 12_345_678))
        .isEqualTo(": proxy_total_time=12.35\n\n");
  }
}
