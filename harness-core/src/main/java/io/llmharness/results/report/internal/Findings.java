package io.llmharness.results.report.internal;

import static io.llmharness.results.report.internal.JsonFields.at;
import static io.llmharness.results.report.internal.JsonFields.bool;
import static io.llmharness.results.report.internal.JsonFields.integer;
import static io.llmharness.results.report.internal.JsonFields.number;
import static io.llmharness.results.report.internal.JsonFields.text;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * The readable findings of one result file, from its {@code extended} object: two-mode latency (the
 * dip test and mixture, and the seed's dispersion rule), change points and warmup advice, and the
 * errors by cause. Each finding is one sentence; {@code `code`} spans are allowed.
 */
final class Findings {
  private static final int MAX_MESSAGE = 160;

  private Findings() {}

  static List<String> of(JsonNode root, List<ErrorCount> errors, OptionalInt measured) {
    List<String> out = new ArrayList<>();
    JsonNode extended = root.path("extended");
    List<String> advices = new ArrayList<>();
    for (String metric : List.of("ttft", "tpot")) {
      String label = metric.toUpperCase(Locale.ROOT);
      modes(root, extended, metric, label).ifPresent(out::add);
      changePoint(extended.path("change_point").path(metric), label, advices).ifPresent(out::add);
    }
    text(extended, "warmup_advice")
        .filter(a -> !advices.contains(a))
        .ifPresent(a -> out.add("Warmup: " + a + "."));
    int failed = errors.stream().mapToInt(ErrorCount::count).sum();
    if (failed > 0) {
      out.add(errors(errors, failed, measured));
    }
    return out;
  }

  private static Optional<String> modes(
      JsonNode root, JsonNode extended, String metric, String label) {
    JsonNode test = extended.path("bimodality").path(metric);
    if (bool(test, "bimodal").orElse(false)) {
      JsonNode modes = at(test, "mixture", "modes");
      StringBuilder s = new StringBuilder(label).append(" has two modes");
      if (modes.isArray() && modes.size() == 2) {
        s.append(": ").append(mode(modes.get(0))).append(" and ").append(mode(modes.get(1)));
      }
      s.append(" (dip test p = ")
          .append(significant(number(test, "dip", "p_value")))
          .append(", ΔBIC ")
          .append(significant(number(test, "mixture", "delta_bic")))
          .append(", Ashman's D ")
          .append(significant(number(test, "mixture", "separation_ashman_d")))
          .append(").");
      return Optional.of(s.toString());
    }
    JsonNode seed = root.path("results").path(metric + "_bimodal");
    if (bool(seed, "bimodal").orElse(false)) {
      String rule =
          label
              + " is flagged by the seed's dispersion rule (CV "
              + significant(number(seed, "cv"))
              + " > "
              + significant(number(seed, "threshold"))
              + ")";
      return Optional.of(
          bool(test, "bimodal").isPresent()
              ? rule + ", but the dip test and the mixture find one mode."
              : rule + ".");
    }
    return Optional.empty();
  }

  private static String mode(JsonNode mode) {
    return Format.millis(number(mode, "mean").orElse(Double.NaN))
        + " ms ("
        + number(mode, "weight").stream().mapToObj(Format::percent).findFirst().orElse("?")
        + ")";
  }

  private static Optional<String> changePoint(JsonNode cp, String label, List<String> advices) {
    if (!bool(cp, "significant").orElse(false)) {
      return Optional.empty();
    }
    Optional<String> advice = text(cp, "advice");
    if (advice.isPresent()) {
      advices.add(advice.get());
      return Optional.of("Warmup (" + label + "): " + advice.get() + ".");
    }
    return Optional.of(
        label
            + " shifts after request "
            + integer(cp, "index").stream().mapToObj(Integer::toString).findFirst().orElse("?")
            + " of "
            + integer(cp, "n").stream().mapToObj(Integer::toString).findFirst().orElse("?")
            + ": mean "
            + Format.millis(number(cp, "mean_before"))
            + " ms before, "
            + Format.millis(number(cp, "mean_after"))
            + " ms after (permutation p = "
            + significant(number(cp, "p_value"))
            + ").");
  }

  private static String errors(List<ErrorCount> errors, int failed, OptionalInt measured) {
    StringBuilder s = new StringBuilder("Errors: ").append(failed);
    measured.ifPresent(m -> s.append(" of ").append(m).append(" measured requests"));
    s.append(" failed: ");
    for (int i = 0; i < errors.size(); i++) {
      ErrorCount e = errors.get(i);
      s.append(i == 0 ? "" : "; ").append('`').append(e.cause()).append("` ").append(e.count());
      e.firstMessage().ifPresent(m -> s.append(" (").append(shorten(m)).append(')'));
    }
    return s.append('.').toString();
  }

  private static String shorten(String message) {
    String oneLine = message.replaceAll("\\s+", " ").replace("`", "'").strip();
    return oneLine.length() <= MAX_MESSAGE ? oneLine : oneLine.substring(0, MAX_MESSAGE) + "…";
  }

  private static String significant(OptionalDouble value) {
    return value.isPresent() ? Format.significant(value.getAsDouble()) : "?";
  }
}
