package io.llmharness.results.report.internal;

import io.llmharness.results.report.internal.Document.Block;
import io.llmharness.results.report.internal.Document.Bullets;
import io.llmharness.results.report.internal.Document.Figure;
import io.llmharness.results.report.internal.Document.Heading;
import io.llmharness.results.report.internal.Document.Paragraph;
import io.llmharness.results.report.internal.Document.Table;
import java.util.Base64;
import java.util.List;

/**
 * Renders a {@link Document} as one self-contained HTML file: the style sheet is inline, charts are
 * embedded as {@code data:image/png;base64} URIs, and nothing is loaded from anywhere else.
 */
public final class HtmlRenderer {
  private static final String STYLE =
      """
      body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif;
             color: #222; margin: 2rem auto; max-width: 1200px; padding: 0 1rem; line-height: 1.45; }
      h1 { font-size: 1.6rem; margin-bottom: 0.3rem; }
      h2 { font-size: 1.25rem; margin-top: 2.2rem; border-bottom: 1px solid #ddd; padding-bottom: 0.2rem; }
      h3 { font-size: 1.05rem; margin-top: 1.4rem; }
      code { font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: 0.9em;
             background: #f3f3f3; padding: 0 0.2em; border-radius: 3px; }
      .table-wrap { overflow-x: auto; }
      table { border-collapse: collapse; font-size: 0.86rem; margin: 0.6rem 0; }
      th, td { border-bottom: 1px solid #e3e3e3; padding: 0.25rem 0.55rem; text-align: left;
               white-space: nowrap; }
      th { background: #f6f6f6; border-bottom: 2px solid #ccc; position: sticky; top: 0; }
      td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
      tr:hover td { background: #fafafa; }
      figure { margin: 1rem 0 1.6rem; }
      figure img { max-width: 100%; height: auto; border: 1px solid #eee; }
      figcaption { font-size: 0.85rem; color: #555; max-width: 900px; }
      ul { padding-left: 1.3rem; }
      """;

  private HtmlRenderer() {}

  /** The HTML text, ending with a newline. */
  public static String render(Document document) {
    StringBuilder out = new StringBuilder();
    out.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        .append("<title>")
        .append(escape(document.title()))
        .append("</title>\n<style>\n")
        .append(STYLE)
        .append("</style>\n</head>\n<body>\n<h1>")
        .append(inline(document.title()))
        .append("</h1>\n");
    for (Block block : document.blocks()) {
      if (block instanceof Heading h) {
        out.append("<h").append(h.level()).append('>').append(inline(h.text()));
        out.append("</h").append(h.level()).append(">\n");
      } else if (block instanceof Paragraph p) {
        out.append("<p>").append(inline(p.text())).append("</p>\n");
      } else if (block instanceof Bullets b) {
        out.append("<ul>\n");
        b.items().forEach(i -> out.append("<li>").append(inline(i)).append("</li>\n"));
        out.append("</ul>\n");
      } else if (block instanceof Table t) {
        table(t, out);
      } else if (block instanceof Figure f) {
        figure(f.image(), out);
      }
    }
    return out.append("</body>\n</html>\n").toString();
  }

  private static void table(Table t, StringBuilder out) {
    out.append("<div class=\"table-wrap\"><table>\n<thead><tr>");
    cells("th", t.header(), t.numeric(), out);
    out.append("</tr></thead>\n<tbody>\n");
    for (List<String> row : t.rows()) {
      out.append("<tr>");
      cells("td", row, t.numeric(), out);
      out.append("</tr>\n");
    }
    out.append("</tbody>\n</table></div>\n");
  }

  private static void cells(
      String tag, List<String> cells, List<Boolean> numeric, StringBuilder out) {
    for (int i = 0; i < cells.size(); i++) {
      out.append('<')
          .append(tag)
          .append(numeric.get(i) ? " class=\"num\">" : ">")
          .append(inline(cells.get(i)))
          .append("</")
          .append(tag)
          .append('>');
    }
  }

  private static void figure(ChartImage image, StringBuilder out) {
    out.append("<figure>\n<img src=\"data:image/png;base64,")
        .append(Base64.getEncoder().encodeToString(image.png()))
        .append("\" width=\"")
        .append(image.width())
        .append("\" height=\"")
        .append(image.height())
        .append("\" alt=\"")
        .append(escape(image.title()))
        .append("\">\n<figcaption>")
        .append(inline(image.caption()))
        .append("</figcaption>\n</figure>\n");
  }

  /** Escapes the text and turns {@code `code`} spans into {@code <code>} elements. */
  static String inline(String text) {
    String[] parts = text.split("`", -1);
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < parts.length; i++) {
      boolean code = i % 2 == 1 && i < parts.length - 1;
      if (i % 2 == 1 && !code) {
        out.append('`');
      }
      out.append(code ? "<code>" : "").append(escape(parts[i])).append(code ? "</code>" : "");
    }
    return out.toString();
  }

  /** Escapes the characters HTML gives a meaning to. */
  static String escape(String text) {
    StringBuilder out = new StringBuilder(text.length());
    for (char c : text.toCharArray()) {
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }
}
