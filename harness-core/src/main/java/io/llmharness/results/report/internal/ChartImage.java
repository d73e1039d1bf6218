package io.llmharness.results.report.internal;

import java.util.Objects;

/**
 * A rendered chart.
 *
 * @param fileName the PNG's file name in the run directory
 * @param title what the chart shows, used as the image's alternative text
 * @param caption how to read it
 * @param width width in pixels
 * @param height height in pixels
 * @param png the PNG bytes
 */
public record ChartImage(
    String fileName, String title, String caption, int width, int height, byte[] png) {
  public ChartImage {
    Objects.requireNonNull(fileName, "fileName");
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(caption, "caption");
    png = png.clone();
  }

  @Override
  public byte[] png() {
    return png.clone();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof ChartImage c
        && fileName.equals(c.fileName)
        && java.util.Arrays.equals(png, c.png);
  }

  @Override
  public int hashCode() {
    return fileName.hashCode();
  }

  @Override
  public String toString() {
    return "ChartImage[" + fileName + ", " + width + "x" + height + ", " + png.length + " bytes]";
  }
}
