package linli.registry.transfer.write;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import linli.registry.catalog.ValueType;

/**
 * A GeoJSON FeatureCollection (RFC 7946), written feature by feature: UTF-8 with Chinese text as
 * it is (only quotes, backslashes and control characters escaped), numbers as JSON numbers, dates
 * and timestamps as ISO-8601 strings, {@code extra} as the JSON object it is. There is never a
 * "crs" member: coordinates are longitude/latitude in WGS84 (CRS84) by default; when the export
 * asks for another CRS the coordinates are simply in it (RFC 7946 §4 allows this by prior
 * arrangement), x (easting) first. 7 decimals for degrees, 3 for metres. One feature per line.
 */
public final class GeoJsonWriter implements FeatureWriter {
  private final Writer out;
  private final StringBuilder sb = new StringBuilder(1024);
  private List<ExportField> fields;
  private int decimals;
  private boolean first = true;

  public GeoJsonWriter(OutputStream out) {
    this.out = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
  }

  @Override
  public void begin(ExportSchema schema) throws IOException {
    fields = schema.fields();
    decimals = schema.crs().decimals();
    out.write("{\"type\":\"FeatureCollection\",\"features\":[\n");
  }

  @Override
  public void write(ExportRow row) throws IOException {
    sb.setLength(0);
    if (!first) {
      sb.append(",\n");
    }
    first = false;
    sb.append("{\"type\":\"Feature\",\"id\":");
    value(sb, row.id());
    sb.append(",\"geometry\":");
    GeometryText.geoJson(sb, row.geometry(), decimals);
    sb.append(",\"properties\":{");
    for (int i = 0; i < fields.size(); i++) {
      ExportField f = fields.get(i);
      if (i > 0) {
        sb.append(',');
      }
      string(sb, f.name());
      sb.append(':');
      Object v = row.value(i);
      if (v != null && f.type() == ValueType.JSON) {
        sb.append((String) v); // jsonb text from PostgreSQL: valid JSON already
      } else {
        value(sb, v);
      }
    }
    sb.append("}}");
    out.append(sb);
  }

  @Override
  public void finish() throws IOException {
    out.write("\n]}\n");
    out.flush();
  }

  private static void value(StringBuilder sb, Object v) {
    if (v == null) {
      sb.append("null");
    } else if (v instanceof Long || v instanceof Integer) {
      sb.append(v);
    } else if (v instanceof Double d) {
      sb.append(Double.isFinite(d) ? Numbers.plain(d) : "null");
    } else if (v instanceof Boolean b) {
      sb.append(b.booleanValue());
    } else if (v instanceof LocalDate || v instanceof OffsetDateTime) {
      string(sb, Values.text(v));
    } else {
      string(sb, v.toString());
    }
  }

  /** A JSON string: quotes, backslashes and control characters escaped, everything else raw. */
  static StringBuilder string(StringBuilder sb, String s) {
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        case '\b' -> sb.append("\\b");
        case '\f' -> sb.append("\\f");
        default -> {
          if (c < 0x20 || c == '\u2028' || c == '\u2029' || c == 0x7f) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    return sb.append('"');
  }
}
