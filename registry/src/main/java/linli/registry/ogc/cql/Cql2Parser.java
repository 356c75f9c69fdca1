package linli.registry.ogc.cql;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import linli.registry.ogc.cql.CqlExpr.And;
import linli.registry.ogc.cql.CqlExpr.Between;
import linli.registry.ogc.cql.CqlExpr.Comparison;
import linli.registry.ogc.cql.CqlExpr.ComparisonOp;
import linli.registry.ogc.cql.CqlExpr.Constant;
import linli.registry.ogc.cql.CqlExpr.In;
import linli.registry.ogc.cql.CqlExpr.IsNull;
import linli.registry.ogc.cql.CqlExpr.Like;
import linli.registry.ogc.cql.CqlExpr.Not;
import linli.registry.ogc.cql.CqlExpr.Or;
import linli.registry.ogc.cql.CqlExpr.SpatialOp;
import linli.registry.ogc.cql.CqlExpr.SpatialPredicate;
import linli.registry.ogc.cql.CqlOperand.BooleanLiteral;
import linli.registry.ogc.cql.CqlOperand.DateLiteral;
import linli.registry.ogc.cql.CqlOperand.DecimalLiteral;
import linli.registry.ogc.cql.CqlOperand.IntegerLiteral;
import linli.registry.ogc.cql.CqlOperand.Property;
import linli.registry.ogc.cql.CqlOperand.Scalar;
import linli.registry.ogc.cql.CqlOperand.Spatial;
import linli.registry.ogc.cql.CqlOperand.StringLiteral;
import linli.registry.ogc.cql.CqlOperand.TimestampLiteral;
import linli.registry.ogc.cql.CqlToken.Kind;

/**
 * Recursive-descent parser for the CQL2 text subset we support (Basic CQL2, advanced comparison
 * operators, spatial predicates). Grammar, with NOT binding tighter than AND, AND than OR:
 *
 * <pre>
 * filter    = or END
 * or        = and { OR and }
 * and       = factor { AND factor }
 * factor    = NOT factor | "(" or ")" | predicate
 * predicate = TRUE | FALSE
 *           | S_xxx "(" spatial "," spatial ")"
 *           | scalar ( op scalar | [NOT] LIKE scalar | [NOT] IN "(" scalar {"," scalar} ")"
 *                    | [NOT] BETWEEN scalar AND scalar | IS [NOT] NULL )
 * scalar    = property | 'string' | number | TRUE | FALSE | DATE('...') | TIMESTAMP('...')
 * spatial   = property | geometry literal (see {@link CqlGeometryParser})
 * </pre>
 *
 * Whether properties exist and types fit is the {@link CqlSqlWriter}'s job.
 */
public final class Cql2Parser {
  /** Words that can never be an unquoted property name. */
  private static final Set<String> RESERVED =
      Set.of("AND", "OR", "NOT", "LIKE", "IN", "IS", "NULL", "BETWEEN");

  private final CqlTokenStream in;

  private Cql2Parser(String text) {
    this.in = new CqlTokenStream(text);
  }

  /** Parses CQL2 text; throws CqlException naming the problem and its 1-based position. */
  public static CqlExpr parse(String text) {
    if (text == null || text.isBlank()) {
      throw new CqlException("empty filter");
    }
    Cql2Parser parser = new Cql2Parser(text);
    CqlExpr expr = parser.or();
    if (parser.in.peek().kind() != Kind.END) {
      throw parser.in.unexpected();
    }
    return expr;
  }

  private CqlExpr or() {
    List<CqlExpr> operands = new ArrayList<>(List.of(and()));
    while (in.acceptWord("OR")) {
      operands.add(and());
    }
    return operands.size() == 1 ? operands.get(0) : new Or(operands);
  }

  private CqlExpr and() {
    List<CqlExpr> operands = new ArrayList<>(List.of(factor()));
    while (in.acceptWord("AND")) {
      operands.add(factor());
    }
    return operands.size() == 1 ? operands.get(0) : new And(operands);
  }

  private CqlExpr factor() {
    in.enter();
    try {
      if (in.acceptWord("NOT")) {
        return new Not(factor());
      }
      if (in.accept(Kind.LEFT_PAREN)) {
        CqlExpr inner = or();
        in.expect(Kind.RIGHT_PAREN, "')'");
        return inner;
      }
      return predicate();
    } finally {
      in.leave();
    }
  }

  private CqlExpr predicate() {
    CqlToken first = in.peek();
    SpatialOp spatialOp = spatialOp(first);
    if (spatialOp != null && in.peek(1).kind() == Kind.LEFT_PAREN) {
      in.next();
      in.next();
      Spatial left = spatial();
      in.expect(Kind.COMMA, "','");
      Spatial right = spatial();
      in.expect(Kind.RIGHT_PAREN, "')'");
      return new SpatialPredicate(spatialOp, left, right);
    }
    Scalar left = scalar();
    CqlToken token = in.peek();
    if (left instanceof BooleanLiteral b && token.kind() != Kind.OPERATOR && !startsComparison(token)) {
      return new Constant(b.value()); // a booleanLiteral is a whole condition in CQL2 (TRUE, NOT FALSE)
    }
    if (token.kind() == Kind.OPERATOR) {
      in.next();
      return new Comparison(left, ComparisonOp.fromSymbol(token.text()), scalar());
    }
    if (in.acceptWord("IS")) {
      boolean negated = in.acceptWord("NOT");
      in.expectWord("NULL");
      return new IsNull(left, negated);
    }
    boolean negated = in.acceptWord("NOT");
    if (in.acceptWord("LIKE")) {
      return new Like(left, scalar(), negated);
    }
    if (in.acceptWord("IN")) {
      in.expect(Kind.LEFT_PAREN, "'(' after IN");
      List<Scalar> list = new ArrayList<>(List.of(scalar()));
      while (in.accept(Kind.COMMA)) {
        list.add(scalar());
      }
      in.expect(Kind.RIGHT_PAREN, "',' or ')'");
      return new In(left, list, negated);
    }
    if (in.acceptWord("BETWEEN")) {
      Scalar low = scalar();
      in.expectWord("AND");
      return new Between(left, low, scalar(), negated);
    }
    throw in.expected(negated ? "LIKE, IN or BETWEEN after NOT"
        : "a comparison operator, LIKE, IN, BETWEEN or IS after " + left.toCql());
  }

  private static boolean startsComparison(CqlToken token) {
    return token.isWord("IS") || token.isWord("NOT") || token.isWord("LIKE") || token.isWord("IN")
        || token.isWord("BETWEEN");
  }

  private Scalar scalar() {
    CqlToken token = in.peek();
    switch (token.kind()) {
      case STRING:
        in.next();
        return new StringLiteral(token.text());
      case NUMBER:
        in.next();
        return number(token);
      case QUOTED_NAME:
        in.next();
        return new Property(token.text());
      case WORD:
        return wordScalar(token);
      default:
        throw in.expected("a property or a value");
    }
  }

  private Scalar wordScalar(CqlToken token) {
    String word = token.upper();
    boolean call = in.peek(1).kind() == Kind.LEFT_PAREN;
    if (call && (word.equals("DATE") || word.equals("TIMESTAMP"))) {
      in.next();
      in.next();
      CqlToken value = in.expect(Kind.STRING, "a quoted " + word.toLowerCase(Locale.ROOT));
      in.expect(Kind.RIGHT_PAREN, "')'");
      return word.equals("DATE") ? date(value) : timestamp(value);
    }
    if (word.equals("TRUE") || word.equals("FALSE")) {
      in.next();
      return new BooleanLiteral(word.equals("TRUE"));
    }
    if (word.equals("NULL")) {
      throw in.error("unexpected 'NULL' (use IS NULL or IS NOT NULL)", token);
    }
    if (RESERVED.contains(word)) {
      throw in.unexpected();
    }
    if (call && CqlGeometryParser.isGeometryKeyword(word)) {
      throw in.error("geometry literal " + token.describe()
          + " is only allowed in a spatial predicate such as S_INTERSECTS", token);
    }
    if (call) {
      throw in.error("unsupported function " + token.describe(), token);
    }
    in.next();
    return new Property(token.text());
  }

  private Spatial spatial() {
    CqlToken token = in.peek();
    if (token.kind() == Kind.WORD && CqlGeometryParser.isGeometryKeyword(token.upper())) {
      CqlToken after = in.peek(1);
      if (after.kind() == Kind.LEFT_PAREN || after.isWord("Z")) {
        return new CqlGeometryParser(in).geometry();
      }
    }
    if (token.kind() == Kind.QUOTED_NAME
        || (token.kind() == Kind.WORD && !RESERVED.contains(token.upper())
            && in.peek(1).kind() != Kind.LEFT_PAREN)) {
      in.next();
      return new Property(token.text());
    }
    throw in.expected("a geometry property or a geometry literal");
  }

  private Scalar number(CqlToken token) {
    String text = token.text();
    boolean integer = text.chars().allMatch(c -> c == '-' || c == '+' || (c >= '0' && c <= '9'));
    if (integer) {
      try {
        return new IntegerLiteral(Long.parseLong(text));
      } catch (NumberFormatException e) {
        throw in.error("integer " + token.describe() + " is out of range", token);
      }
    }
    double value = Double.parseDouble(text);
    if (!Double.isFinite(value)) {
      throw in.error("number " + token.describe() + " is out of range", token);
    }
    return new DecimalLiteral(value);
  }

  private DateLiteral date(CqlToken token) {
    try {
      return new DateLiteral(LocalDate.parse(token.text()));
    } catch (DateTimeParseException e) {
      throw in.error("invalid date " + token.describe() + " (expected YYYY-MM-DD)", token);
    }
  }

  /** RFC 3339 with a zone ('Z' or an offset), normalised to UTC. */
  private TimestampLiteral timestamp(CqlToken token) {
    try {
      OffsetDateTime value = OffsetDateTime.parse(token.text());
      return new TimestampLiteral(value.withOffsetSameInstant(ZoneOffset.UTC));
    } catch (DateTimeParseException e) {
      throw in.error("invalid timestamp " + token.describe()
          + " (expected e.g. 2022-01-01T00:00:00Z)", token);
    }
  }

  private static SpatialOp spatialOp(CqlToken token) {
    if (token.kind() != Kind.WORD) {
      return null;
    }
    for (SpatialOp op : SpatialOp.values()) {
      if (op.name().equals(token.upper())) {
        return op;
      }
    }
    return null;
  }
}
