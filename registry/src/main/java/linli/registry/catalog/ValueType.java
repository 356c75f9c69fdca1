package linli.registry.catalog;

/**
 * What a property's value is, and so how every protocol carries it: a JSON type in GeoJSON and OGC,
 * a field type in each export format, a literal type in CQL2 filters.
 */
public enum ValueType {
  /** Text ({@link String}). */
  TEXT,
  /** A whole number ({@link Long}). */
  INTEGER,
  /** A real number ({@link Double}). */
  REAL,
  BOOLEAN,
  /** A calendar date ({@link java.time.LocalDate}). */
  DATE,
  /** An instant ({@link java.time.OffsetDateTime}, UTC). */
  DATETIME,
  /** A JSON object; written as an object in GeoJSON, as its text in tabular formats; not filterable. */
  JSON;

  /**
   * The Java class of a value written as given (an API write, an import row): whole numbers are
   * Integer there, as the registry's integer columns are.
   */
  public Class<?> writtenClass() {
    return switch (this) {
      case TEXT, JSON -> String.class;
      case INTEGER -> Integer.class;
      case REAL -> Double.class;
      case BOOLEAN -> Boolean.class;
      case DATE -> java.time.LocalDate.class;
      case DATETIME -> java.time.OffsetDateTime.class;
    };
  }

  /** The {@link java.sql.Types} of a written value, for binding a null. */
  public int jdbcType() {
    return switch (this) {
      case TEXT -> java.sql.Types.VARCHAR;
      case INTEGER -> java.sql.Types.INTEGER;
      case REAL -> java.sql.Types.DOUBLE;
      case BOOLEAN -> java.sql.Types.BOOLEAN;
      case DATE -> java.sql.Types.DATE;
      case DATETIME -> java.sql.Types.TIMESTAMP_WITH_TIMEZONE;
      case JSON -> java.sql.Types.OTHER;
    };
  }

  /** The PostgreSQL type a staging column holds it in. */
  public String sqlType() {
    return switch (this) {
      case TEXT -> "text";
      case INTEGER -> "integer";
      case REAL -> "float8";
      case BOOLEAN -> "boolean";
      case DATE -> "date";
      case DATETIME -> "timestamptz";
      case JSON -> "jsonb";
    };
  }
}
