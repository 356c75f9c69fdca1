package linli.registry.testing;

import java.util.ArrayList;
import java.util.List;
import linli.registry.city.CityData;
import net.sf.geographiclib.Geodesic;
import net.sf.geographiclib.GeodesicData;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.MultiPolygon;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.PrecisionModel;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKTReader;

/**
 * A small hand-built city for tests: two districts side by side near Qingdao, each with one street
 * and three 1 km × 1 km communities in a row. Facilities are placed at exact geodesic offsets from
 * the communities' reference points, so the nearest distances are known in advance.
 */
public final class FixtureCity {
  public static final GeometryFactory GEOMETRY = new GeometryFactory(new PrecisionModel(), 4490);
  /** GRS80, the CGCS2000 ellipsoid (its flattening differs from WGS84's by 1e-13 of a metre's worth). */
  public static final Geodesic CGCS2000 = new Geodesic(6378137.0, 1 / 298.257222101);

  private static final double LAT = 36.10;
  private static final double LON0 = 120.30;
  private static final double STEP_LON = 0.0112; // about 1 km at 36.1°N
  private static final double STEP_LAT = 0.0090; // about 1 km

  private FixtureCity() {}

  /** Community i (0..5): districts 370202 (i < 3) and 370203. */
  public static String communityCode(int i) {
    return (i < 3 ? "370202001" : "370203001") + String.format("%03d", i + 1);
  }

  /** The reference point of community i: the centre of its square. */
  public static Point anchor(int i) {
    return point(LON0 + (i + 0.5) * STEP_LON, LAT + 0.5 * STEP_LAT);
  }

  /** The point {@code metres} away from {@code from} at {@code azimuth} degrees, on the ellipsoid. */
  public static Point offset(Point from, double azimuth, double metres) {
    GeodesicData d = CGCS2000.Direct(from.getY(), from.getX(), azimuth, metres);
    return point(d.lon2, d.lat2);
  }

  public static double distance(Point a, Point b) {
    return CGCS2000.Inverse(a.getY(), a.getX(), b.getY(), b.getX()).s12;
  }

  public static Point point(double lon, double lat) {
    return GEOMETRY.createPoint(new Coordinate(lon, lat));
  }

  /**
   * The city with these shelters: community 0 has one 400 m north of its anchor (covered at 500 m);
   * community 1 one 650 m south (uncovered at 500 m, covered at 700 m); community 3 a closed one
   * 100 m east (uncovered unless closed ones count) and a planned one 200 m west; communities 2, 4
   * and 5 have none of their own. Populations are 1000 × (i + 1).
   */
  public static CityData build() {
    List<CityData.District> districts = List.of(
        new CityData.District("370202", "市南区", square(0, 3)),
        new CityData.District("370203", "市北区", square(3, 3)));
    List<CityData.Street> streets = List.of(
        new CityData.Street("370202001", "甲街道", "街道", "370202", square(0, 3)),
        new CityData.Street("370203001", "乙街道", "街道", "370203", square(3, 3)));
    List<CityData.Community> communities = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      communities.add(new CityData.Community(communityCode(i), "社区" + i, i % 2 == 0 ? "community" : "village",
          i < 3 ? "370202001" : "370203001", 1000 * (i + 1), 5, false, i == 5 ? null : anchor(i), square(i, 1)));
    }
    List<CityData.Facility> facilities = List.of(
        shelter("a", "open", offset(anchor(0), 0, 400), 0),
        shelter("b", "open", offset(anchor(1), 180, 650), 1),
        shelter("c", "closed", offset(anchor(3), 90, 100), 3),
        shelter("d", "planned", offset(anchor(3), 270, 200), 3));
    return new CityData(districts, streets, communities, facilities, List.of());
  }

  private static CityData.Facility shelter(String id, String status, Point at, int community) {
    return new CityData.Facility("emergency_shelter", "避难场所" + id, null, status, 500, 750.0,
        communityCode(community), null, "fixture", id, at);
  }

  /** A MultiPolygon covering {@code count} unit squares starting at column {@code first}. */
  public static MultiPolygon square(int first, int count) {
    double x0 = LON0 + first * STEP_LON;
    double x1 = LON0 + (first + count) * STEP_LON;
    double y0 = LAT;
    double y1 = LAT + STEP_LAT;
    String wkt = "MULTIPOLYGON(((%s %s, %s %s, %s %s, %s %s, %s %s)))"
        .formatted(x0, y0, x1, y0, x1, y1, x0, y1, x0, y0);
    try {
      MultiPolygon mp = (MultiPolygon) new WKTReader(GEOMETRY).read(wkt);
      mp.setSRID(4490);
      return mp;
    } catch (ParseException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * {@code degrees} to six decimals (about 0.1 m), so a point survives the history's frozen GeoJSON
   * (seven decimals) exactly.
   */
  public static double microdegrees(double degrees) {
    return Math.round(degrees * 1e6) / 1e6;
  }

  /**
   * A walkable grid of footways over the fixture and its surroundings (23 x 7 crossings 0.004
   * degrees apart), one segment between neighbouring crossings (noded).
   */
  public static List<CityData.Road> walkableGrid() {
    return walkableGrid(120.296, 36.096, 0.004, 22, 6);
  }

  /**
   * A walkable grid of footways from ({@code lon0}, {@code lat0}): {@code columns + 1} x {@code rows + 1}
   * crossings {@code step} degrees apart, one segment between neighbouring crossings (noded).
   */
  public static List<CityData.Road> walkableGrid(double lon0, double lat0, double step, int columns, int rows) {
    List<CityData.Road> roads = new ArrayList<>();
    for (int i = 0; i <= columns; i++) {
      for (int j = 0; j <= rows; j++) {
        double x = microdegrees(lon0 + i * step);
        double y = microdegrees(lat0 + j * step);
        if (i < columns) {
          roads.add(footway(x, y, microdegrees(lon0 + (i + 1) * step), y));
        }
        if (j < rows) {
          roads.add(footway(x, y, x, microdegrees(lat0 + (j + 1) * step)));
        }
      }
    }
    return roads;
  }

  private static CityData.Road footway(double x0, double y0, double x1, double y1) {
    return new CityData.Road("footway", true,
        GEOMETRY.createLineString(new Coordinate[] {new Coordinate(x0, y0), new Coordinate(x1, y1)}));
  }
}
