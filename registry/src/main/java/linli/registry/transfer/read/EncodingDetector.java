package linli.registry.transfer.read;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import linli.registry.transfer.ImportFileException;

/**
 * Decides how the text of an upload is encoded. Files reaching a Qingdao bureau are UTF-8 (with or
 * without a BOM, from modern tools) or GBK (Excel and ArcGIS on Chinese Windows). A byte sequence
 * that is valid UTF-8 is read as UTF-8; anything else as GB18030, the superset of GBK and GB2312,
 * so one decoder reads all three. An encoding the user names always wins.
 */
public final class EncodingDetector {
  /** How much of a stream is looked at: enough for thousands of rows, small enough to buffer. */
  public static final int PREFIX_BYTES = 64 * 1024;

  public static final Charset GB18030 = Charset.forName("GB18030");

  private EncodingDetector() {}

  /**
   * The charset a user or a Shapefile .cpg names ("UTF-8", "utf8", "GBK", "936", "ANSI 936",
   * "GB2312"...), or null for a null/blank name. GBK-family names map to GB18030 (a superset).
   *
   * @throws ImportFileException when the name is not an encoding Java knows
   */
  public static Charset forName(String name) {
    if (name == null || name.isBlank()) {
      return null;
    }
    String n = name.trim().toUpperCase(Locale.ROOT).replaceFirst("^ANSI\\s+", "").replace('_', '-');
    switch (n) {
      case "UTF-8", "UTF8", "65001", "UTF-8-BOM":
        return StandardCharsets.UTF_8;
      case "GBK", "936", "CP936", "MS936", "GB2312", "GB-2312", "EUC-CN", "GB18030", "54936", "X-MSWIN-936":
        return GB18030;
      default:
        break;
    }
    // Bare code page numbers, as ArcGIS writes them in .cpg files ("1252", "950").
    String[] candidates = n.matches("\\d+")
        ? new String[] {"cp" + n, "windows-" + n, "x-windows-" + n}
        : new String[] {name.trim()};
    for (String c : candidates) {
      try {
        return Charset.forName(c);
      } catch (IllegalArgumentException e) { // includes UnsupportedCharsetException
        // try the next spelling
      }
    }
    throw new ImportFileException("unknown text encoding '" + name.trim() + "' (use UTF-8 or GBK)");
  }

  /** The charset of these bytes (a prefix of a file): a BOM decides, then UTF-8 validity, else GB18030. */
  public static Charset detect(byte[] bytes, int offset, int length) {
    Charset bom = bomCharset(bytes, offset, length);
    if (bom != null) {
      return bom;
    }
    return isUtf8(bytes, offset, length, true) ? StandardCharsets.UTF_8 : GB18030;
  }

  public static Charset detect(byte[] bytes) {
    return detect(bytes, 0, bytes.length);
  }

  /**
   * The requested charset if any, else the detected one, looking at the first {@link #PREFIX_BYTES}
   * of the stream and resetting it so nothing is lost. The stream must support mark/reset.
   */
  public static Charset detect(BufferedInputStream in, String requested) throws IOException {
    Charset asked = forName(requested);
    if (asked != null) {
      return asked;
    }
    in.mark(PREFIX_BYTES + 1);
    byte[] prefix = in.readNBytes(PREFIX_BYTES);
    in.reset();
    return detect(prefix, 0, prefix.length);
  }

  /** Length of the byte order mark at the start, if it is one for {@code charset}; else 0. */
  public static int bomLength(byte[] b, int length, Charset charset) {
    Charset bom = bomCharset(b, 0, length);
    if (bom == null || !bom.equals(charset)) {
      return 0;
    }
    return bom.equals(StandardCharsets.UTF_8) ? 3 : 2;
  }

  static Charset bomCharset(byte[] b, int off, int len) {
    if (len >= 3 && (b[off] & 0xFF) == 0xEF && (b[off + 1] & 0xFF) == 0xBB && (b[off + 2] & 0xFF) == 0xBF) {
      return StandardCharsets.UTF_8;
    }
    // Excel's "Unicode text" export is UTF-16LE with a BOM.
    if (len >= 2 && (b[off] & 0xFF) == 0xFF && (b[off + 1] & 0xFF) == 0xFE) {
      return StandardCharsets.UTF_16LE;
    }
    if (len >= 2 && (b[off] & 0xFF) == 0xFE && (b[off + 1] & 0xFF) == 0xFF) {
      return StandardCharsets.UTF_16BE;
    }
    return null;
  }

  /**
   * Strict UTF-8 validation (no overlong forms, no surrogates, nothing above U+10FFFF). When
   * {@code prefix} is set, a sequence cut off by the end of the buffer is accepted: the buffer is
   * only the start of a file and may end inside a character.
   */
  static boolean isUtf8(byte[] b, int off, int len, boolean prefix) {
    int i = off;
    int end = off + len;
    while (i < end) {
      int c = b[i] & 0xFF;
      if (c < 0x80) {
        i++;
        continue;
      }
      int need;
      int min2 = 0x80;
      int max2 = 0xBF;
      if (c >= 0xC2 && c <= 0xDF) {
        need = 1;
      } else if (c >= 0xE0 && c <= 0xEF) {
        need = 2;
        if (c == 0xE0) {
          min2 = 0xA0; // overlong
        } else if (c == 0xED) {
          max2 = 0x9F; // surrogates
        }
      } else if (c >= 0xF0 && c <= 0xF4) {
        need = 3;
        if (c == 0xF0) {
          min2 = 0x90;
        } else if (c == 0xF4) {
          max2 = 0x8F;
        }
      } else {
        return false;
      }
      for (int k = 1; k <= need; k++) {
        if (i + k >= end) {
          return prefix;
        }
        int t = b[i + k] & 0xFF;
        int lo = k == 1 ? min2 : 0x80;
        int hi = k == 1 ? max2 : 0xBF;
        if (t < lo || t > hi) {
          return false;
        }
      }
      i += need + 1;
    }
    return true;
  }

  /**
   * Whether text decoded as GB18030 was really UTF-8: its GB18030 bytes hold a multi-byte UTF-8
   * sequence and are valid UTF-8 throughout. Real GBK Chinese is almost never valid UTF-8 (its
   * trail bytes are not continuation bytes), so this names the odd UTF-8 line in a GBK file.
   */
  public static boolean looksUtf8Inside(String decodedAsGb18030) {
    boolean ascii = true;
    for (int i = 0; i < decodedAsGb18030.length() && ascii; i++) {
      ascii = decodedAsGb18030.charAt(i) < 0x80;
    }
    if (ascii) {
      return false;
    }
    byte[] b = decodedAsGb18030.getBytes(GB18030);
    return isUtf8(b, 0, b.length, false);
  }
}
