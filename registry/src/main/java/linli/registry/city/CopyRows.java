package linli.registry.city;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import linli.registry.CopyText;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.io.WKBWriter;

/** Builds rows in PostgreSQL's COPY text format ({@link CopyText}); geometries travel as hex EWKB. */
final class CopyRows {
  private final StringBuilder out = new StringBuilder(1 << 16);
  private final WKBWriter wkb = new WKBWriter(2, true);
  private final List<Object> row = new ArrayList<>();
  private int count;

  CopyRows begin() {
    row.clear();
    return this;
  }

  CopyRows add(Object value) {
    row.add(value);
    return this;
  }

  CopyRows geometry(Geometry geom) {
    row.add(geom == null ? null : WKBWriter.toHex(wkb.write(geom)));
    return this;
  }

  void end() {
    try {
      CopyText.writeRow(out, row.toArray());
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a StringBuilder never throws it
    }
    count++;
  }

  int count() {
    return count;
  }

  String text() {
    return out.toString();
  }
}
