package linli.registry.ogc.cql;

import java.util.ArrayList;
import java.util.List;
import linli.registry.ogc.cql.CqlToken.Kind;

/**
 * Splits CQL2 text into tokens. Deliberately small: there are no comments, no arithmetic and no
 * operators beyond comparisons, so any other punctuation (';', '-', '*', '!') is an error here.
 */
final class CqlTokenizer {
  private final String text;
  private int pos;

  private CqlTokenizer(String text) {
    this.text = text;
  }

  static List<CqlToken> tokenize(String text) {
    return new CqlTokenizer(text).all();
  }

  private List<CqlToken> all() {
    List<CqlToken> tokens = new ArrayList<>();
    while (true) {
      skipWhitespace();
      if (pos >= text.length()) {
        tokens.add(new CqlToken(Kind.END, "", "", pos));
        return tokens;
      }
      tokens.add(next());
    }
  }

  private CqlToken next() {
    int start = pos;
    int c = text.codePointAt(pos);
    switch (c) {
      case '(':
        return single(Kind.LEFT_PAREN);
      case ')':
        return single(Kind.RIGHT_PAREN);
      case ',':
        return single(Kind.COMMA);
      case '\'':
        return string();
      case '"':
        return quotedName();
      case '=':
        return single(Kind.OPERATOR);
      case '<':
        pos++;
        if (pos < text.length() && (text.charAt(pos) == '=' || text.charAt(pos) == '>')) {
          pos++;
        }
        return token(Kind.OPERATOR, start);
      case '>':
        pos++;
        if (pos < text.length() && text.charAt(pos) == '=') {
          pos++;
        }
        return token(Kind.OPERATOR, start);
      default:
        break;
    }
    if (isDigit(c) || c == '.' || ((c == '-' || c == '+') && startsNumber(pos + 1))) {
      return number();
    }
    if (isIdentifierStart(c)) {
      pos += Character.charCount(c);
      while (pos < text.length() && isIdentifierPart(text.codePointAt(pos))) {
        pos += Character.charCount(text.codePointAt(pos));
      }
      return token(Kind.WORD, start);
    }
    String hint = c == '!' ? " (use <> for 'not equal')" : "";
    throw new CqlException("unexpected character '" + Character.toString(c) + "' at "
        + CqlToken.position(text, start) + hint);
  }

  private CqlToken single(Kind kind) {
    pos++;
    return token(kind, pos - 1);
  }

  private CqlToken token(Kind kind, int start) {
    String source = text.substring(start, pos);
    return new CqlToken(kind, source, source, start);
  }

  /**
   * A character literal, by the CQL2 BNF ({@code escapeQuote} is {@code ''} or {@code \'}) and
   * /req/cql2-text/escaping: the backslash is the escape character, so besides {@code \'} it
   * gives {@code \\} (the only way to end a value with a backslash) and the control characters
   * {@code \a \b \t \n \v \f \r}. {@code \%} and {@code \_} stay as written for LIKE, whose
   * wildcards they escape. Any other backslash is refused rather than guessed at: 'C:\temp' would
   * otherwise silently hold a tab.
   */
  private CqlToken string() {
    int start = pos++;
    StringBuilder value = new StringBuilder();
    boolean escapedQuoteSeen = false;
    while (true) {
      if (pos >= text.length()) {
        // 'ends in a backslash\' is the usual way to get here: the last quote was taken as \'.
        String hint = escapedQuoteSeen ? " (\\' is an escaped quote; write \\\\ for a backslash)" : "";
        throw new CqlException(
            "unterminated string starting at " + CqlToken.position(text, start) + hint);
      }
      char ch = text.charAt(pos++);
      if (ch == '\'') {
        if (pos < text.length() && text.charAt(pos) == '\'') {
          value.append('\'');
          pos++;
        } else {
          return new CqlToken(Kind.STRING, value.toString(), text.substring(start, pos), start);
        }
      } else if (ch == '\\') {
        escapedQuoteSeen |= pos < text.length() && text.charAt(pos) == '\'';
        escape(value);
      } else {
        value.append(ch);
      }
    }
  }

  /** The character after a backslash (at pos - 1) and what it stands for, appended to value. */
  private void escape(StringBuilder value) {
    int backslash = pos - 1;
    if (pos >= text.length()) {
      return; // string() reports the literal as unterminated
    }
    int c = text.codePointAt(pos);
    switch (c) {
      case '\'', '\\' -> value.append((char) c);
      case 'a' -> value.append('\u0007');
      case 'b' -> value.append('\b');
      case 't' -> value.append('\t');
      case 'n' -> value.append('\n');
      case 'v' -> value.append('\u000B');
      case 'f' -> value.append('\f');
      case 'r' -> value.append('\r');
      case '%', '_' -> value.append('\\').append((char) c);
      default -> throw new CqlException("unknown escape '\\" + Character.toString(c) + "' at "
          + CqlToken.position(text, backslash)
          + " (known: \\' \\\\ \\a \\b \\t \\n \\v \\f \\r, and \\% \\_ in LIKE patterns;"
          + " write \\\\ for a backslash)");
    }
    pos += Character.charCount(c);
  }

  /** "property name" with "" as an escaped double quote. */
  private CqlToken quotedName() {
    int start = pos++;
    StringBuilder name = new StringBuilder();
    while (true) {
      if (pos >= text.length()) {
        throw new CqlException(
            "unterminated quoted property name starting at " + CqlToken.position(text, start));
      }
      char ch = text.charAt(pos++);
      if (ch == '"') {
        if (pos < text.length() && text.charAt(pos) == '"') {
          name.append('"');
          pos++;
        } else {
          break;
        }
      } else {
        name.append(ch);
      }
    }
    if (name.isEmpty()) {
      throw new CqlException("empty property name at " + CqlToken.position(text, start));
    }
    return new CqlToken(Kind.QUOTED_NAME, name.toString(), text.substring(start, pos), start);
  }

  /** [+-] (digits [. digits] | . digits) [e [+-] digits]; the parser converts and range-checks. */
  private CqlToken number() {
    int start = pos;
    if (text.charAt(pos) == '-' || text.charAt(pos) == '+') {
      pos++;
    }
    boolean digits = skipDigits();
    if (pos < text.length() && text.charAt(pos) == '.') {
      pos++;
      digits |= skipDigits();
    }
    if (!digits) {
      throw new CqlException("unexpected character '.' at " + CqlToken.position(text, start));
    }
    if (pos < text.length() && (text.charAt(pos) == 'e' || text.charAt(pos) == 'E')) {
      int exponent = pos++;
      if (pos < text.length() && (text.charAt(pos) == '-' || text.charAt(pos) == '+')) {
        pos++;
      }
      if (!skipDigits()) {
        throw new CqlException("malformed number exponent at " + CqlToken.position(text, exponent));
      }
    }
    return token(Kind.NUMBER, start);
  }

  private boolean skipDigits() {
    int start = pos;
    while (pos < text.length() && isDigit(text.charAt(pos))) {
      pos++;
    }
    return pos > start;
  }

  private boolean startsNumber(int at) {
    return at < text.length() && (isDigit(text.charAt(at))
        || (text.charAt(at) == '.' && at + 1 < text.length() && isDigit(text.charAt(at + 1))));
  }

  private void skipWhitespace() {
    while (pos < text.length()) {
      int c = text.codePointAt(pos);
      // isSpaceChar also covers no-break and ideographic spaces pasted from documents.
      if (!Character.isWhitespace(c) && !Character.isSpaceChar(c)) {
        return;
      }
      pos += Character.charCount(c);
    }
  }

  /** ASCII digits only: other Unicode digits in numbers would only confuse. */
  private static boolean isDigit(int c) {
    return c >= '0' && c <= '9';
  }

  /** CQL2 identifiers start with a letter, '_' or ':' ... */
  private static boolean isIdentifierStart(int c) {
    return Character.isLetter(c) || c == '_' || c == ':';
  }

  /** ... and continue with those, digits, '.' and combining marks. */
  private static boolean isIdentifierPart(int c) {
    return isIdentifierStart(c) || Character.isDigit(c) || c == '.'
        || Character.getType(c) == Character.NON_SPACING_MARK
        || Character.getType(c) == Character.COMBINING_SPACING_MARK;
  }
}
