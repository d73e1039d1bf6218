package io.llmharness.results.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ReportOptionsTest {
  private static ReportOptions from(Map<String, String> settings) {
    return ReportOptions.from(key -> Optional.ofNullable(settings.get(key)));
  }

  @Test
  void defaultsToQwen32bKvBytesPerToken() {
    assertThat(from(Map.of()).kvBytesPerToken()).isEqualTo(262_144L);
  }

  @Test
  void readsTheKvBytesPerTokenKey() {
    assertThat(from(Map.of("harness.report.kvBytesPerToken", " 131072 ")).kvBytesPerToken())
        .isEqualTo(131_072L);
  }

  @Test
  void anInvalidValueNamesTheKey() {
    assertThatThrownBy(() -> from(Map.of("harness.report.kvBytesPerToken", "256KiB")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("harness.report.kvBytesPerToken")
        .hasMessageContaining("[256KiB]");
  }

  @Test
  void aNonPositiveValueIsRejected() {
    assertThatThrownBy(() -> ReportOptions.defaults().withKvBytesPerToken(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must be a positive number of bytes");
  }
}
