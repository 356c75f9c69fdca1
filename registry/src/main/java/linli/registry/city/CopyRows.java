package linli.registry.city;

import java.util.StringJoiner;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.io.WKBWriter;

/** Builds rows in PostgreSQL's COPY text format; geometries travel as hex EWKB. */
final class CopyRows {
  private final StringBuilder out = new StringBuilder(1 << 16);
  private final WKBWriter wkb = new WKBWriter(2, true);
  private StringJoiner row;
  private int count;

  CopyRows begin() {
    row = new StringJoiner("\t");
    return this;
  }

  CopyRows add(Object value) {
    row.add(value == null ? "\\N" : escape(value.toString()));
    return this;
  }

  CopyRows geometry(Geometry geom) {
    row.add(geom == null ? "\\N" : WKBWriter.toHex(wkb.write(geom)));
    return this;
  }

  void end() {
    out.append(row).append('\n');
    count++;
  }

  int count() {
    return count;
  }

  String text() {
    return out.toString();
  }

  private static String escape(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (char ch : s.toCharArray()) {
      switch (ch) {
        case '\\' -> b.append("\\\\");
        case '\t' -> b.append("\\t");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        default -> b.append(ch);
      }
    }
    return b.toString();
  }
}
