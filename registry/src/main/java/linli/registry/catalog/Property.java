package linli.registry.catalog;

import java.util.List;
import java.util.Objects;

/**
 * One property of a layer, declared once for every protocol: its contract name, value type, the SQL
 * expression that reads it (trusted server text over the layer's table aliases), the Shapefile field
 * name (at most 10 characters, the dBase limit), its labels, and how OGC, tiles and imports use it.
 *
 * @param sql the expression that reads the value, e.g. {@code f.capacity}
 * @param exportName the dBase field name; other formats use {@link #name()}
 * @param queryable whether CQL2 filters and OGC queryables offer it (every property but JSON ones)
 * @param tileAttribute whether the layer's vector tiles carry it
 * @param importRole whether an import takes the column, ignores it (the registry sets it), or does not know it
 * @param importAliases headers besides {@link #name()} that an import reads as this property (lower-case Latin)
 * @param written how API writes and imports take the value as given (its column is {@link #name()}), or
 *     null when the registry sets or derives it or a write treats it on its own (category, status, ...)
 */
public record Property(
    String name,
    ValueType type,
    String sql,
    String exportName,
    String labelZh,
    String labelEn,
    boolean queryable,
    boolean tileAttribute,
    ImportRole importRole,
    List<String> importAliases,
    Written written) {

  /**
   * The rules a value written as given must meet, besides being of the property's type: checked
   * alike for an API write and an import row, so both name the same field with the same words.
   *
   * @param maxLength the most characters of a text (0: no limit)
   */
  public record Written(boolean required, int maxLength, boolean nonNegative) {
    static final Written ANY = new Written(false, 0, false);
  }

  /** How an import treats a column that names this property. */
  public enum ImportRole {
    /** The import takes the value from the file. */
    READ,
    /** The registry sets the value (an export's own column): the import recognises and skips it. */
    SET_BY_REGISTRY,
    /** Derived from other values: recognised and skipped like {@link #SET_BY_REGISTRY}. */
    DERIVED
  }

  public Property {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    if (sql == null || sql.isBlank()) {
      throw new IllegalArgumentException("property " + name + " needs an SQL expression");
    }
    // Null only while being declared: Property.of leaves a name longer than dBase allows to exportedAs.
    if (exportName != null && !isDbfName(exportName)) {
      throw new IllegalArgumentException("not a dBase field name: " + exportName);
    }
    if (queryable && type == ValueType.JSON) {
      throw new IllegalArgumentException("a JSON property cannot be a queryable: " + name);
    }
    importAliases = List.copyOf(importAliases);
    if (written != null && !sql.matches("[a-z]\\." + name)) {
      throw new IllegalArgumentException(name + " is written as given, so it must read its own column (x." + name + ")");
    }
  }

  static boolean isDbfName(String name) {
    return name.length() <= 10 && name.matches("[A-Za-z][A-Za-z0-9_]*");
  }

  /**
   * A property read from an import, queryable, not in tiles, exported under its own name (a name
   * longer than the dBase limit needs {@link #exportedAs}).
   */
  public static Property of(String name, ValueType type, String sql, String labelZh, String labelEn) {
    return new Property(name, type, sql, isDbfName(name) ? name : null, labelZh, labelEn, type != ValueType.JSON, false, ImportRole.READ,
        List.of(), null);
  }

  public Property exportedAs(String dbfName) {
    return new Property(name, type, sql, dbfName, labelZh, labelEn, queryable, tileAttribute, importRole, importAliases,
        written);
  }

  public Property inTiles() {
    return new Property(name, type, sql, exportName, labelZh, labelEn, queryable, true, importRole, importAliases,
        written);
  }

  /** Also read from columns with these headers; the Chinese label and the export name always are. */
  public Property importedFrom(String... aliases) {
    return new Property(name, type, sql, exportName, labelZh, labelEn, queryable, tileAttribute, importRole,
        List.of(aliases), written);
  }

  public Property setByRegistry() {
    return new Property(name, type, sql, exportName, labelZh, labelEn, queryable, tileAttribute,
        ImportRole.SET_BY_REGISTRY, importAliases, written);
  }

  public Property derived() {
    return new Property(name, type, sql, exportName, labelZh, labelEn, queryable, tileAttribute, ImportRole.DERIVED,
        importAliases, written);
  }

  /**
   * Written as given by API writes and imports: the draft and the import row carry it, the rules
   * check it by its type, and the insert, update, restore and COPY statements list its column
   * (docs/ARCHITECTURE.md, "Adding a property").
   */
  public Property writtenAsGiven() {
    return withWritten(Written.ANY);
  }

  /** Written as given ({@link #writtenAsGiven()}), and a write without it is refused. */
  public Property required() {
    return withWritten(new Written(true, writtenOrAny().maxLength(), writtenOrAny().nonNegative()));
  }

  /** Written as given ({@link #writtenAsGiven()}), a text of at most {@code characters}. */
  public Property maxLength(int characters) {
    return withWritten(new Written(writtenOrAny().required(), characters, writtenOrAny().nonNegative()));
  }

  /** Written as given ({@link #writtenAsGiven()}), a number that is not negative. */
  public Property nonNegative() {
    return withWritten(new Written(writtenOrAny().required(), writtenOrAny().maxLength(), true));
  }

  private Written writtenOrAny() {
    return written == null ? Written.ANY : written;
  }

  private Property withWritten(Written w) {
    return new Property(name, type, sql, exportName, labelZh, labelEn, queryable, tileAttribute, importRole,
        importAliases, w);
  }

  /**
   * What is wrong with a value written as given, already of its type's Java class (or null), or
   * null when nothing is: the same words for the API and for an import row.
   */
  public String problem(Object value) {
    Written w = writtenOrAny();
    if (value == null || (value instanceof String text && text.isBlank())) {
      return w.required() ? "is required" : null;
    }
    if (value instanceof String text && w.maxLength() > 0 && text.length() > w.maxLength()) {
      return "is longer than " + w.maxLength() + " characters";
    }
    if (value instanceof Double d && (!Double.isFinite(d) || (w.nonNegative() && d < 0))) {
      return w.nonNegative() ? "must be a non-negative number" : "must be a finite number";
    }
    if (value instanceof Number n && !(value instanceof Double) && w.nonNegative() && n.longValue() < 0) {
      return "must not be negative";
    }
    return null;
  }

  /** Every header an import reads as this property: the name, the export name, the Chinese label, the aliases. */
  public List<String> importHeaders() {
    java.util.LinkedHashSet<String> headers = new java.util.LinkedHashSet<>();
    headers.add(name);
    if (exportName != null) {
      headers.add(exportName.toLowerCase(java.util.Locale.ROOT));
    }
    headers.add(labelZh);
    headers.addAll(importAliases);
    return List.copyOf(headers);
  }
}
