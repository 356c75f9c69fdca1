package linli.registry.transfer.read;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import linli.registry.transfer.ImportFileException;

/**
 * A small pull-style JSON reader (Jackson is not a registry dependency). The caller walks the
 * outer structure token by token and reads each value it wants as a tree of Map / List / String /
 * {@link Num} / Boolean / null, so a FeatureCollection is held one feature at a time. Errors name
 * the line and column.
 */
public final class JsonScanner {
  /** A JSON number, kept as written so "12.50" or "1e3" can be normalised without double rounding. */
  record Num(String text) {
    double doubleValue() {
      return Double.parseDouble(text);
    }
  }

  private static final int MAX_DEPTH = 256;
  private static final java.util.regex.Pattern NUMBER =
      java.util.regex.Pattern.compile("-?(0|[1-9]\\d*)(\\.\\d+)?([eE][+-]?\\d+)?");

  private final Reader in;
  private final char[] buf = new char[64 * 1024];
  private int pos;
  private int len;
  private long line = 1;
  private long column = 1;
  private int depth;
  private final StringBuilder sb = new StringBuilder();

  JsonScanner(Reader in) {
    this.in = in;
  }

  /** The next non-whitespace character without consuming it; -1 at the end of input. */
  int peek() throws IOException {
    while (true) {
      if (pos == len && !fill()) {
        return -1;
      }
      char c = buf[pos];
      if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
        advance();
      } else {
        return c;
      }
    }
  }

  void expect(char c) throws IOException {
    int p = peek();
    if (p != c) {
      throw error("expected '" + c + "' but found " + describe(p));
    }
    advance();
  }

  /** Consumes c if it is next. */
  boolean consume(char c) throws IOException {
    if (peek() == c) {
      advance();
      return true;
    }
    return false;
  }

  String readString() throws IOException {
    expect('"');
    sb.setLength(0);
    while (true) {
      int c = read();
      if (c == -1) {
        throw error("the text ends inside a string");
      }
      if (c == '"') {
        return sb.toString();
      }
      if (c == '\\') {
        int e = read();
        switch (e) {
          case '"', '\\', '/' -> sb.append((char) e);
          case 'b' -> sb.append('\b');
          case 'f' -> sb.append('\f');
          case 'n' -> sb.append('\n');
          case 'r' -> sb.append('\r');
          case 't' -> sb.append('\t');
          case 'u' -> {
            int v = 0;
            for (int k = 0; k < 4; k++) {
              int h = Character.digit(read(), 16);
              if (h < 0) {
                throw error("bad \\u escape");
              }
              v = v * 16 + h;
            }
            sb.append((char) v); // surrogate pairs arrive as two escapes and join up in the builder
          }
          default -> throw error("bad escape \\" + (e == -1 ? "" : (char) e));
        }
      } else if (c < 0x20) {
        throw error("a control character inside a string");
      } else {
        sb.append((char) c);
      }
    }
  }

  /** Any value, as a tree. */
  Object readValue() throws IOException {
    int c = peek();
    switch (c) {
      case '{':
        return readObject();
      case '[':
        return readArray();
      case '"':
        return readString();
      case 't':
        literal("true");
        return Boolean.TRUE;
      case 'f':
        literal("false");
        return Boolean.FALSE;
      case 'n':
        literal("null");
        return null;
      default:
        if (c == '-' || (c >= '0' && c <= '9')) {
          return readNumber();
        }
        throw error("expected a value but found " + describe(c));
    }
  }

  private Map<String, Object> readObject() throws IOException {
    enter();
    expect('{');
    Map<String, Object> m = new LinkedHashMap<>();
    if (!consume('}')) {
      do {
        String k = readString();
        expect(':');
        m.put(k, readValue());
      } while (consume(','));
      expect('}');
    }
    depth--;
    return m;
  }

  private List<Object> readArray() throws IOException {
    enter();
    expect('[');
    List<Object> l = new ArrayList<>();
    if (!consume(']')) {
      do {
        l.add(readValue());
      } while (consume(','));
      expect(']');
    }
    depth--;
    return l;
  }

  private Num readNumber() throws IOException {
    sb.setLength(0);
    while (true) {
      if (pos == len && !fill()) {
        break;
      }
      char c = buf[pos];
      if ((c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E') {
        sb.append(c);
        advance();
      } else {
        break;
      }
    }
    String t = sb.toString();
    if (!NUMBER.matcher(t).matches()) {
      throw error("'" + t + "' is not a JSON number");
    }
    return new Num(t);
  }

  private void literal(String word) throws IOException {
    for (int i = 0; i < word.length(); i++) {
      if (read() != word.charAt(i)) {
        throw error("expected " + word);
      }
    }
  }

  private void enter() {
    if (++depth > MAX_DEPTH) {
      throw error("nested more than " + MAX_DEPTH + " levels deep");
    }
  }

  ImportFileException error(String what) {
    return new ImportFileException("the GeoJSON is malformed at line " + line + ", column " + column + ": " + what);
  }

  private static String describe(int c) {
    return c == -1 ? "the end of the file" : "'" + (char) c + "'";
  }

  private int read() throws IOException {
    if (pos == len && !fill()) {
      return -1;
    }
    char c = buf[pos];
    advance();
    return c;
  }

  private void advance() {
    if (buf[pos++] == '\n') {
      line++;
      column = 1;
    } else {
      column++;
    }
  }

  private boolean fill() throws IOException {
    int n = in.read(buf, 0, buf.length);
    while (n == 0) {
      n = in.read(buf, 0, buf.length);
    }
    if (n < 0) {
      return false;
    }
    pos = 0;
    len = n;
    return true;
  }

  /**
   * The members of the JSON object {@code text} as trees (see {@link #write}), or null when the
   * text is not exactly one JSON object.
   */
  public static Map<String, Object> object(String text) {
    try {
      JsonScanner json = new JsonScanner(new java.io.StringReader(text));
      if (json.peek() != '{') {
        return null;
      }
      Map<String, Object> m = json.readObject();
      return json.peek() == -1 ? m : null;
    } catch (IOException | ImportFileException e) {
      return null;
    }
  }

  /** Writes a tree back as compact JSON (for nested property values). */
  public static void write(Object v, StringBuilder out) {
    if (v == null) {
      out.append("null");
    } else if (v instanceof String s) {
      quote(s, out);
    } else if (v instanceof Num n) {
      out.append(n.text());
    } else if (v instanceof Boolean b) {
      out.append(b);
    } else if (v instanceof Map<?, ?> m) {
      out.append('{');
      boolean first = true;
      for (Map.Entry<?, ?> e : m.entrySet()) {
        if (!first) {
          out.append(',');
        }
        first = false;
        quote((String) e.getKey(), out);
        out.append(':');
        write(e.getValue(), out);
      }
      out.append('}');
    } else if (v instanceof List<?> l) {
      out.append('[');
      for (int i = 0; i < l.size(); i++) {
        if (i > 0) {
          out.append(',');
        }
        write(l.get(i), out);
      }
      out.append(']');
    } else {
      throw new IllegalArgumentException(v.getClass().getName());
    }
  }

  private static void quote(String s, StringBuilder out) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }
}
