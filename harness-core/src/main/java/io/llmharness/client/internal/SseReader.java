package io.llmharness.client.internal;

import io.llmharness.results.ErrorCause;
import io.llmharness.results.RequestError;
import java.io.IOException;
import okio.BufferedSource;

/**
 * Reads an OpenAI-compatible SSE stream line by line and feeds a {@link RecordBuilder}, stamping
 * the body's first byte as soon as it is buffered, and each {@code data:} line with {@link
 * System#nanoTime()} the moment it was read, before parsing.
 *
 * <p>okhttp-sse is not used because it drops SSE comment lines, which carry the emulator's emission
 * times and the proxy's late timings.
 */
public final class SseReader {
  private static final String DONE = "[DONE]";
  private final ChunkParser parser = new ChunkParser();

  /**
   * Reads until {@code [DONE]}, an error event, or the end of the stream.
   *
   * @throws IOException when the connection fails mid-stream (the caller classifies it)
   */
  public void read(BufferedSource source, RecordBuilder record) throws IOException {
    if (source.request(1)) {
      record.firstByte(System.nanoTime());
    }
    String line;
    while ((line = source.readUtf8Line()) != null) {
      long now = System.nanoTime();
      if (line.isEmpty()) {
        continue;
      }
      if (line.charAt(0) == ':') {
        record.comment(line.substring(line.length() > 1 && line.charAt(1) == ' ' ? 2 : 1));
        continue;
      }
      if (!line.startsWith("data:")) {
        continue; // event:, id:, retry: carry nothing we measure
      }
      String payload = line.substring(line.length() > 5 && line.charAt(5) == ' ' ? 6 : 5);
      if (payload.equals(DONE)) {
        record.done(now);
        return;
      }
      Chunk chunk;
      try {
        chunk = parser.parse(payload);
      } catch (IOException e) {
        record.fail(
            RequestError.of(
                ErrorCause.PROTOCOL, "unparseable SSE data line: " + abbreviate(payload)));
        return;
      }
      if (chunk.isError()) {
        String message = chunk.errorMessage().isEmpty() ? "error event" : chunk.errorMessage();
        record.fail(
            chunk.errorCode() > 0
                ? RequestError.of(ErrorCause.ERROR_EVENT, chunk.errorCode(), message)
                : RequestError.of(ErrorCause.ERROR_EVENT, message));
        continue; // vLLM follows an error event with [DONE]; read it to keep the connection clean
      }
      record.chunk(chunk, now);
    }
  }

  static String abbreviate(String s) {
    return s.length() <= 200 ? s : s.substring(0, 200) + "…";
  }
}
