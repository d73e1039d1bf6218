package io.llmharness.proxy.internal.pd;

import io.netty.buffer.ByteBuf;
import io.netty.util.ByteProcessor;
import java.nio.charset.StandardCharsets;

/**
 * Forwards an SSE body unchanged, chunk by chunk as it arrives, while finding the first {@code
 * data:} line (first-token time) and the {@code data: [DONE]} line, before which the proxy inserts
 * its timing comments. Bytes that could begin {@code data: [DONE]} at the end of a chunk are held
 * (at most 11) until the next chunk tells whether they do; everything else is forwarded at once.
 * Lines may end with LF, CR or CRLF. Not thread-safe: one per response, on its event loop.
 */
public final class SseScanner {

  /** Receives the bytes to forward, in order. */
  public interface Sink {
    /** Forward {@code length} bytes of {@code source} from {@code index}. */
    void forward(ByteBuf source, int index, int length);

    /**
     * Forward the first {@code length} bytes of {@code data: [DONE]} (held from a chunk before).
     */
    void forwardDonePrefix(int length);

    /** The {@code data: [DONE]} line is next; {@code nanos} is when its last byte arrived. */
    void beforeDone(long nanos);
  }

  static final byte[] DONE = "data: [DONE]".getBytes(StandardCharsets.US_ASCII);
  private static final int DATA_PREFIX = 5; // "data:"

  private boolean scanning = true;
  private boolean lineStart = true;
  private int matched;
  private int held;
  private long lineStartNanos;
  private long firstDataNanos = -1;
  private long dataEvents;
  private long bytes;
  private int lastBytes; // the last four bytes consumed, most recent lowest

  /** Scans {@code chunk} (not consumed) that arrived at {@code nanos} and forwards it. */
  public void accept(ByteBuf chunk, long nanos, Sink sink) {
    final int end = chunk.writerIndex();
    int pos = chunk.readerIndex();
    if (pos == end) {
      return;
    }
    bytes += end - pos;
    remember(chunk, pos, end);
    if (!scanning) {
      sink.forward(chunk, pos, end - pos);
      return;
    }
    int emitFrom = pos;
    while (pos < end) {
      if (lineStart) {
        byte b = chunk.getByte(pos);
        if (matched == 0) {
          lineStartNanos = nanos;
        }
        if (b == DONE[matched]) {
          matched++;
          pos++;
          if (matched == DONE.length) {
            int startHere = pos - (matched - held);
            if (startHere > emitFrom) {
              sink.forward(chunk, emitFrom, startHere - emitFrom);
            }
            sink.beforeDone(nanos);
            if (held > 0) {
              sink.forwardDonePrefix(held);
            }
            sink.forward(chunk, startHere, end - startHere);
            held = 0;
            matched = 0;
            lineStart = false;
            scanning = false;
            return;
          }
          continue;
        }
        if (matched >= DATA_PREFIX) {
          dataLine();
        }
        if (held > 0) {
          sink.forwardDonePrefix(held);
          held = 0;
        }
        matched = 0;
        lineStart = false;
      }
      int eol = chunk.forEachByte(pos, end - pos, ByteProcessor.FIND_CRLF);
      if (eol < 0) {
        pos = end;
        break;
      }
      pos = eol + 1;
      lineStart = true;
    }
    if (lineStart && matched > 0) {
      int heldHere = matched - held;
      if (end - heldHere > emitFrom) {
        sink.forward(chunk, emitFrom, end - heldHere - emitFrom);
      }
      held = matched;
    } else if (end > emitFrom) {
      sink.forward(chunk, emitFrom, end - emitFrom);
    }
  }

  /** The body ended: forwards bytes still held (a last line that began like {@code [DONE]}). */
  public void end(Sink sink) {
    if (held > 0) {
      sink.forwardDonePrefix(held);
      held = 0;
      matched = 0;
    }
  }

  /** When the first {@code data:} line other than {@code [DONE]} began; -1 before one. */
  public long firstDataNanos() {
    return firstDataNanos;
  }

  /** {@code data:} lines seen, {@code [DONE]} excluded. */
  public long dataEvents() {
    return dataEvents;
  }

  /** Whether {@code data: [DONE]} went by. */
  public boolean doneSeen() {
    return !scanning;
  }

  /** Body bytes seen. */
  public long bytes() {
    return bytes;
  }

  /**
   * Whether everything forwarded so far ends at an event boundary (nothing yet, or a blank line),
   * so that an event the proxy adds would be read as an event of its own.
   */
  public boolean atEventBoundary() {
    if (bytes == 0) {
      return true;
    }
    if (held > 0) {
      return false;
    }
    int last2 = lastBytes & 0xFFFF;
    return last2 == (('\n' << 8) | '\n')
        || last2 == (('\r' << 8) | '\r')
        || lastBytes == (('\r' << 24) | ('\n' << 16) | ('\r' << 8) | '\n');
  }

  private void dataLine() {
    dataEvents++;
    if (firstDataNanos < 0) {
      firstDataNanos = lineStartNanos;
    }
  }

  private void remember(ByteBuf chunk, int from, int end) {
    for (int i = Math.max(from, end - 4); i < end; i++) {
      lastBytes = (lastBytes << 8) | (chunk.getByte(i) & 0xFF);
    }
  }
}
