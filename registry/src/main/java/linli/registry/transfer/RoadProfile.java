package linli.registry.transfer;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import linli.registry.SqlResource;
import linli.registry.Violation;
import linli.registry.catalog.Catalog;
import linli.registry.crs.CoordinateSystem;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.io.WKBWriter;
import org.locationtech.jts.io.WKTReader;

/**
 * How a road record is staged: a row per LineString (a MultiLineString is split), with its
 * {@code highway} class and whether it is {@code walkable} (yes when the record does not say).
 */
final class RoadProfile implements ImportProfile<List<Object[]>> {
  private static final String STAGE = SqlResource.load(RoadProfile.class, "road_stage.sql");
  private static final List<String> COPY_COLUMNS = List.of("row", "highway", "walkable", "ewkb");
  private static final Map<String, String> HEADERS = RecordFields.headersOf(Catalog.ROADS);
  /** Besides the yes and no every import reads, the column's own words (its Chinese label and its opposite). */
  private static final Map<String, Boolean> WALKABLE_WORDS = Map.of("可步行", true, "不可步行", false);

  private final CoordinateSystem crs;
  private final WKBWriter wkb = new WKBWriter(2, true);
  private final WKTReader wkt = new WKTReader();

  RoadProfile(CoordinateSystem crs) {
    this.crs = crs;
  }

  @Override
  public String createStage() {
    return STAGE;
  }

  @Override
  public String stageName() {
    return "road_stage";
  }

  @Override
  public List<String> copyColumns() {
    return COPY_COLUMNS;
  }

  @Override
  public Map<String, String> headers() {
    return HEADERS;
  }

  @Override
  public MappedRow<List<Object[]>> map(SourceRecord record) {
    RecordFields f = RecordFields.of(record, HEADERS);
    Geometry g = f.geometry(record.geometry(), wkt);
    if (g == null && f.isClean()) {
      f.reject("geometry", "is missing: a road needs a LineString");
    } else if (g != null && !(g.getGeometryType().equals("LineString")
        || g.getGeometryType().equals("MultiLineString"))) {
      f.reject("geometry", "a road must be a LineString, was " + g.getGeometryType());
    }
    String word = f.get("walkable");
    Boolean walkable = word != null && WALKABLE_WORDS.containsKey(word) ? WALKABLE_WORDS.get(word)
        : f.yesNo("walkable", Boolean.TRUE);
    if (!f.isClean()) {
      return MappedRow.rejected(f.violations());
    }
    List<Object[]> rows = new ArrayList<>(g.getNumGeometries());
    for (int i = 0; i < g.getNumGeometries(); i++) {
      LineString line = crs.staged((LineString) g.getGeometryN(i));
      rows.add(new Object[] {f.row(), f.get("highway"), walkable, WKBWriter.toHex(wkb.write(line))});
    }
    return MappedRow.staged(rows);
  }

  @Override
  public List<Violation> stage(List<Object[]> rows, StageRows out) throws IOException {
    for (Object[] row : rows) {
      out.row(row);
    }
    return List.of();
  }
}
