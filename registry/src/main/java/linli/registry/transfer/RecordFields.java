package linli.registry.transfer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
import linli.registry.Violation;
import linli.registry.catalog.Catalog;
import linli.registry.catalog.Layer;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKTReader;

/**
 * One record as a layer profile reads it: its values by field (headers mapped through the profile's
 * {@link ImportProfile#headers}, trimmed and in any case; blank values left out, values trimmed),
 * and the violations found so far, the reader's first, each naming the row and the field. The
 * typed readers add a violation and return null when a value is not what the field needs.
 */
final class RecordFields {
  private final long row;
  private final Map<String, String> values;
  private final List<Violation> violations;

  private RecordFields(long row, Map<String, String> values, List<Violation> violations) {
    this.row = row;
    this.values = values;
    this.violations = violations;
  }

  static RecordFields of(SourceRecord record, Map<String, String> headers) {
    Map<String, String> values = new HashMap<>();
    record.attributes().forEach((header, value) -> {
      String field = headers.get(header.strip().toLowerCase(Locale.ROOT));
      if (field != null && value != null && !value.isBlank()) {
        values.put(field, value.strip());
      }
    });
    return new RecordFields(record.row(), values, new ArrayList<>(record.problems()));
  }

  /**
   * A layer's header → field map: the catalogue's import headers of its properties, and a WKT
   * column (named wkt or geometry) for a table that carries its geometry as text.
   */
  static Map<String, String> headersOf(Layer layer) {
    Map<String, String> m = new LinkedHashMap<>(Catalog.importHeaders(layer));
    m.put("wkt", "wkt");
    m.put("geometry", "wkt");
    return Map.copyOf(m);
  }

  long row() {
    return row;
  }

  /** The field's value, or null when the record has none. */
  String get(String field) {
    return values.get(field);
  }

  boolean has(String field) {
    return values.containsKey(field);
  }

  void reject(String field, String message) {
    violations.add(new Violation(row, field, message));
  }

  /** Whether a violation so far names {@code field}. */
  boolean rejects(String field) {
    return violations.stream().anyMatch(v -> v.field().equals(field));
  }

  /** Leaves out what the reader found that the layer accepts after all. */
  void forgive(Predicate<Violation> accepted) {
    violations.removeIf(accepted);
  }

  List<Violation> violations() {
    return List.copyOf(violations);
  }

  boolean isClean() {
    return violations.isEmpty();
  }

  /** Rejects a text longer than {@code max} characters. */
  void atMost(String field, int max) {
    String v = values.get(field);
    if (v != null && v.length() > max) {
      reject(field, "is longer than " + max + " characters");
    }
  }

  /** A whole number that must not be negative ("1,200人" reads as 1200), or null when absent. */
  Integer count(String field) {
    String v = values.get(field);
    if (v == null) {
      return null;
    }
    try {
      int n = TextValues.wholeNumber(v);
      if (n < 0) {
        reject(field, "must not be negative");
      }
      return n;
    } catch (NumberFormatException e) {
      reject(field, "'" + v + "' is not a whole number");
      return null;
    }
  }

  /** A number ({@link TextValues#number}), or null when absent. */
  Double number(String field) {
    String v = values.get(field);
    if (v == null) {
      return null;
    }
    try {
      return TextValues.number(v);
    } catch (NumberFormatException e) {
      reject(field, "'" + v + "' is not a number");
      return null;
    }
  }

  /** Yes or no in the words every import reads ({@link TextValues#yesNo}); {@code absent} when the record has none. */
  Boolean yesNo(String field, Boolean absent) {
    String v = values.get(field);
    if (v == null) {
      return absent;
    }
    Boolean b = TextValues.yesNo(v);
    if (b == null) {
      reject(field, "'" + v + "' is not true or false");
    }
    return b;
  }

  /** The record's geometry when its format has one, else the WKT column's, else null. */
  Geometry geometry(Geometry given, WKTReader wkt) {
    if (given != null || !values.containsKey("wkt")) {
      return given;
    }
    try {
      return wkt.read(values.get("wkt"));
    } catch (ParseException e) {
      reject("wkt", "is not WKT: " + e.getMessage());
      return null;
    }
  }
}
