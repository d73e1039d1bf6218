package io.llmharness.emulator.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The Python truthiness behind vLLM's {@code stream_options} check. */
class RequestParserTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @ParameterizedTest
  @ValueSource(strings = {"null", "false", "0", "0.0", "\"\"", "[]", "{}"})
  void falsyValuesAreFalseAsInPython(String json) throws Exception {
    assertThat(RequestParser.pyTruthy(JSON.readTree(json))).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"true", "1", "-0.5", "\"x\"", "[0]", "{\"include_usage\":false}"})
  void otherValuesAreTrueAsInPython(String json) throws Exception {
    assertThat(RequestParser.pyTruthy(JSON.readTree(json))).isTrue();
  }

  @Test
  void anAbsentValueIsFalse() {
    assertThat(RequestParser.pyTruthy(null)).isFalse();
  }
}
