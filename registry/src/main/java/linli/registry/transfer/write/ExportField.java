package linli.registry.transfer.write;

/**
 * One attribute of an exported layer: its property name (the contract's name, used by every format
 * but the Shapefile), its Shapefile name (at most 10 characters, the dBase limit) and its type.
 */
public record ExportField(String name, String shortName, Type type) {
  /** What a value of the field is in Java, and so how each format writes it. */
  public enum Type {
    /** {@link String}. */
    TEXT,
    /** {@link Long}. */
    INTEGER,
    /** {@link Double}. */
    REAL,
    /** {@link Boolean}. */
    BOOLEAN,
    /** {@link java.time.LocalDate}. */
    DATE,
    /** {@link java.time.OffsetDateTime} (UTC). */
    DATETIME,
    /** {@link String} holding a JSON object. */
    JSON
  }

  public ExportField {
    if (shortName.length() > 10 || !shortName.matches("[A-Za-z][A-Za-z0-9_]*")) {
      throw new IllegalArgumentException("not a dBase field name: " + shortName);
    }
  }

  static ExportField of(String name, Type type) {
    return new ExportField(name, name, type);
  }
}
