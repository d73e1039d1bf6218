package io.llmharness.results.report.internal;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/** The report's number formats: fixed decimals, {@code ,} thousands separators, any locale. */
public final class Format {
  /** What a cell shows when the value is absent. */
  public static final String NONE = "–";

  private Format() {}

  /** Milliseconds with one decimal: {@code 2,345.6}. */
  public static String millis(double ms) {
    return String.format(Locale.ROOT, "%,.1f", ms);
  }

  /** Milliseconds with one decimal, or {@link #NONE}. */
  public static String millis(OptionalDouble ms) {
    return ms.isPresent() ? millis(ms.getAsDouble()) : NONE;
  }

  /** A signed difference in milliseconds with one decimal: {@code +412.5}. */
  public static String signedMillis(double ms) {
    return String.format(Locale.ROOT, "%+,.1f", ms);
  }

  /** A whole number: {@code 20,000}. */
  public static String integer(long value) {
    return String.format(Locale.ROOT, "%,d", value);
  }

  /** A whole number, or {@link #NONE}. */
  public static String integer(OptionalInt value) {
    return value.isPresent() ? integer(value.getAsInt()) : NONE;
  }

  /** A number with {@code decimals} decimals, or {@link #NONE}. */
  public static String fixed(OptionalDouble value, int decimals) {
    return value.isPresent() ? fixed(value.getAsDouble(), decimals) : NONE;
  }

  /** A number with {@code decimals} decimals. */
  public static String fixed(double value, int decimals) {
    return String.format(Locale.ROOT, "%,." + decimals + "f", value);
  }

  /** A fraction as a percentage with one decimal: {@code 25.0%}. */
  public static String percent(double fraction) {
    return String.format(Locale.ROOT, "%.1f%%", fraction * 100);
  }

  /** A confidence level as a percentage: {@code 95%}, {@code 99.9%}. */
  public static String level(double level) {
    return new BigDecimal(Double.toString(level))
            .movePointRight(2)
            .stripTrailingZeros()
            .toPlainString()
        + "%";
  }

  /** Two significant digits, plainly: {@code 0.0005}, {@code 0.031}, {@code 35}. */
  public static String significant(double value) {
    if (!Double.isFinite(value)) {
      return NONE;
    }
    return new BigDecimal(value)
        .round(new MathContext(2, RoundingMode.HALF_EVEN))
        .stripTrailingZeros()
        .toPlainString();
  }
}
