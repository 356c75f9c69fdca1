package linli.registry.ogc.cql;

import java.util.List;
import linli.registry.ogc.cql.CqlOperand.Scalar;
import linli.registry.ogc.cql.CqlOperand.Spatial;

/**
 * A parsed CQL2 filter: a boolean tree of predicates. Operands are {@link CqlOperand}s; the tree
 * keeps the order written (no normalisation) so SQL mirrors the filter and tests can compare trees.
 */
public sealed interface CqlExpr {

  /** Two or more conditions that must all hold ({@code a AND b AND c} is one node). */
  record And(List<CqlExpr> operands) implements CqlExpr {
    public And {
      operands = atLeastTwo(operands);
    }

    public And(CqlExpr... operands) {
      this(List.of(operands));
    }
  }

  /** Two or more alternatives. */
  record Or(List<CqlExpr> operands) implements CqlExpr {
    public Or {
      operands = atLeastTwo(operands);
    }

    public Or(CqlExpr... operands) {
      this(List.of(operands));
    }
  }

  record Not(CqlExpr operand) implements CqlExpr {}

  /** {@code left op right}; at least one side must end up being a property. */
  record Comparison(Scalar left, ComparisonOp op, Scalar right) implements CqlExpr {}

  /** {@code value [NOT] LIKE pattern}, with CQL2's {@code %} and {@code _} wildcards. */
  record Like(Scalar value, Scalar pattern, boolean negated) implements CqlExpr {}

  /** {@code value [NOT] IN (list...)}; the list is never empty. */
  record In(Scalar value, List<Scalar> list, boolean negated) implements CqlExpr {
    public In {
      list = List.copyOf(list);
      if (list.isEmpty()) {
        throw new IllegalArgumentException("IN needs at least one value");
      }
    }
  }

  /** {@code value IS [NOT] NULL}. */
  record IsNull(Scalar value, boolean negated) implements CqlExpr {}

  /** {@code value [NOT] BETWEEN low AND high} (inclusive, as in SQL). */
  record Between(Scalar value, Scalar low, Scalar high, boolean negated) implements CqlExpr {}

  /** {@code TRUE} or {@code FALSE} standing alone as a condition (CQL2 booleanLiteral). */
  record Constant(boolean value) implements CqlExpr {}

  /** {@code S_INTERSECTS(left, right)} and friends; each side is a property or a geometry literal. */
  record SpatialPredicate(SpatialOp op, Spatial left, Spatial right) implements CqlExpr {}

  enum ComparisonOp {
    EQ("="), NE("<>"), LT("<"), GT(">"), LE("<="), GE(">=");

    private final String symbol;

    ComparisonOp(String symbol) {
      this.symbol = symbol;
    }

    /** The operator as written in both CQL2 and SQL. */
    public String symbol() {
      return symbol;
    }

    static ComparisonOp fromSymbol(String symbol) {
      for (ComparisonOp op : values()) {
        if (op.symbol.equals(symbol)) {
          return op;
        }
      }
      return null;
    }
  }

  /** The CQL2 spatial comparison functions; each maps one-to-one onto a PostGIS predicate. */
  enum SpatialOp {
    S_INTERSECTS("ST_Intersects"), S_DISJOINT("ST_Disjoint"), S_WITHIN("ST_Within"),
    S_CONTAINS("ST_Contains"), S_EQUALS("ST_Equals"), S_TOUCHES("ST_Touches"),
    S_OVERLAPS("ST_Overlaps"), S_CROSSES("ST_Crosses");

    private final String sqlFunction;

    SpatialOp(String sqlFunction) {
      this.sqlFunction = sqlFunction;
    }

    public String sqlFunction() {
      return sqlFunction;
    }
  }

  private static List<CqlExpr> atLeastTwo(List<CqlExpr> operands) {
    List<CqlExpr> copy = List.copyOf(operands);
    if (copy.size() < 2) {
      throw new IllegalArgumentException("AND/OR need at least two operands");
    }
    return copy;
  }
}
