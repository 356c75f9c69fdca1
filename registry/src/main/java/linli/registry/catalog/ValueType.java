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
  JSON
}
