package io.llmharness.results.report.internal;

import io.llmharness.results.report.internal.Document.Block;
import io.llmharness.results.report.internal.Document.Bullets;
import io.llmharness.results.report.internal.Document.Figure;
import io.llmharness.results.report.internal.Document.Heading;
import io.llmharness.results.report.internal.Document.Paragraph;
import io.llmharness.results.report.internal.Document.Table;
import java.util.List;

/** Renders a {@link Document} as GitHub-flavoured Markdown; charts link to their PNG files. */
public final class MarkdownRenderer {
  private MarkdownRenderer() {}

  /** The Markdown text, ending with a newline. */
  public static String render(Document document) {
    StringBuilder out = new StringBuilder("# ").append(document.title()).append("\n");
    for (Block block : document.blocks()) {
      out.append('\n');
      if (block instanceof Heading h) {
        out.append("#".repeat(h.level())).append(' ').append(h.text()).append('\n');
      } else if (block instanceof Paragraph p) {
        out.append(p.text()).append('\n');
      } else if (block instanceof Bullets b) {
        b.items().forEach(i -> out.append("- ").append(i).append('\n'));
      } else if (block instanceof Table t) {
        table(t, out);
      } else if (block instanceof Figure f) {
        out.append("![")
            .append(f.image().title())
            .append("](")
            .append(f.image().fileName())
            .append(")\n\n*")
            .append(f.image().caption())
            .append("*\n");
      }
    }
    return out.toString();
  }

  private static void table(Table t, StringBuilder out) {
    row(t.header(), out);
    out.append('|');
    for (boolean numeric : t.numeric()) {
      out.append(numeric ? "---:|" : "---|");
    }
    out.append('\n');
    t.rows().forEach(r -> row(r, out));
  }

  private static void row(List<String> cells, StringBuilder out) {
    out.append('|');
    for (String cell : cells) {
      out.append(' ').append(cell.replace("|", "\\|")).append(" |");
    }
    out.append('\n');
  }
}
