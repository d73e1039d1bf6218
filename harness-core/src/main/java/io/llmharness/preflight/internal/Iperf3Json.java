package io.llmharness.preflight.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * Reads the JSON that {@code iperf3 -c … -J} prints. The received rate is {@code
 * end.sum_received.bits_per_second} (what the server got, the figure the guide uses); per stream it
 * is {@code end.streams[].receiver.bits_per_second}.
 */
public final class Iperf3Json {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  /**
   * The numbers of one finished test.
   *
   * @param version {@code start.version}, such as {@code iperf 3.12}
   * @param streams {@code start.test_start.num_streams}
   * @param durationSeconds {@code start.test_start.duration}
   * @param receivedBitsPerSecond {@code end.sum_received.bits_per_second}
   * @param sentBitsPerSecond {@code end.sum_sent.bits_per_second}
   * @param perStreamReceivedBitsPerSecond {@code end.streams[].receiver.bits_per_second}
   * @param retransmits {@code end.sum_sent.retransmits} (TCP on Linux only)
   */
  public record Summary(
      Optional<String> version,
      int streams,
      double durationSeconds,
      double receivedBitsPerSecond,
      OptionalDouble sentBitsPerSecond,
      List<Double> perStreamReceivedBitsPerSecond,
      OptionalLong retransmits) {

    public Summary {
      perStreamReceivedBitsPerSecond = List.copyOf(perStreamReceivedBitsPerSecond);
    }
  }

  /** Why the output holds no usable result. */
  public static final class Iperf3Exception extends Exception {
    private static final long serialVersionUID = 1L;

    Iperf3Exception(String message) {
      super(message);
    }
  }

  private Iperf3Json() {}

  /**
   * Parses the client's JSON output.
   *
   * @throws Iperf3Exception when the output is not JSON, reports an {@code error}, lacks the
   *     summary, or shows no traffic
   */
  public static Summary parse(String json) throws Iperf3Exception {
    if (json == null || json.isBlank()) {
      throw new Iperf3Exception("iperf3 printed no JSON output");
    }
    JsonNode root;
    try {
      root = MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new Iperf3Exception("iperf3 output is not valid JSON: " + e.getOriginalMessage());
    }
    if (root == null || !root.isObject()) {
      throw new Iperf3Exception("iperf3 output is not a JSON object");
    }
    if (root.hasNonNull("error")) {
      throw new Iperf3Exception("iperf3 reported: " + root.get("error").asText());
    }
    JsonNode received = root.path("end").path("sum_received");
    if (!received.path("bits_per_second").isNumber()) {
      throw new Iperf3Exception(
          "iperf3 output has no end.sum_received.bits_per_second (the test did not finish)");
    }
    double receivedBps = received.get("bits_per_second").asDouble();
    if (!(receivedBps > 0)) {
      throw new Iperf3Exception(
          "iperf3 measured " + receivedBps + " bit/s received: no data reached the server");
    }
    JsonNode sent = root.path("end").path("sum_sent");
    List<Double> perStream = new ArrayList<>();
    for (JsonNode stream : root.path("end").path("streams")) {
      JsonNode receiver = stream.path("receiver").path("bits_per_second");
      if (receiver.isNumber()) {
        perStream.add(receiver.asDouble());
      }
    }
    JsonNode testStart = root.path("start").path("test_start");
    JsonNode version = root.path("start").path("version");
    return new Summary(
        version.isTextual() ? Optional.of(version.asText()) : Optional.empty(),
        testStart.path("num_streams").asInt(perStream.size()),
        testStart.path("duration").asDouble(received.path("seconds").asDouble()),
        receivedBps,
        sent.path("bits_per_second").isNumber()
            ? OptionalDouble.of(sent.get("bits_per_second").asDouble())
            : OptionalDouble.empty(),
        perStream,
        sent.path("retransmits").isNumber()
            ? OptionalLong.of(sent.get("retransmits").asLong())
            : OptionalLong.empty());
  }
}
