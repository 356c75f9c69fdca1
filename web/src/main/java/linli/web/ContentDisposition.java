package linli.web;

import java.nio.charset.StandardCharsets;

/**
 * The {@code Content-Disposition} of a download (RFC 6266): the UTF-8 name as {@code filename*}
 * (RFC 8187 percent-encoding, so Chinese names survive) and an ASCII {@code filename=} for clients
 * that read only that one. Browsers take {@code filename*} when present.
 */
final class ContentDisposition {
  private static final String ATTR_CHARS = "!#$&+-.^_`|~";

  private ContentDisposition() {}

  static String attachment(String utf8Name, String asciiName) {
    return "attachment; filename=\"" + asciiName + "\"; filename*=UTF-8''" + percentEncoded(utf8Name);
  }

  /** RFC 8187's value-chars: letters, digits and a few marks as they are, every other byte as %XX. */
  static String percentEncoded(String s) {
    StringBuilder out = new StringBuilder();
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || ATTR_CHARS.indexOf(c) >= 0) {
        out.append((char) c);
      } else {
        out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
            .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
      }
    }
    return out.toString();
  }
}
