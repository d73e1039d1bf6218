package io.llmharness.bench;

import io.llmharness.client.RequestTiming;
import io.llmharness.client.internal.RecordBuilder;
import io.llmharness.client.internal.SseReader;
import io.llmharness.results.RequestPhase;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import okio.Buffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The harness's cost of reading one SSE event: line reading, timestamping and the streaming JSON
 * parse of a vLLM completions chunk, as the client does per event on the request's own thread. Run
 * with the command in BENCHMARKS.md.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class SseParsingBenchmark {
  private static final int EVENTS = 1000;

  /** With or without the emulator's timestamp comment before each event. */
  @Param({"false", "true"})
  public boolean comments;

  private byte[] stream;

  @Setup
  public void setUp() {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < EVENTS; i++) {
      if (comments) {
        sb.append(": emitted_ns=")
            .append(1_000_000_000L + i)
            .append(" intended_ns=")
            .append(999_999_000L + i)
            .append('\n');
      }
      sb.append(
              "data: {\"id\":\"cmpl-3f1c9a2b7d\",\"object\":\"text_completion\",\"created\":1732700000,")
          .append(
              "\"model\":\"Qwen/Qwen2.5-32B-Instruct\",\"choices\":[{\"index\":0,\"text\":\" word")
          .append(i % 97)
          .append("\",\"logprobs\":null,\"finish_reason\":")
          .append(i == EVENTS - 1 ? "\"length\"" : "null")
          .append(
              ",\"stop_reason\":null,\"prompt_token_ids\":null,\"token_ids\":null}],\"usage\":null}\n\n");
    }
    sb.append(
            "data: {\"id\":\"cmpl-3f1c9a2b7d\",\"object\":\"text_completion\",\"created\":1732700000,")
        .append(
            "\"model\":\"m\",\"choices\":[],\"usage\":{\"prompt_tokens\":20000,\"total_tokens\":21000,")
        .append("\"completion_tokens\":1000}}\n\ndata: [DONE]\n\n");
    stream = sb.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** Reads a 1,000-event stream; the score is per event. */
  @Benchmark
  @OperationsPerInvocation(EVENTS)
  public Object readStream() throws IOException {
    RecordBuilder record =
        new RecordBuilder("r", new RequestTiming(RequestPhase.MEASURED, 0, 0), "sha");
    new SseReader().read(new Buffer().write(stream), record);
    return record.build();
  }

  /**
   * The floor {@link #readStream} is compared with: the same bytes split into lines by okio, with
   * no timestamps, SSE field handling or JSON.
   */
  @Benchmark
  @OperationsPerInvocation(EVENTS)
  public long readLinesOnly() throws IOException {
    Buffer source = new Buffer().write(stream);
    long chars = 0;
    String line;
    while ((line = source.readUtf8Line()) != null) {
      chars += line.length();
    }
    return chars;
  }
}
