package io.llmharness.results.report.internal;

import java.util.List;
import java.util.Objects;

/**
 * The report as a sequence of blocks, rendered both as Markdown ({@link MarkdownRenderer}) and as
 * HTML ({@link HtmlRenderer}) so both files always say the same. Text may hold {@code `code`}
 * spans.
 *
 * @param title the document's title
 * @param blocks the content, in order
 */
public record Document(String title, List<Block> blocks) {
  public Document {
    Objects.requireNonNull(title, "title");
    blocks = List.copyOf(blocks);
  }

  /** One block of content. */
  public sealed interface Block permits Heading, Paragraph, Bullets, Table, Figure {}

  /**
   * A section heading below the title.
   *
   * @param level 2 for a section, 3 for a subsection
   * @param text the heading
   */
  public record Heading(int level, String text) implements Block {}

  /**
   * A paragraph.
   *
   * @param text the paragraph
   */
  public record Paragraph(String text) implements Block {}

  /**
   * A bullet list.
   *
   * @param items one sentence or more each
   */
  public record Bullets(List<String> items) implements Block {
    public Bullets {
      items = List.copyOf(items);
    }
  }

  /**
   * A table.
   *
   * @param header the column headings
   * @param numeric per column, true to right-align (numbers)
   * @param rows the cells, as many per row as headings
   */
  public record Table(List<String> header, List<Boolean> numeric, List<List<String>> rows)
      implements Block {
    public Table {
      header = List.copyOf(header);
      numeric = List.copyOf(numeric);
      rows = rows.stream().map(List::copyOf).toList();
      for (List<String> row : rows) {
        if (row.size() != header.size()) {
          throw new IllegalArgumentException(
              "A table row needs " + header.size() + " cells, but had " + row.size() + ": " + row);
        }
      }
      if (numeric.size() != header.size()) {
        throw new IllegalArgumentException("A table needs one alignment per column.");
      }
    }
  }

  /**
   * A chart.
   *
   * @param image the chart
   */
  public record Figure(ChartImage image) implements Block {
    public Figure {
      Objects.requireNonNull(image, "image");
    }
  }
}
