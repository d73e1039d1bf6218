package io.llmharness.results;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmharness.results.internal.RequestRecordJson;
import java.io.IOException;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** One line of {@code <scenario-id>.requests.jsonl} against golden files ({@link GoldenFiles}). */
class RequestRecordJsonGoldenTest {
  /** A failed-free measured request with proxy headers and a comment, every timestamp set. */
  private static RequestRecord record() {
    return TestRecords.request(3, 1000)
        .scheduledAt(990)
        .events(250, 280.5, 311)
        .endAt(312)
        .tokens(3)
        .header("X-Proxy-Prefill-Time", "201.5")
        .comment("proxy_total_time=312.0")
        .build();
  }

  @Test
  void aRecordIsWrittenAsTheGoldenLine() throws IOException {
    GoldenFiles.assertGolden("request-record.jsonl", RequestRecordJson.write(record()) + "\n");
  }

  @Test
  void theGoldenLineReadsBackToTheSameRecord() throws IOException {
    assertThat(RequestRecordJson.read(GoldenFiles.read("request-record.jsonl").strip()))
        .isEqualTo(record());
  }

  @Test
  void aLineWrittenBeforeFirstByteWasRecordedStillReadsWithoutIt() throws IOException {
    RequestRecord old =
        RequestRecordJson.read(GoldenFiles.read("request-record-without-first-byte.jsonl").strip());
    RequestRecord r = record();

    assertThat(old.firstByteNanos()).isEmpty();
    assertThat(old)
        .isEqualTo(
            new RequestRecord(
                r.requestId(),
                r.index(),
                r.phase(),
                r.startEpochMillis(),
                r.scheduledNanos(),
                r.sentNanos(),
                r.headersNanos(),
                OptionalLong.empty(),
                r.firstTokenNanos(),
                r.endNanos(),
                r.contentEventNanos(),
                r.promptTokens(),
                r.completionTokens(),
                r.cachedTokens(),
                r.promptSha256(),
                r.proxyHeaders(),
                r.sseComments(),
                r.error()));
  }
}
