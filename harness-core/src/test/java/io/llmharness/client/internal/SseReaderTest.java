package io.llmharness.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmharness.client.RequestTiming;
import io.llmharness.results.ErrorCause;
import io.llmharness.results.RequestPhase;
import io.llmharness.results.RequestRecord;
import java.io.IOException;
import okio.Buffer;
import org.junit.jupiter.api.Test;

class SseReaderTest {
  private static final String TOKEN =
      "data: {\"choices\":[{\"index\":0,\"text\":\" a\",\"finish_reason\":null}],\"usage\":null}\n\n";
  private static final String LAST =
      "data: {\"choices\":[{\"index\":0,\"text\":\" b\",\"finish_reason\":\"length\"}],\"usage\":null}\n\n";
  private static final String USAGE =
      "data: {\"choices\":[],\"usage\":{\"prompt_tokens\":5,\"total_tokens\":7,\"completion_tokens\":2}}\n\n";
  private static final String DONE = "data: [DONE]\n\n";

  private static RequestRecord read(String body) throws IOException {
    RecordBuilder b =
        new RecordBuilder("r1", new RequestTiming(RequestPhase.MEASURED, 0, 0), "sha");
    b.sent(0, 0);
    new SseReader().read(new Buffer().writeUtf8(body), b);
    if (!b.failed() && !b.isDone()) {
      b.fail(io.llmharness.results.RequestError.of(ErrorCause.INCOMPLETE_STREAM, "eof"));
    }
    return b.build();
  }

  @Test
  void aCompleteStreamRecordsEveryContentEventAndTheUsage() throws IOException {
    RequestRecord r = read(TOKEN + LAST + USAGE + DONE);

    assertThat(r.succeeded()).isTrue();
    assertThat(r.contentEventNanos()).hasSize(2);
    assertThat(r.completionTokens()).hasValue(2);
    assertThat(r.promptTokens()).hasValue(5);
    assertThat(r.endNanos()).isPresent();
  }

  @Test
  void theFirstByteIsStampedBeforeAnyLineIsParsedEvenWhenItIsAComment() throws IOException {
    RequestRecord r = read(": emitted_ns=42 intended_ns=41\n" + TOKEN + LAST + USAGE + DONE);

    assertThat(r.firstByteNanos()).isPresent();
    assertThat(r.firstByteNanos().getAsLong()).isLessThanOrEqualTo(r.contentEventNanos()[0]);
  }

  @Test
  void anEmptyBodyHasNoFirstByte() throws IOException {
    assertThat(read("").firstByteNanos()).isEmpty();
  }

  @Test
  void commentLinesAreKeptWithoutTheColon() throws IOException {
    RequestRecord r =
        read(": emitted_ns=42 intended_ns=41\n" + TOKEN + ":proxy_total_time=3.5\n" + LAST + DONE);

    assertThat(r.sseComments())
        .containsExactly("emitted_ns=42 intended_ns=41", "proxy_total_time=3.5");
  }

  @Test
  void crlfLineEndingsAreAccepted() throws IOException {
    RequestRecord r = read((TOKEN + LAST + USAGE + DONE).replace("\n", "\r\n"));

    assertThat(r.succeeded()).isTrue();
    assertThat(r.contentEventNanos()).hasSize(2);
  }

  @Test
  void anErrorEventFailsTheRequestWithItsCode() throws IOException {
    RequestRecord r =
        read(
            TOKEN
                + "data: {\"error\": {\"message\": \"boom\", \"type\": \"InternalServerError\", \"param\": null, \"code\": 500}}\n\n"
                + DONE);

    assertThat(r.error())
        .hasValueSatisfying(
            e -> {
              assertThat(e.cause()).isEqualTo(ErrorCause.ERROR_EVENT);
              assertThat(e.httpStatus()).hasValue(500);
              assertThat(e.message()).isEqualTo("boom");
            });
  }

  @Test
  void garbageDataIsAProtocolError() throws IOException {
    RequestRecord r = read(TOKEN + "data: {broken\n\n" + DONE);

    assertThat(r.error())
        .hasValueSatisfying(e -> assertThat(e.cause()).isEqualTo(ErrorCause.PROTOCOL));
  }

  @Test
  void aStreamCutBeforeDoneIsIncomplete() throws IOException {
    RequestRecord r = read(TOKEN);

    assertThat(r.error())
        .hasValueSatisfying(e -> assertThat(e.cause()).isEqualTo(ErrorCause.INCOMPLETE_STREAM));
    assertThat(r.firstTokenNanos()).isPresent();
  }
}
