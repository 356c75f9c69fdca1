package linli.web.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.fontbox.ttf.TrueTypeCollection;
import org.apache.fontbox.ttf.TrueTypeFont;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.font.PDType0Font;

/**
 * The CJK font the report embeds (subset: only the glyphs used). WenQuanYi's fonts have TrueType
 * outlines, which PDFBox can subset; Noto CJK's are CFF, which it cannot embed as a Type 0 font.
 * Debian packages them as collections (.ttc), read with {@link TrueTypeCollection}; the launcher
 * installs fonts-wqy-zenhei.
 */
public final class ReportFont {
  /** Debian's fonts-wqy-microhei and fonts-wqy-zenhei, in that order. */
  static final List<Path> DEBIAN = List.of(Path.of("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"),
      Path.of("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"));

  /** Thrown when no usable font is installed; the message says what to install. */
  public static final class Missing extends RuntimeException {
    Missing(String message) {
      super(message);
    }
  }

  private final Path file;

  private ReportFont(Path file) {
    this.file = file;
  }

  /** The first of Debian's fonts that is installed. */
  public static ReportFont find() {
    return find(DEBIAN);
  }

  /** The first of {@code candidates} that can be read. */
  static ReportFont find(List<Path> candidates) {
    Optional<Path> found = candidates.stream().filter(Files::isReadable).findFirst();
    return new ReportFont(found.orElseThrow(() -> new Missing("the district report needs a Chinese TrueType font"
        + " and none is installed (looked for " + candidates.stream().map(Path::toString)
        .collect(java.util.stream.Collectors.joining(", ")) + "): apt-get install fonts-wqy-zenhei")));
  }

  public Path file() {
    return file;
  }

  /**
   * Loads the font into {@code document}, subset. The collection stays open until the document is
   * saved (subsetting reads the glyphs then): close the returned handle after saving.
   */
  Loaded load(PDDocument document) throws IOException {
    if (file.toString().toLowerCase(java.util.Locale.ROOT).endsWith(".ttc")) {
      TrueTypeCollection collection = new TrueTypeCollection(file.toFile());
      AtomicReference<TrueTypeFont> first = new AtomicReference<>();
      collection.processAllFonts(f -> first.compareAndSet(null, f));
      if (first.get() == null) {
        collection.close();
        throw new Missing(file + " holds no font");
      }
      return new Loaded(PDType0Font.load(document, first.get(), true), collection);
    }
    return new Loaded(PDType0Font.load(document, file.toFile()), null);
  }

  /** A loaded font and what must stay open until the document is saved. */
  record Loaded(PDType0Font font, AutoCloseable open) implements AutoCloseable {
    @Override
    public void close() throws IOException {
      if (open != null) {
        try {
          open.close();
        } catch (IOException e) {
          throw e;
        } catch (Exception e) {
          throw new IOException(e);
        }
      }
    }
  }
}
