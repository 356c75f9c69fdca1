package linli.registry.transfer;

import java.util.List;
import java.util.Map;
import linli.registry.Violation;
import org.locationtech.jts.geom.Geometry;

/**
 * One record as read from an uploaded file, before any mapping: its row number as the user's own tool
 * shows it (CSV and XLSX: the spreadsheet's row, the header being row 1 and the first data row 2;
 * Shapefile, GeoPackage and GeoJSON: the feature's position in the file, from 1), its attributes by
 * the column names found in the file (values as text, as written), its geometry when the format
 * carries one (in the file's CRS, x = easting/longitude), and what the reader could not make sense of.
 */
public record SourceRecord(long row, Map<String, String> attributes, Geometry geometry, List<Violation> problems) {
  public SourceRecord {
    problems = List.copyOf(problems);
  }
}
