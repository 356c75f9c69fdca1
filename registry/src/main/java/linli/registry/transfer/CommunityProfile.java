package linli.registry.transfer;

import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import linli.registry.SqlResource;
import linli.registry.Violation;
import linli.registry.catalog.Catalog;
import linli.registry.crs.CoordinateSystem;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.io.WKBWriter;
import org.locationtech.jts.io.WKTReader;

/**
 * How a community record is staged: its 12-digit code, name and kind, its street and district
 * (codes, and names to register them by), population, workers, smart, the office's reference point
 * and the polygon, in the file's CRS (GCJ-02 and BD-09 converted here). A row without a name or a
 * street code takes them later from what is registered and from its code.
 */
final class CommunityProfile implements ImportProfile<Object[]> {
  private static final String STAGE = SqlResource.load(CommunityProfile.class, "community_stage.sql");
  private static final List<String> COPY_COLUMNS = List.of("row", "code", "name", "kind", "street_code",
      "street_name", "district_code", "district_name", "population", "workers", "smart", "ref_x", "ref_y", "ewkb");
  private static final Map<String, String> HEADERS = RecordFields.headersOf(Catalog.COMMUNITIES);
  private static final int MAX_TEXT = 200;

  private final CoordinateSystem crs;
  private final WKBWriter wkb = new WKBWriter(2, true);
  private final WKTReader wkt = new WKTReader();

  CommunityProfile(CoordinateSystem crs) {
    this.crs = crs;
  }

  @Override
  public String createStage() {
    return STAGE;
  }

  @Override
  public String stageName() {
    return "community_stage";
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
  public MappedRow<Object[]> map(SourceRecord record) {
    RecordFields f = RecordFields.of(record, HEADERS);
    String code = f.get("code");
    if (code == null || !code.matches("[0-9]{12}")) {
      f.reject("code", "must be a 12-digit statistical code");
    }
    // A row without a name takes its committee's registered name (community_register_names.sql).
    String name = f.get("name");
    f.atMost("name", MAX_TEXT);
    String kind = name == null && f.get("kind") == null ? null : kind(f.get("kind"), name);
    String street = f.has("street_code") ? f.get("street_code")
        : code == null || code.length() < 9 ? null : code.substring(0, 9);
    if (f.has("street_code") && !street.matches("[0-9]{9}")) {
      f.reject("street_code", "must be a 9-digit street code");
    }
    String district = f.get("district_code");
    if (district != null && !district.matches("[0-9]{6}")) {
      f.reject("district_code", "must be a 6-digit district code");
    }
    f.atMost("street_name", MAX_TEXT);
    f.atMost("district_name", MAX_TEXT);
    Integer population = f.count("population");
    Integer workers = f.count("workers");
    Boolean smart = f.yesNo("smart", Boolean.FALSE);
    Double refX = f.number("ref_lon");
    Double refY = f.number("ref_lat");
    Geometry g = f.geometry(record.geometry(), wkt);
    if (g == null && !f.rejects("wkt")) {
      f.reject("geometry", "is missing: a community needs a polygon");
    } else if (g != null && !g.getGeometryType().endsWith("Polygon")) {
      f.reject("geometry", "must be a Polygon or MultiPolygon, was " + g.getGeometryType());
    }
    if (!f.isClean()) {
      return MappedRow.rejected(f.violations());
    }
    if (crs.isOffset() && refX != null && refY != null) {
      double[] w = crs.offsetToWgs84(refX, refY);
      refX = w[0];
      refY = w[1];
    }
    return MappedRow.staged(new Object[] {f.row(), code, name, kind, street, f.get("street_name"), district,
        f.get("district_name"), population, workers, smart, refX, refY, WKBWriter.toHex(wkb.write(crs.staged(g)))});
  }

  @Override
  public List<Violation> stage(Object[] values, StageRows out) throws IOException {
    out.row(values);
    return List.of();
  }

  /** community or village, from the column or, failing that, the name (…村 / …村委会 is a village). */
  private static String kind(String given, String name) {
    String k = given == null ? "" : given.strip().toLowerCase(Locale.ROOT);
    if (k.equals("village") || k.contains("村")) {
      return "village";
    }
    if (!k.isEmpty()) {
      return "community";
    }
    return name != null && (name.endsWith("村") || name.contains("村委会") || name.contains("村民委员会")) ? "village"
        : "community";
  }
}
