package linli.registry.ogc.cql;

import java.util.Locale;

/** The value type of a queryable; decides which literals it accepts and the SQL cast of parameters. */
public enum QueryableType {
  STRING, INTEGER, NUMBER, BOOLEAN, DATE, TIMESTAMP, GEOMETRY;

  boolean isNumeric() {
    return this == INTEGER || this == NUMBER;
  }

  /** Lower-case name for user-facing messages, e.g. "capacity (integer)". */
  String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
