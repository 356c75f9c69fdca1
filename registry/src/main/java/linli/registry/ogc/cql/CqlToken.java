package linli.registry.ogc.cql;

import java.util.Locale;

/**
 * One lexical unit of CQL2 text. {@code text} is the value (string contents without quotes and
 * with their escapes resolved, a quoted identifier's name, or the source for everything else);
 * {@code source} is the raw text, for messages; {@code offset} the UTF-16 index it starts at.
 */
record CqlToken(Kind kind, String text, String source, int offset) {

  enum Kind {
    /** An unquoted identifier: a property name or a keyword, decided by the parser. */
    WORD,
    QUOTED_NAME, STRING, NUMBER, LEFT_PAREN, RIGHT_PAREN, COMMA,
    /** A comparison operator: = <> < > <= >= */
    OPERATOR,
    END
  }

  /** Case-insensitive keyword test; only unquoted words can be keywords. */
  boolean isWord(String keyword) {
    return kind == Kind.WORD && text.equalsIgnoreCase(keyword);
  }

  String upper() {
    return text.toUpperCase(Locale.ROOT);
  }

  /** How the token is named in messages: 'FOO', 'a string' (as written), or "end of filter". */
  String describe() {
    if (kind == Kind.END) {
      return "end of filter";
    }
    return kind == Kind.STRING ? shorten(source) : "'" + shorten(source) + "'";
  }

  /** Keeps echoed user text in messages short. */
  static String shorten(String text) {
    if (text.codePointCount(0, text.length()) <= 40) {
      return text;
    }
    return text.substring(0, text.offsetByCodePoints(0, 37)) + "...";
  }

  /** A 1-based position counted in characters (code points), as users count them. */
  static String position(String filter, int offset) {
    return "position " + (filter.codePointCount(0, offset) + 1);
  }
}
