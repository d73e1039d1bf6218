package io.llmharness.results.report.internal;

import static io.llmharness.results.report.internal.JsonFields.number;
import static io.llmharness.results.report.internal.JsonFields.text;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmharness.preflight.PreflightSettings;
import io.llmharness.results.internal.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The preflight bandwidth baseline of a run ({@code preflight/baseline_bandwidth.json}), as far as
 * it was measured.
 *
 * @param tcp the TCP (iperf3) bandwidth
 * @param efa the EFA (libfabric RDMA) bandwidth
 */
public record Baseline(Link tcp, Link efa) {
  /** The baseline's path relative to the run directory. */
  public static final String RELATIVE_PATH = "preflight/" + PreflightSettings.BANDWIDTH_FILE;

  public Baseline {
    Objects.requireNonNull(tcp, "tcp");
    Objects.requireNonNull(efa, "efa");
  }

  /**
   * One measured bandwidth.
   *
   * @param gbps Gbit/s (10^9 bit/s), when measured
   * @param whyNot why there is no number, when there is none
   */
  public record Link(OptionalDouble gbps, Optional<String> whyNot) {
    public Link {
      Objects.requireNonNull(gbps, "gbps");
      Objects.requireNonNull(whyNot, "whyNot");
    }

    static Link of(double gbps) {
      return new Link(OptionalDouble.of(gbps), Optional.empty());
    }

    static Link notMeasured(String why) {
      return new Link(OptionalDouble.empty(), Optional.of(why));
    }
  }

  /** Both links not measured, for the same reason. */
  public static Baseline absent(String why) {
    return new Baseline(Link.notMeasured(why), Link.notMeasured(why));
  }

  /** Reads {@code <runDirectory>/preflight/baseline_bandwidth.json}; never fails. */
  public static Baseline read(Path runDirectory) {
    Path file = runDirectory.resolve(RELATIVE_PATH);
    if (!Files.isRegularFile(file)) {
      return absent("no `" + RELATIVE_PATH + "` in this run");
    }
    JsonNode root;
    try {
      root = Json.TREE.readTree(Files.readString(file, StandardCharsets.UTF_8));
    } catch (IOException e) {
      return absent("`" + RELATIVE_PATH + "` is not readable JSON");
    }
    if (root == null || !root.isObject()) {
      return absent("`" + RELATIVE_PATH + "` is not a bandwidth baseline");
    }
    return new Baseline(
        link(root, "tcp_bandwidth_gbps", root.path("tcp")),
        link(root, "efa_bandwidth_gbps", root.path("rdma")));
  }

  private static Link link(JsonNode root, String key, JsonNode detail) {
    OptionalDouble gbps = number(root, key);
    if (gbps.isPresent() && gbps.getAsDouble() > 0) {
      return Link.of(gbps.getAsDouble());
    }
    String status = text(detail, "status").orElse("not measured");
    return Link.notMeasured(
        text(detail, "error").map(e -> status + ": " + oneLine(e)).orElse(status));
  }

  private static String oneLine(String s) {
    String line = s.replaceAll("\\s+", " ").strip();
    return line.length() <= 160 ? line : line.substring(0, 160) + "…";
  }
}
