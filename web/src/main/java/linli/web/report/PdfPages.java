package linli.web.report;

import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType0Font;

/**
 * Text and tables flowing down A4 pages: a cursor {@code y} (PDF points from the page's foot) that
 * starts a new page when the next block would not fit. One font (the CJK one, which has Latin too).
 */
final class PdfPages implements AutoCloseable {
  static final PDRectangle SIZE = PDRectangle.A4;
  static final float MARGIN = 42;
  static final float WIDTH = SIZE.getWidth() - 2 * MARGIN;
  /** Room kept at the foot for the page number. */
  private static final float FOOT = MARGIN + 14;

  static final Color INK = new Color(0x22, 0x22, 0x22);
  static final Color MUTED = new Color(0x5f, 0x6b, 0x73);
  static final Color RULE = new Color(0xc8, 0xcd, 0xd0);

  private final PDDocument document;
  private final PDType0Font font;
  private PDPageContentStream content;
  private float y;

  PdfPages(PDDocument document, PDType0Font font) {
    this.document = document;
    this.font = font;
  }

  PDType0Font font() {
    return font;
  }

  PDPageContentStream content() {
    return content;
  }

  float y() {
    return y;
  }

  /** Starts a page; the cursor goes to its top margin. */
  void newPage() throws IOException {
    closeContent();
    PDPage page = new PDPage(SIZE);
    document.addPage(page);
    content = new PDPageContentStream(document, page);
    y = SIZE.getHeight() - MARGIN;
  }

  /** A new page unless {@code height} points still fit above the foot. */
  void ensure(float height) throws IOException {
    if (content == null || y - height < FOOT) {
      newPage();
    }
  }

  /** Whether {@code height} points still fit on this page. */
  boolean fits(float height) {
    return content != null && y - height >= FOOT;
  }

  /** Moves the cursor down. */
  void down(float points) {
    y -= points;
  }

  /** A line of text at the left margin; the cursor moves below it. */
  void line(String text, float size, Color colour) throws IOException {
    ensure(size * 1.5f);
    y -= size * 1.2f;
    text(text, MARGIN, y, size, colour);
    y -= size * 0.45f;
  }

  /** A heading with a rule under it, kept with at least {@code keep} points of what follows. */
  void heading(String text, float keep) throws IOException {
    ensure(14 * 2.2f + keep);
    y -= 10;
    line(text, 13, INK);
    rule(MARGIN, y, MARGIN + WIDTH, y);
    y -= 6;
  }

  /**
   * One row of a table: each cell's text at its column, numbers (right-aligned columns) ending at
   * the column's right edge. {@code columns} are the cells' left x, and the table's right edge last.
   */
  void row(float[] columns, boolean[] rightAligned, String[] cells, float size, Color colour) throws IOException {
    ensure(size * 1.6f);
    y -= size * 1.25f;
    for (int i = 0; i < cells.length; i++) {
      String cell = fit(cells[i], columns[i + 1] - columns[i] - 6, size);
      float x = rightAligned[i] ? columns[i + 1] - 6 - width(cell, size) : columns[i];
      text(cell, x, y, size, colour);
    }
    y -= size * 0.35f;
  }

  void rule(float x0, float y0, float x1, float y1) throws IOException {
    content.setStrokingColor(RULE);
    content.setLineWidth(0.6f);
    content.moveTo(x0, y0);
    content.lineTo(x1, y1);
    content.stroke();
  }

  /** Text at a place; characters the font lacks print as '?' rather than failing the report. */
  void text(String text, float x, float baseline, float size, Color colour) throws IOException {
    content.beginText();
    content.setFont(font, size);
    content.setNonStrokingColor(colour);
    content.newLineAtOffset(x, baseline);
    content.showText(printable(text));
    content.endText();
  }

  float width(String text, float size) {
    try {
      return font.getStringWidth(printable(text)) / 1000 * size;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code text}, shortened with an ellipsis to fit {@code room} points. */
  String fit(String text, float room, float size) {
    if (width(text, size) <= room) {
      return text;
    }
    String t = text;
    while (!t.isEmpty() && width(t + "…", size) > room) {
      t = t.substring(0, t.offsetByCodePoints(t.length(), -1));
    }
    return t + "…";
  }

  /** The text with every character the font cannot encode replaced by '?'. */
  String printable(String text) {
    StringBuilder out = new StringBuilder(text.length());
    text.codePoints().forEach(cp -> {
      String one = new String(Character.toChars(cp));
      try {
        font.encode(one);
        out.append(one);
      } catch (IOException | IllegalArgumentException e) {
        out.append('?');
      }
    });
    return out.toString();
  }

  /** Numbers every page at its foot ("第 n / m 页 · Page n of m"), once all pages exist. */
  void numberPages(String title) throws IOException {
    closeContent();
    int total = document.getNumberOfPages();
    for (int i = 0; i < total; i++) {
      try (PDPageContentStream foot = new PDPageContentStream(document, document.getPage(i),
          PDPageContentStream.AppendMode.APPEND, true, true)) {
        content = foot;
        String label = "第 " + (i + 1) + " / " + total + " 页 · Page " + (i + 1) + " of " + total;
        text(title, MARGIN, MARGIN - 14, 8, MUTED);
        text(label, MARGIN + WIDTH - width(label, 8), MARGIN - 14, 8, MUTED);
      }
    }
    content = null;
  }

  private void closeContent() throws IOException {
    if (content != null) {
      content.close();
      content = null;
    }
  }

  @Override
  public void close() throws IOException {
    closeContent();
  }
}
