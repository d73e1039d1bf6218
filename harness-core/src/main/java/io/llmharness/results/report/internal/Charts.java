package io.llmharness.results.report.internal;

import io.llmharness.stats.Quantiles;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import javax.imageio.ImageIO;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.XYSeries.XYSeriesRenderStyle;
import org.knowm.xchart.style.Styler.LegendPosition;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The report's charts, drawn with XChart into PNGs without a display ({@code java.awt.headless} is
 * set to {@code true} unless the JVM was started with a value).
 */
public final class Charts {
  /** File name of the TTFT-versus-prompt-tokens chart. */
  public static final String TTFT_VERSUS_PROMPT_TOKENS = "ttft-vs-prompt-tokens.png";

  /** Size of the TTFT-versus-prompt-tokens chart. */
  public static final int WIDTH = 900;

  /** Height of the TTFT-versus-prompt-tokens chart. */
  public static final int HEIGHT = 500;

  /** Height of a distribution chart (its width is {@link #WIDTH}). */
  public static final int DISTRIBUTION_HEIGHT = 320;

  private static final Color UNIFIED = new Color(0x1F77B4);
  private static final Color UNIFIED_NO_CACHE = new Color(0x9467BD);
  private static final Color EFA = new Color(0x2CA02C);
  private static final Color TCP = new Color(0xFF7F0E);
  private static final Color OTHER = new Color(0x7F7F7F);
  private static final Color GRID = new Color(0xE6E6E6);
  private static final Color INK = new Color(0x333333);
  private static final BasicStroke DASHED =
      new BasicStroke(
          1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f);
  private static final double SECONDS_FROM_MS = 2000;

  static {
    if (System.getProperty("java.awt.headless") == null) {
      System.setProperty("java.awt.headless", "true");
    }
  }

  private Charts() {}

  /** {@code ttft-distribution-<scenario-id>.png}. */
  public static String distributionFileName(String scenarioId) {
    return "ttft-distribution-" + scenarioId + ".png";
  }

  /**
   * TTFT median with 5th–95th percentile whiskers against prompt tokens, one series per backend, at
   * concurrency 1; empty when no such scenario has a TTFT.
   */
  public static Optional<ChartImage> ttftVersusPromptTokens(List<ScenarioEntry> scenarios) {
    Map<String, List<ScenarioEntry>> series = new LinkedHashMap<>();
    for (String label :
        List.of(
            "unified", "unified, no prefix cache", "unified, prefix-cache hits", "EFA", "TCP")) {
      series.put(label, new ArrayList<>());
    }
    double maxMs = 0;
    double maxTokens = 0;
    for (ScenarioEntry s : scenarios) {
      if (s.concurrency().orElse(0) == 1 && s.promptTokens().isPresent() && s.ttft().isPresent()) {
        series.computeIfAbsent(seriesLabel(s), k -> new ArrayList<>()).add(s);
        maxMs = Math.max(maxMs, whisker(s.ttft().get())[1]);
        maxTokens = Math.max(maxTokens, s.promptTokens().getAsInt());
      }
    }
    series.values().removeIf(List::isEmpty);
    if (series.isEmpty()) {
      return Optional.empty();
    }
    Unit unit = Unit.of(maxMs);
    XYChart chart =
        new XYChartBuilder()
            .width(WIDTH)
            .height(HEIGHT)
            .title("TTFT versus prompt tokens (concurrency 1)")
            .xAxisTitle("prompt tokens")
            .yAxisTitle("TTFT (" + unit.symbol + ")")
            .build();
    XYStyler styler = style(chart);
    styler.setLegendPosition(LegendPosition.InsideNW);
    styler.setXAxisMin(0.0);
    styler.setXAxisMax(maxTokens * 1.06);
    styler.setYAxisMin(0.0);
    styler.setxAxisTickLabelsFormattingFunction(Charts::tokens);
    double dodge = maxTokens * 0.012;
    int index = 0;
    for (Map.Entry<String, List<ScenarioEntry>> e : series.entrySet()) {
      double offset = (index++ - (series.size() - 1) / 2.0) * dodge;
      Color color = color(e.getKey());
      List<ScenarioEntry> points =
          e.getValue().stream()
              .sorted(
                  (a, b) ->
                      Integer.compare(a.promptTokens().getAsInt(), b.promptTokens().getAsInt()))
              .toList();
      List<Double> x = new ArrayList<>();
      List<Double> y = new ArrayList<>();
      List<Double> wx = new ArrayList<>();
      List<Double> wy = new ArrayList<>();
      for (ScenarioEntry s : points) {
        double px = s.promptTokens().getAsInt() + offset;
        LatencyStats ttft = s.ttft().get();
        x.add(px);
        y.add(ttft.p50() / unit.divisor);
        double[] w = whisker(ttft);
        addSegment(wx, wy, px, w[0] / unit.divisor, px, w[1] / unit.divisor);
        addSegment(
            wx, wy, px - dodge / 3, w[0] / unit.divisor, px + dodge / 3, w[0] / unit.divisor);
        addSegment(
            wx, wy, px - dodge / 3, w[1] / unit.divisor, px + dodge / 3, w[1] / unit.divisor);
      }
      XYSeries whiskers = chart.addSeries(e.getKey() + " p5-p95", wx, wy);
      whiskers.setXYSeriesRenderStyle(XYSeriesRenderStyle.Line);
      whiskers.setMarker(SeriesMarkers.NONE);
      whiskers.setLineColor(color);
      whiskers.setLineWidth(1.5f);
      whiskers.setShowInLegend(false);
      XYSeries medians = chart.addSeries(e.getKey(), x, y);
      medians.setXYSeriesRenderStyle(XYSeriesRenderStyle.Line);
      medians.setMarker(SeriesMarkers.CIRCLE);
      medians.setMarkerColor(color);
      medians.setLineColor(color);
      medians.setLineWidth(2f);
    }
    return Optional.of(
        new ChartImage(
            TTFT_VERSUS_PROMPT_TOKENS,
            "TTFT versus prompt tokens at concurrency 1",
            "Median TTFT (points) with whiskers from the 5th to the 95th percentile of each"
                + " scenario's TTFT values, at concurrency 1. Backends are shifted slightly"
                + " sideways so that their whiskers do not overlap.",
            WIDTH,
            HEIGHT,
            png(sideBySide(WIDTH, HEIGHT, chart))));
  }

  /**
   * The TTFT distribution of one scenario: a histogram beside the values in request order (with the
   * segment means of a significant change point); empty when no request succeeded.
   */
  public static Optional<ChartImage> distribution(ScenarioEntry s) {
    double[] values = s.ttftValues();
    if (values.length == 0) {
      return Optional.empty();
    }
    LatencyStats ttft = s.ttft().orElseThrow();
    Unit unit = Unit.of(Arrays.stream(values).max().orElse(0));
    Color color = color(seriesLabel(s));
    int half = WIDTH / 2;
    XYChart histogram = histogram(s, values, ttft.p50(), unit, color, half);
    XYChart sequence = sequence(s, values, ttft.p50(), unit, color, half);
    return Optional.of(
        new ChartImage(
            distributionFileName(s.id()),
            "TTFT distribution of " + s.id(),
            "Left: histogram of the "
                + values.length
                + " TTFT values (dashed: median). Right: the same values in request order"
                + (s.ttftShift().isPresent()
                    ? "; the dark lines are the means before and after the significant change point."
                    : " (dashed: median)."),
            WIDTH,
            DISTRIBUTION_HEIGHT,
            png(sideBySide(WIDTH, DISTRIBUTION_HEIGHT, histogram, sequence))));
  }

  private static XYChart histogram(
      ScenarioEntry s, double[] values, double p50, Unit unit, Color color, int width) {
    double min = Arrays.stream(values).min().orElseThrow() / unit.divisor;
    double max = Arrays.stream(values).max().orElseThrow() / unit.divisor;
    int bins = Math.max(5, Math.min(40, (int) Math.ceil(Math.sqrt(values.length))));
    if (max - min <= 0) {
      double pad = Math.max(Math.abs(min) * 0.01, 1e-3);
      min -= pad;
      max += pad;
      bins = 1;
    }
    double binWidth = (max - min) / bins;
    int[] counts = new int[bins];
    for (double v : values) {
      int b = (int) Math.floor((v / unit.divisor - min) / binWidth);
      counts[Math.max(0, Math.min(bins - 1, b))]++;
    }
    List<Double> x = new ArrayList<>();
    List<Double> y = new ArrayList<>();
    x.add(min);
    y.add(0.0);
    int top = 0;
    for (int b = 0; b < bins; b++) {
      x.add(min + b * binWidth);
      y.add((double) counts[b]);
      x.add(min + (b + 1) * binWidth);
      y.add((double) counts[b]);
      top = Math.max(top, counts[b]);
    }
    x.add(max);
    y.add(0.0);
    XYChart chart =
        new XYChartBuilder()
            .width(width)
            .height(DISTRIBUTION_HEIGHT)
            .title(s.id())
            .xAxisTitle("TTFT (" + unit.symbol + ")")
            .yAxisTitle("requests")
            .build();
    XYStyler styler = style(chart);
    styler.setLegendVisible(false);
    styler.setYAxisMin(0.0);
    styler.setYAxisMax(top * 1.15);
    styler.setYAxisDecimalPattern("#");
    XYSeries bars = chart.addSeries("TTFT", x, y);
    bars.setXYSeriesRenderStyle(XYSeriesRenderStyle.Area);
    bars.setMarker(SeriesMarkers.NONE);
    bars.setLineColor(color);
    bars.setFillColor(new Color(color.getRed(), color.getGreen(), color.getBlue(), 110));
    List<Double> ex = new ArrayList<>();
    List<Double> ey = new ArrayList<>();
    for (int b = 1; b < bins; b++) {
      double edge = min + b * binWidth;
      addSegment(ex, ey, edge, 0, edge, Math.max(counts[b - 1], counts[b]));
    }
    if (!ex.isEmpty()) {
      XYSeries edges = chart.addSeries("bin edges", ex, ey);
      edges.setXYSeriesRenderStyle(XYSeriesRenderStyle.Line);
      edges.setMarker(SeriesMarkers.NONE);
      edges.setLineColor(color);
      edges.setLineWidth(1f);
    }
    XYSeries median =
        chart.addSeries(
            "median", List.of(p50 / unit.divisor, p50 / unit.divisor), List.of(0.0, top * 1.1));
    median.setXYSeriesRenderStyle(XYSeriesRenderStyle.Line);
    median.setMarker(SeriesMarkers.NONE);
    median.setLineColor(INK);
    median.setLineStyle(DASHED);
    return chart;
  }

  private static XYChart sequence(
      ScenarioEntry s, double[] values, double p50, Unit unit, Color color, int width) {
    XYChart chart =
        new XYChartBuilder()
            .width(width)
            .height(DISTRIBUTION_HEIGHT)
            .title("in request order")
            .xAxisTitle("measured request")
            .yAxisTitle("TTFT (" + unit.symbol + ")")
            .build();
    XYStyler styler = style(chart);
    styler.setLegendVisible(false);
    styler.setXAxisDecimalPattern("#");
    styler.setXAxisMin(0.0);
    styler.setXAxisMax(values.length + 1.0);
    styler.setMarkerSize(values.length <= 60 ? 8 : values.length <= 200 ? 6 : 4);
    List<Double> x = new ArrayList<>();
    List<Double> y = new ArrayList<>();
    for (int i = 0; i < values.length; i++) {
      x.add(i + 1.0);
      y.add(values[i] / unit.divisor);
    }
    XYSeries points = chart.addSeries("TTFT", x, y);
    points.setXYSeriesRenderStyle(XYSeriesRenderStyle.Scatter);
    points.setMarker(SeriesMarkers.CIRCLE);
    points.setMarkerColor(color);
    if (s.ttftShift().isPresent() && s.ttftShift().get().index() < values.length) {
      Shift shift = s.ttftShift().get();
      List<Double> sx = new ArrayList<>();
      List<Double> sy = new ArrayList<>();
      addSegment(
          sx,
          sy,
          0.5,
          shift.meanBefore() / unit.divisor,
          shift.index() + 0.5,
          shift.meanBefore() / unit.divisor);
      addSegment(
          sx,
          sy,
          shift.index() + 0.5,
          shift.meanAfter() / unit.divisor,
          values.length + 0.5,
          shift.meanAfter() / unit.divisor);
      XYSeries means = chart.addSeries("segment means", sx, sy);
      means.setXYSeriesRenderStyle(XYSeriesRenderStyle.Line);
      means.setMarker(SeriesMarkers.NONE);
      means.setLineColor(INK);
      means.setLineWidth(2.5f);
    } else {
      XYSeries median =
          chart.addSeries(
              "median",
              List.of(0.5, values.length + 0.5),
              List.of(p50 / unit.divisor, p50 / unit.divisor));
      median.setXYSeriesRenderStyle(XYSeriesRenderStyle.Line);
      median.setMarker(SeriesMarkers.NONE);
      median.setLineColor(INK);
      median.setLineStyle(DASHED);
    }
    return chart;
  }

  private static XYStyler style(XYChart chart) {
    XYStyler styler = chart.getStyler();
    styler.setChartBackgroundColor(Color.WHITE);
    styler.setPlotBackgroundColor(Color.WHITE);
    styler.setPlotBorderVisible(false);
    styler.setPlotGridLinesColor(GRID);
    styler.setPlotGridLinesStroke(new BasicStroke(1f));
    styler.setChartFontColor(INK);
    styler.setAxisTickLabelsColor(INK);
    styler.setChartTitleBoxVisible(false);
    styler.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
    styler.setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
    styler.setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
    styler.setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    styler.setLegendBorderColor(GRID);
    styler.setMarkerSize(8);
    styler.setAntiAlias(true);
    styler.setLocale(Locale.ROOT);
    return styler;
  }

  /**
   * The series a scenario belongs to in the TTFT-versus-prompt-tokens chart. Unified scenarios
   * whose prompts mostly hit the prefix cache (identical prompts) measure a cache hit, not a
   * prefill, so they get a series of their own instead of bending the prefill line.
   */
  static String seriesLabel(ScenarioEntry s) {
    return switch (s.backend()) {
      case ScenarioEntry.UNIFIED ->
          s.prefixCacheHitRate().orElse(0) > 0.5
              ? "unified, prefix-cache hits"
              : s.prefixCache().orElse(true) ? "unified" : "unified, no prefix cache";
      case ScenarioEntry.EFA -> "EFA";
      case ScenarioEntry.TCP -> "TCP";
      default -> s.backend();
    };
  }

  private static Color color(String label) {
    return switch (label) {
      case "unified" -> UNIFIED;
      case "unified, no prefix cache" -> UNIFIED_NO_CACHE;
      case "unified, prefix-cache hits" -> OTHER;
      case "EFA" -> EFA;
      case "TCP" -> TCP;
      default -> OTHER;
    };
  }

  /** The 5th and 95th percentiles of the values, else min and max, else the median twice. */
  private static double[] whisker(LatencyStats ttft) {
    double[] raw = ttft.raw();
    if (raw.length >= 2) {
      return Quantiles.type7(raw, 0.05, 0.95);
    }
    if (Double.isFinite(ttft.min()) && Double.isFinite(ttft.max())) {
      return new double[] {ttft.min(), ttft.max()};
    }
    return new double[] {ttft.p50(), ttft.p50()};
  }

  /** Adds a line segment; a null y value separates it from the next one. */
  private static void addSegment(
      List<Double> x, List<Double> y, double x1, double y1, double x2, double y2) {
    x.add(x1);
    y.add(y1);
    x.add(x2);
    y.add(y2);
    x.add(x2);
    y.add(null);
  }

  private static String tokens(double value) {
    return value >= 1000 && value % 1000 == 0
        ? String.format(Locale.ROOT, "%.0fK", value / 1000)
        : value >= 1000
            ? String.format(Locale.ROOT, "%.1fK", value / 1000)
            : String.format(Locale.ROOT, "%.0f", value);
  }

  private static byte[] png(BufferedImage image) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      if (!ImageIO.write(image, "png", out)) {
        throw new IllegalStateException("This JVM has no PNG image writer.");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** Milliseconds or seconds, whichever reads better for values up to a maximum. */
  private enum Unit {
    MILLISECONDS("ms", 1),
    SECONDS("s", 1000);

    final String symbol;
    final double divisor;

    Unit(String symbol, double divisor) {
      this.symbol = symbol;
      this.divisor = divisor;
    }

    static Unit of(double maxMs) {
      return maxMs >= SECONDS_FROM_MS ? SECONDS : MILLISECONDS;
    }
  }

  /** Paints the charts side by side, equally wide, into one RGB image. */
  private static BufferedImage sideBySide(int width, int height, XYChart... charts) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    try {
      int each = width / charts.length;
      for (XYChart chart : charts) {
        chart.paint(g, each, height);
        g.translate(each, 0);
      }
    } finally {
      g.dispose();
    }
    return image;
  }
}
