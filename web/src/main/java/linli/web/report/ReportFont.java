package linli.web.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.fontbox.ttf.TTFParser;
import org.apache.fontbox.ttf.TrueTypeCollection;
import org.apache.fontbox.ttf.TrueTypeFont;
import org.apache.pdfbox.io.RandomAccessReadBufferedFile;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.font.PDType0Font;

/**
 * The CJK font the report embeds (subset: only the glyphs used). WenQuanYi's fonts have TrueType
 * outlines, which PDFBox subsets into a CIDFontType2; Noto CJK has CFF outlines, which PDFBox does
 * not embed that way. Debian packages them as collections (.ttc), read with
 * {@link TrueTypeCollection}; the launcher installs fonts-wqy-zenhei.
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
  /** Parsed on first use; guarded by this. */
  private TrueTypeFont parsed;

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
   * Loads the font into {@code document}, subset (the glyphs are read when the document is saved).
   * The font file is parsed once and kept open for the life of the process: parsing a collection
   * costs about a second, a report's layout a tenth of that. fontbox reads a parsed font without
   * locks, so callers make one document at a time with it: hold this object's monitor from here
   * until the document is saved.
   */
  PDType0Font load(PDDocument document) throws IOException {
    if (!Thread.holdsLock(this)) {
      throw new IllegalStateException("hold the ReportFont's monitor while making a document with it");
    }
    if (parsed == null) {
      parsed = parse();
    }
    return PDType0Font.load(document, parsed, true);
  }

  private TrueTypeFont parse() throws IOException {
    if (!file.toString().toLowerCase(java.util.Locale.ROOT).endsWith(".ttc")) {
      return new TTFParser().parse(new RandomAccessReadBufferedFile(file.toFile()));
    }
    TrueTypeCollection collection = new TrueTypeCollection(file.toFile());
    AtomicReference<TrueTypeFont> first = new AtomicReference<>();
    collection.processAllFonts(f -> first.compareAndSet(null, f));
    if (first.get() == null) {
      collection.close();
      throw new Missing(file + " holds no font");
    }
    return first.get();
  }
}
