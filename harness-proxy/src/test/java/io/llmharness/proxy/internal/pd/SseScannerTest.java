package io.llmharness.proxy.internal.pd;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SseScannerTest {

  private static final String MARK = "<C>";

  private static final String STREAM =
      "data: {\"choices\":[{\"text\":\" a\"}]}\n\n"
          + ": emitted_ns=1\n\n"
          + "data: {\"choices\":[{\"text\":\" data: [DONE]\"}]}\n\n"
          + "data: [DONE]\n\n";

  /** What a sink received, with the comment insertion shown as MARK. */
  private static final class Recorder implements SseScanner.Sink {
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final List<Long> doneAt = new ArrayList<>();

    @Override
    public void forward(ByteBuf source, int index, int length) {
      byte[] b = new byte[length];
      source.getBytes(index, b);
      out.writeBytes(b);
    }

    @Override
    public void forwardDonePrefix(int length) {
      out.write(SseScanner.DONE, 0, length);
    }

    @Override
    public void beforeDone(long nanos) {
      doneAt.add(nanos);
      out.writeBytes(MARK.getBytes(StandardCharsets.US_ASCII));
    }

    String text() {
      return out.toString(StandardCharsets.UTF_8);
    }
  }

  private static Recorder feed(SseScanner s, String... chunks) {
    Recorder r = new Recorder();
    long t = 0;
    for (String c : chunks) {
      s.accept(Unpooled.copiedBuffer(c, StandardCharsets.UTF_8), ++t, r);
    }
    return r;
  }

  private static String expected(String stream) {
    int done = stream.lastIndexOf("data: [DONE]");
    return stream.substring(0, done) + MARK + stream.substring(done);
  }

  @Test
  void commentsGoRightBeforeDoneAndEverythingElseIsUnchanged() {
    Recorder r = feed(new SseScanner(), STREAM);
    assertThat(r.text()).isEqualTo(expected(STREAM));
    assertThat(r.doneAt).containsExactly(1L);
  }

  @Test
  void everySplitOfTheStreamGivesTheSameBytes() {
    byte[] all = STREAM.getBytes(StandardCharsets.UTF_8);
    for (int a = 0; a <= all.length; a++) {
      for (int b = a; b <= all.length; b += 7) {
        SseScanner s = new SseScanner();
        Recorder r = new Recorder();
        s.accept(Unpooled.wrappedBuffer(all, 0, a), 1, r);
        s.accept(Unpooled.wrappedBuffer(all, a, b - a), 2, r);
        s.accept(Unpooled.wrappedBuffer(all, b, all.length - b), 3, r);
        assertThat(r.text()).as("split at %d and %d", a, b).isEqualTo(expected(STREAM));
        assertThat(r.doneAt).hasSize(1);
      }
    }
  }

  @Test
  void oneByteChunksGiveTheSameBytes() {
    SseScanner s = new SseScanner();
    Recorder r = new Recorder();
    byte[] all = STREAM.getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < all.length; i++) {
      s.accept(Unpooled.wrappedBuffer(all, i, 1), i, r);
    }
    assertThat(r.text()).isEqualTo(expected(STREAM));
  }

  @Test
  void aStreamWithoutDoneIsForwardedWithoutComments() {
    String stream = "data: {\"a\":1}\n\ndata: [DON";
    SseScanner s = new SseScanner();
    Recorder r = feed(s, stream, "E");
    s.end(r);
    assertThat(r.text()).isEqualTo(stream + "E");
    assertThat(r.doneAt).isEmpty();
  }

  @Test
  void heldBytesOfAnAlmostDoneLineAreReleasedWhenItTurnsOutDifferent() {
    Recorder r = feed(new SseScanner(), "data: [DO", "X]\n\n", "data: [DONE]\n\n");
    assertThat(r.text()).isEqualTo("data: [DOX]\n\n" + MARK + "data: [DONE]\n\n");
  }

  @Test
  void doneInsideAnEventIsNotTheEnd() {
    Recorder r = feed(new SseScanner(), "data: {\"x\":\"data: [DONE]\"}\n\n");
    assertThat(r.doneAt).isEmpty();
  }

  @Test
  void crlfLinesAreRecognised() {
    String stream = "data: {}\r\n\r\ndata: [DONE]\r\n\r\n";
    Recorder r = feed(new SseScanner(), stream);
    assertThat(r.text()).isEqualTo(expected(stream));
  }

  @Test
  void firstDataTimeIsWhenTheFirstDataLineBegan() {
    SseScanner s = new SseScanner();
    feed(s, ": comment\n\n", "da", "ta: {}\n\n", "data: [DONE]\n\n");
    assertThat(s.firstDataNanos()).isEqualTo(2);
    assertThat(s.dataEvents()).isEqualTo(1);
    assertThat(s.doneSeen()).isTrue();
  }

  @Test
  void firstDataTimeIsUnsetWhenOnlyDoneCame() {
    SseScanner s = new SseScanner();
    feed(s, "data: [DONE]\n\n");
    assertThat(s.firstDataNanos()).isEqualTo(-1);
  }

  @Test
  void eventBoundaryIsKnown() {
    SseScanner s = new SseScanner();
    assertThat(s.atEventBoundary()).isTrue();
    feed(s, "data: {}\n");
    assertThat(s.atEventBoundary()).isFalse();
    feed(s, "\n");
    assertThat(s.atEventBoundary()).isTrue();
    feed(s, "data: [DO");
    assertThat(s.atEventBoundary()).isFalse();
  }

  @Test
  void bytesAreCounted() {
    SseScanner s = new SseScanner();
    feed(s, STREAM);
    assertThat(s.bytes()).isEqualTo(STREAM.getBytes(StandardCharsets.UTF_8).length);
  }
}
