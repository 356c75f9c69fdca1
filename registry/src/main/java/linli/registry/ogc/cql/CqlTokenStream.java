package linli.registry.ogc.cql;

import java.util.List;
import linli.registry.ogc.cql.CqlToken.Kind;

/** A cursor over the tokens plus the error helpers both parsers share. */
final class CqlTokenStream {
  /** Deep nesting is never a real filter; the limit keeps recursion far from a StackOverflowError. */
  static final int MAX_DEPTH = 50;

  private final String text;
  private final List<CqlToken> tokens;
  private int index;
  private int depth;

  CqlTokenStream(String text) {
    this.text = text;
    this.tokens = CqlTokenizer.tokenize(text);
  }

  CqlToken peek() {
    return tokens.get(index);
  }

  CqlToken peek(int ahead) {
    return tokens.get(Math.min(index + ahead, tokens.size() - 1));
  }

  CqlToken next() {
    CqlToken token = tokens.get(index);
    if (token.kind() != Kind.END) {
      index++;
    }
    return token;
  }

  /** Consumes the next token if it is the given keyword. */
  boolean acceptWord(String keyword) {
    if (peek().isWord(keyword)) {
      index++;
      return true;
    }
    return false;
  }

  boolean accept(Kind kind) {
    if (peek().kind() == kind) {
      index++;
      return true;
    }
    return false;
  }

  CqlToken expect(Kind kind, String what) {
    if (peek().kind() != kind) {
      throw expected(what);
    }
    return next();
  }

  void expectWord(String keyword) {
    if (!acceptWord(keyword)) {
      throw expected(keyword);
    }
  }

  /** "expected ')' but found 'x' at position 12". */
  CqlException expected(String what) {
    return error("expected " + what + " but found " + peek().describe(), peek());
  }

  /** "unexpected 'x' at position 12". */
  CqlException unexpected() {
    return error("unexpected " + peek().describe(), peek());
  }

  CqlException error(String message, CqlToken at) {
    return new CqlException(message + " at " + CqlToken.position(text, at.offset()));
  }

  /** Call on entering a nested construct; pair with {@link #leave()}. */
  void enter() {
    if (++depth > MAX_DEPTH) {
      throw error("filter is nested too deeply (more than " + MAX_DEPTH + " levels)", peek());
    }
  }

  void leave() {
    depth--;
  }
}
