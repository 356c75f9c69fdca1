package linli.registry.transfer;

import java.util.List;
import java.util.Map;
import linli.registry.Violation;
import org.locationtech.jts.geom.Geometry;

/**
 * One record as read from an uploaded file, before any mapping: its row number (1-based data row
 * for tables, feature index + 1 for GIS formats), its attributes by the column names found in the
 * file (values as text, as written), its geometry when the format carries one (in the file's CRS,
 * x = easting/longitude), and what the reader could not make sense of.
 */
public record SourceRecord(long row, Map<String, String> attributes, Geometry geometry, List<Violation> problems) {
  public SourceRecord {
    problems = List.copyOf(problems);
  }
}
