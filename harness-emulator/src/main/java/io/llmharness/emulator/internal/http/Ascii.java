package io.llmharness.emulator.internal.http;

import io.netty.buffer.ByteBuf;

/** Writes decimal numbers into a buffer without allocating. */
final class Ascii {
  private Ascii() {}

  static void writeLong(ByteBuf buf, long v) {
    if (v == 0) {
      buf.writeByte('0');
      return;
    }
    if (v < 0) {
      if (v == Long.MIN_VALUE) {
        buf.writeCharSequence(Long.toString(v), java.nio.charset.StandardCharsets.US_ASCII);
        return;
      }
      buf.writeByte('-');
      v = -v;
    }
    int digits = 0;
    long t = v;
    while (t > 0) {
      t /= 10;
      digits++;
    }
    int start = buf.writerIndex();
    buf.ensureWritable(digits);
    for (int i = digits - 1; i >= 0; i--) {
      buf.setByte(start + i, (int) ('0' + v % 10));
      v /= 10;
    }
    buf.writerIndex(start + digits);
  }
}
