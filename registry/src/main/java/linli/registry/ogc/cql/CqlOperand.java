package linli.registry.ogc.cql;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;

/**
 * What predicates compare: property references and literals. {@link Scalar}s appear in
 * comparisons, LIKE, IN, IS NULL and BETWEEN; {@link Spatial}s (a property or a
 * {@link CqlGeometry}) in spatial predicates. A property reference can be either.
 */
public sealed interface CqlOperand {

  sealed interface Scalar extends CqlOperand
      permits Property, StringLiteral, IntegerLiteral, DecimalLiteral, BooleanLiteral, DateLiteral,
          TimestampLiteral {}

  sealed interface Spatial extends CqlOperand permits Property, CqlGeometry {}

  /** How the operand reads in CQL2 text, for error messages (long strings are shortened). */
  String toCql();

  /** A property name exactly as written (quotes removed); the writer resolves it to a queryable. */
  record Property(String name) implements Scalar, Spatial {
    @Override
    public String toCql() {
      return CqlToken.shorten(name);
    }
  }

  record StringLiteral(String value) implements Scalar {
    @Override
    public String toCql() {
      return "'" + CqlToken.shorten(value.replace("'", "''")) + "'";
    }
  }

  /** A number written without a decimal point or exponent that fits a long. */
  record IntegerLiteral(long value) implements Scalar {
    @Override
    public String toCql() {
      return Long.toString(value);
    }
  }

  /** Any other number; always finite. */
  record DecimalLiteral(double value) implements Scalar {
    @Override
    public String toCql() {
      return Double.toString(value);
    }
  }

  record BooleanLiteral(boolean value) implements Scalar {
    @Override
    public String toCql() {
      return value ? "TRUE" : "FALSE";
    }
  }

  record DateLiteral(LocalDate value) implements Scalar {
    @Override
    public String toCql() {
      return "DATE('" + value + "')";
    }
  }

  /** A TIMESTAMP literal, normalised to UTC. */
  record TimestampLiteral(OffsetDateTime value) implements Scalar {
    @Override
    public String toCql() {
      return "TIMESTAMP('" + DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(value) + "')";
    }
  }
}
