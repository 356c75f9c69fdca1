package linli.registry.transfer;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import linli.registry.SqlResource;
import linli.registry.Violation;
import linli.registry.catalog.Catalog;
import linli.registry.crs.CoordinateSystem;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.io.WKBWriter;
import org.locationtech.jts.io.WKTReader;

/**
 * How a district or street record is staged: its code (6 or 9 digits), name, for a street its kind
 * and district (code, and name to register it by), whether its boundary is its communities' union,
 * and the boundary when it has one (optional: a division without one takes that union).
 */
final class DivisionProfile implements ImportProfile<Object[]> {
  private static final String STAGE = SqlResource.load(DivisionProfile.class, "division_stage.sql");
  private static final List<String> COPY_COLUMNS =
      List.of("row", "code", "name", "kind", "district_code", "district_name", "derived", "ewkb");
  private static final int MAX_TEXT = 200;

  private final boolean streets;
  private final int digits;
  private final Map<String, String> headers;
  private final CoordinateSystem crs;
  private final WKBWriter wkb = new WKBWriter(2, true);
  private final WKTReader wkt = new WKTReader();

  /** A profile for streets ({@code streets}) or districts. */
  DivisionProfile(boolean streets, CoordinateSystem crs) {
    this.streets = streets;
    this.digits = streets ? 9 : 6;
    this.headers = RecordFields.headersOf(streets ? Catalog.STREETS : Catalog.DISTRICTS);
    this.crs = crs;
  }

  @Override
  public String createStage() {
    return STAGE;
  }

  @Override
  public String stageName() {
    return "division_stage";
  }

  @Override
  public List<String> copyColumns() {
    return COPY_COLUMNS;
  }

  @Override
  public Map<String, String> headers() {
    return headers;
  }

  @Override
  public MappedRow<Object[]> map(SourceRecord record) {
    RecordFields f = RecordFields.of(record, headers);
    // A boundary is optional: a feature without geometry is a division without one.
    f.forgive(v -> "geometry".equals(v.field()) && v.message().startsWith("the feature has no geometry"));
    String code = f.get("code");
    if (code == null || !code.matches("[0-9]{" + digits + "}")) {
      f.reject("code", "must be a " + digits + "-digit statistical code");
    }
    String name = f.get("name");
    if (name == null || name.length() > MAX_TEXT) {
      f.reject("name", "is required (at most " + MAX_TEXT + " characters)");
    }
    String district = f.get("district_code");
    if (streets && district != null && !district.matches("[0-9]{6}")) {
      f.reject("district_code", "must be a 6-digit district code");
    }
    f.atMost("kind", MAX_TEXT);
    f.atMost("district_name", MAX_TEXT);
    Boolean derived = f.yesNo("boundary_derived", null);
    Geometry g = f.geometry(record.geometry(), wkt);
    if (g != null && g.isEmpty()) {
      g = null;
    }
    if (g != null && !g.getGeometryType().endsWith("Polygon")) {
      f.reject("geometry", "a boundary must be a Polygon or MultiPolygon, was " + g.getGeometryType());
    }
    if (!f.isClean()) {
      return MappedRow.rejected(f.violations());
    }
    String boundary = g == null || Boolean.TRUE.equals(derived) ? null : WKBWriter.toHex(wkb.write(crs.staged(g)));
    return MappedRow.staged(new Object[] {f.row(), code, name, streets ? f.get("kind") : null,
        streets ? district : null, streets ? f.get("district_name") : null, derived, boundary});
  }

  @Override
  public List<Violation> stage(Object[] values, StageRows out) throws IOException {
    out.row(values);
    return List.of();
  }
}
