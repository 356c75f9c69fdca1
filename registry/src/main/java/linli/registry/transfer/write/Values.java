package linli.registry.transfer.write;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Attribute values as text, the same in CSV, KML, GeoJSON strings and Shapefile character fields. */
final class Values {
  private Values() {}

  /**
   * Text of a value: numbers without exponent ({@link Numbers#plain}), booleans true/false, dates
   * ISO-8601 (2021-06-01), timestamps ISO-8601 in UTC (2024-05-01T02:03:04.5Z), JSON as it is;
   * null for null.
   */
  static String text(Object value) {
    if (value == null) {
      return null;
    }
    if (value instanceof Double d) {
      return Numbers.plain(d);
    }
    if (value instanceof OffsetDateTime t) {
      return timestamp(t);
    }
    if (value instanceof LocalDate d) {
      return d.toString();
    }
    return value.toString();
  }

  static String timestamp(OffsetDateTime t) {
    return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(t.withOffsetSameInstant(ZoneOffset.UTC));
  }
}
