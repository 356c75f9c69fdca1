package linli.registry.transfer.write;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import linli.registry.crs.CoordinateSystem;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.PrecisionModel;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKBWriter;
import org.locationtech.jts.io.WKTReader;

/** Hand-made rows for the writer tests: Chinese text, quotes and commas, nulls, a polygon with a hole. */
final class Samples {
  static final String NAME = "八大峡广场避难场所";
  static final String ADDRESS = "青岛市市南区\"团岛\"路1号, 东侧";
  static final String MANAGEMENT_UNIT = "市南区应急局";
  static final String EXTRA = "{\"管理单位\": \"市南区应急局\", \"level\": 2}";
  static final OffsetDateTime UPDATED = OffsetDateTime.parse("2024-05-01T10:20:30.5+08:00");

  private Samples() {}

  static Geometry geometry(String wkt, int srid) {
    try {
      return new WKTReader(new GeometryFactory(new PrecisionModel(), srid)).read(wkt);
    } catch (ParseException e) {
      throw new IllegalArgumentException(e);
    }
  }

  static ExportRow row(Object id, Geometry g, Object... values) {
    return new ExportRow(id, values, g, g == null ? null : new WKBWriter().write(g));
  }

  /**
   * The CRSs an export offers, for the tests that ask GDAL about each file: the named ones and one
   * Gauss-Krüger zone of each family (their WKT differ only in name and parameters; every zone's
   * WKT is checked without GDAL in ShapefileRecordReaderTest).
   */
  static List<CoordinateSystem> exportCrss() {
    return CoordinateSystem.offered(CoordinateSystem.Use.EXPORT).stream()
        .filter(c -> c.srid() < 4491 || c.srid() > 4554 || List.of(4491, 4502, 4513, 4528, 4549, 4554).contains(c.srid()))
        .toList();
  }

  static ExportSchema facilitiesSchema(CoordinateSystem crs) {
    return new ExportSchema(ExportLayer.FACILITIES, crs);
  }

  /** Two facilities in {@code crs}: one with every value, one with only what is required. */
  static List<ExportRow> facilities(CoordinateSystem crs) {
    String p1 = crs.isGeographic() ? "POINT (120.3168123 36.0645456)" : "POINT (528570.123 3991093.456)";
    String p2 = crs.isGeographic() ? "POINT (120.31 36.07)" : "POINT (527942.5 3991696.25)";
    return List.of(
        row(7L, geometry(p1, crs.srid()), "emergency_shelter", NAME, ADDRESS, "0532-82861234", MANAGEMENT_UNIT, "open", 1200L, 1800.5,
            "370202001001", LocalDate.of(2021, 6, 1), "fixture", "a", EXTRA, 3L, UPDATED, "测试员"),
        row(9L, geometry(p2, crs.srid()), "police_office", "Police <1> & co", null, null, null, "planned", null, null, null,
            null, "manual", "b", "{}", 1L, UPDATED, "system"));
  }

  static ExportSchema communitiesSchema(CoordinateSystem crs) {
    return new ExportSchema(ExportLayer.COMMUNITIES, crs);
  }

  /**
   * Two communities: one square with a square hole, given with the wrong orientation (exterior
   * clockwise, hole counter-clockwise), and one of two squares.
   */
  static List<ExportRow> communities() {
    Geometry holed = geometry("MULTIPOLYGON (((120.30 36.10, 120.30 36.11, 120.31 36.11, 120.31 36.10, 120.30 36.10),"
        + " (120.302 36.102, 120.304 36.102, 120.304 36.104, 120.302 36.104, 120.302 36.102)))", 4490);
    Geometry two = geometry("MULTIPOLYGON (((120.32 36.10, 120.33 36.10, 120.33 36.11, 120.32 36.11, 120.32 36.10)),"
        + " ((120.34 36.10, 120.35 36.10, 120.35 36.11, 120.34 36.11, 120.34 36.10)))", 4490);
    return List.of(
        row("370202001001", holed, "370202001001", "八大关社区", "community", "370202001", "八大关街道", "370202",
            "市南区", 4200L, 12L, true, 120.305, 36.105),
        row("370202001002", two, "370202001002", "团岛村", "village", "370202001", "八大关街道", "370202", "市南区",
            800L, 5L, false, null, null));
  }
}
