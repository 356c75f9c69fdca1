package linli.registry;

import java.io.IOException;

/**
 * Rows in PostgreSQL's COPY text format, the one writer every {@code COPY ... FROM STDIN} of the
 * registry uses: values tab-separated, a row per line, null as {@code \N}, and in text the
 * characters COPY would otherwise read as structure (backslash, tab, newline, carriage return)
 * escaped with a backslash, so any text a user sends arrives exactly as sent.
 */
public final class CopyText {
  /** How COPY's text format writes null. */
  public static final String NULL = "\\N";

  private CopyText() {}

  /** One row: {@code values} (null, or anything whose {@code toString} is the column's text) and a newline. */
  public static void writeRow(Appendable out, Object... values) throws IOException {
    for (int i = 0; i < values.length; i++) {
      if (i > 0) {
        out.append('\t');
      }
      out.append(value(values[i]));
    }
    out.append('\n');
  }

  /** One value as COPY's text format reads it back: {@link #NULL} for null, else its text escaped. */
  public static String value(Object value) {
    return value == null ? NULL : escape(value.toString());
  }

  private static String escape(String s) {
    int first = 0;
    while (first < s.length() && !needsEscape(s.charAt(first))) {
      first++;
    }
    if (first == s.length()) {
      return s; // the usual case: nothing to copy
    }
    StringBuilder b = new StringBuilder(s.length() + 8).append(s, 0, first);
    for (int i = first; i < s.length(); i++) {
      char ch = s.charAt(i);
      switch (ch) {
        case '\\' -> b.append("\\\\");
        case '\t' -> b.append("\\t");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        default -> b.append(ch);
      }
    }
    return b.toString();
  }

  private static boolean needsEscape(char ch) {
    return ch == '\\' || ch == '\t' || ch == '\n' || ch == '\r';
  }
}
