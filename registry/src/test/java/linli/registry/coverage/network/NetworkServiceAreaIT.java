package linli.registry.coverage.network;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import linli.registry.Database;
import linli.registry.city.CityData;
import linli.registry.city.CityLoader;
import linli.registry.coverage.Capacity;
import linli.registry.coverage.CoverageAnalyzer;
import linli.registry.coverage.CoverageMode;
import linli.registry.coverage.CoverageQuery;
import linli.registry.coverage.RandomCity;
import linli.registry.coverage.RoadGraphCache;
import linli.registry.coverage.ServiceAreas;
import linli.registry.testing.FixtureCity;
import linli.registry.testing.PostgisExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.Polygon;

/**
 * Service areas along the roads on a random road grid with a random city over it (as {@link
 * NetworkCapacityAndSuggestIT}), for several shelters and distances. The tight area (the default):
 * a community more than the stated tolerance from its outline lies inside exactly when the engine
 * counts it as covered (the outward area fails that judgement). The outward area:
 *
 * <ul>
 *   <li>every community the engine counts within a shelter's reach (its catchment) lies in the area;
 *   <li>the area is what it claims to be: against a brute-force union of discs (a naive Dijkstra of
 *       {@link BruteForceNetwork}, every reached road sampled each half metre, radius d − walk), a
 *       community lies inside exactly when that union holds it, away from a 1 m band at its edge;
 *   <li>the communities inside but not counted are those whose own nearest road is not the road
 *       that brings them within reach: the engine's walk (leg to the nearest road) is never shorter
 *       than the union's (any road point); how many there are is counted and bounded.
 * </ul>
 */
@ExtendWith(PostgisExtension.class)
class NetworkServiceAreaIT {
  private static final double MAX_LEG = 1000;
  /** Sampling each half metre overestimates the union's distance by at most that much; margin on top. */
  private static final double SAMPLE_M = 0.5;
  private static final double BAND_M = 1.0;
  /** How far a covered reference point may lie outside the area (the engine's join point interpolated in lon/lat). */
  private static final double COVERED_TOLERANCE_M = 0.05;
  private static CityData city;
  private static BruteForceNetwork network;
  private static Database db;
  private static final Map<String, Long> idsBySource = new HashMap<>();

  @BeforeAll
  static void load(Database database) throws SQLException {
    db = database;
    List<LineString> roads = WalkingDistanceOracleTest.randomNetwork(new Random(43));
    city = RandomCity.build(43, 0, 260, 12, 400, 120.375, 36.065, 0.025, 0.02, roads);
    new CityLoader(db.dataSource()).load(city);
    network = new BruteForceNetwork(roads);
    try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT id, source_id FROM facility")) {
      while (rs.next()) {
        idsBySource.put(rs.getString(2), rs.getLong(1));
      }
    }
  }

  @Test
  void coveredCommunitiesLieInsideAndTheRestAreExplainedByTheNearestRoadRule() throws Exception {
    ServiceAreas areas = new ServiceAreas(db.dataSource(), new RoadGraphCache());
    CoverageAnalyzer engine = new CoverageAnalyzer(db.dataSource());
    int coveredInside = 0;
    int insideNotCovered = 0;
    int outside = 0;
    int judged = 0;
    for (double d : new double[] {250, 400, 700}) {
      // Catchments per facility, every status (a service area is drawn for any facility).
      Capacity capacity = engine.capacity(new CoverageQuery(RandomCity.CATEGORY, d, CoverageMode.NETWORK, null,
          List.of("open", "closed")));
      for (CityData.Facility f : city.facilities().subList(0, 8)) {
        long id = idsBySource.get(f.sourceId());
        Set<String> covered = new HashSet<>(capacity.catchments().getOrDefault(id, List.of()));
        ServiceAreas.ServiceArea area = areas.facility(id, d, CoverageMode.NETWORK, ServiceAreas.Shape.OUTWARD)
            .orElseThrow();
        assertThat(area.mode()).isEqualTo(CoverageMode.NETWORK);
        Geometry polygon = geometry(area.geometryJson());
        assertThat(polygon.getGeometryType()).isEqualTo("MultiPolygon");
        Geometry reached = geometry(area.reachedRoadsJson());
        assertThat(reached.getGeometryType()).isEqualTo("MultiLineString");
        double[] source = {f.geom().getX(), f.geom().getY()};
        BruteForceNetwork.Join join = network.join(source[0], source[1], MAX_LEG);
        double[] walk = join == null ? null : network.dijkstra(join);
        BruteForceNetwork.Prepared engineOracle = network.new Prepared(new double[][] {source}, MAX_LEG);
        for (CityData.Community c : city.communities()) {
          Point q = c.refPoint();
          boolean inside = polygon.covers(q);
          if (covered.contains(c.code())) {
            assertThat(inside || metresOutside(polygon, q) <= COVERED_TOLERANCE_M)
                .as("%s covered by %s at %s m lies in the area", c.code(), f.sourceId(), d).isTrue();
            coveredInside++;
          }
          double union = walk == null ? Double.POSITIVE_INFINITY : unionDistance(join, walk, q, d);
          if (Math.abs(union - d) > BAND_M) {
            assertThat(inside).as("%s against the union of discs (%s m) at %s m", c.code(), union, d)
                .isEqualTo(union < d);
            judged++;
          }
          if (inside && !covered.contains(c.code())) {
            insideNotCovered++;
            // The engine's walk takes the leg to the nearest road; the union's takes the best road point.
            double engineWalk = engineOracle.distance(q.getX(), q.getY());
            assertThat(Double.isNaN(engineWalk) || engineWalk >= union - SAMPLE_M).as(c.code()).isTrue();
          }
          if (!inside) {
            outside++;
          }
        }
      }
    }
    System.out.printf("network service areas: %d covered inside, %d inside not covered, %d outside, %d judged"
        + " against the union%n", coveredInside, insideNotCovered, outside, judged);
    assertThat(coveredInside).isGreaterThan(50);
    assertThat(outside).isGreaterThan(500);
    // Measured: 269 against 325 covered on this ~150 m grid (docs/SERVICE_AREAS.md): the plain union
    // is a loose outer bound in a city of blocks, where a point's nearest road is often not the one
    // that reaches it. Held here so that a change making it looser is seen.
    assertThat(insideNotCovered).as("inside but not covered (the nearest-road rule)")
        .isPositive().isLessThanOrEqualTo(coveredInside);
  }

  /**
   * The tight area (the default): a community lies inside exactly when the engine counts it in the
   * facility's catchment, except within the stated tolerance of the outline; the outward area of the
   * same facilities, judged the same way, fails (it holds communities whose nearest road is another).
   */
  @Test
  void theTightAreaHoldsExactlyTheCoveredCommunities() throws Exception {
    ServiceAreas areas = new ServiceAreas(db.dataSource(), new RoadGraphCache());
    CoverageAnalyzer engine = new CoverageAnalyzer(db.dataSource());
    int coveredInside = 0;
    int outsideNotCovered = 0;
    int nearOutline = 0;
    int wrongNearOutline = 0;
    int outwardWrong = 0;
    double worstWrong = 0;
    for (double d : new double[] {250, 400, 700}) {
      Capacity capacity = engine.capacity(new CoverageQuery(RandomCity.CATEGORY, d, CoverageMode.NETWORK, null,
          List.of("open", "closed")));
      for (CityData.Facility f : city.facilities().subList(0, 8)) {
        long id = idsBySource.get(f.sourceId());
        Set<String> covered = new HashSet<>(capacity.catchments().getOrDefault(id, List.of()));
        ServiceAreas.ServiceArea area = areas.facility(id, d, CoverageMode.NETWORK).orElseThrow();
        assertThat(area.shape()).isEqualTo(ServiceAreas.Shape.TIGHT);
        double tolerance = area.toleranceM();
        assertThat(tolerance).isEqualTo(ServiceAreas.toleranceM(d)).isLessThanOrEqualTo(1.5);
        Geometry polygon = geometry(area.geometryJson());
        assertThat(polygon.isValid()).as("valid area: %s", new org.locationtech.jts.operation.valid.IsValidOp(polygon)
            .getValidationError()).isTrue();
        Geometry outward = geometry(areas.facility(id, d, CoverageMode.NETWORK, ServiceAreas.Shape.OUTWARD)
            .orElseThrow().geometryJson());
        Geometry outline = polygon.getBoundary();
        for (CityData.Community c : city.communities()) {
          Point q = c.refPoint();
          boolean inside = polygon.covers(q);
          boolean isCovered = covered.contains(c.code());
          if (outward.covers(q) != isCovered && metres(outward.getBoundary(), q) > tolerance) {
            outwardWrong++;
          }
          double fromOutline = metres(outline, q);
          if (fromOutline <= tolerance) {
            nearOutline++;
            if (inside != isCovered) {
              wrongNearOutline++;
              worstWrong = Math.max(worstWrong, fromOutline);
            }
            continue;
          }
          assertThat(inside).as("%s (%s m from the outline) covered by %s at %s m", c.code(), fromOutline,
              f.sourceId(), d).isEqualTo(isCovered);
          if (inside) {
            coveredInside++;
          } else {
            outsideNotCovered++;
          }
        }
      }
    }
    System.out.printf("tight network service areas: %d covered inside, %d not covered outside, %d within the"
        + " tolerance of the outline (%d of them judged wrongly, at most %.3f m from it); the outward area"
        + " judges %d wrongly beyond it%n", coveredInside, outsideNotCovered, nearOutline, wrongNearOutline,
        worstWrong, outwardWrong);
    assertThat(coveredInside).isGreaterThan(300);
    assertThat(outsideNotCovered).isGreaterThan(5000);
    assertThat(nearOutline).as("communities within the tolerance of the outline").isLessThanOrEqualTo(10);
    // The same judgement fails on the outward area: communities inside whose nearest road is another.
    assertThat(outwardWrong).isGreaterThan(200);
  }

  /** One tight area at 700 m and at the 5 km cap (the whole grid), timed; printed for the docs. */
  @Test
  void tightAreaTimes() throws Exception {
    ServiceAreas areas = new ServiceAreas(db.dataSource(), new RoadGraphCache());
    long id = idsBySource.get(city.facilities().get(0).sourceId());
    areas.facility(id, 700.0, CoverageMode.NETWORK).orElseThrow(); // warm: the graph, the plans
    for (double d : new double[] {700, 5000}) {
      for (ServiceAreas.Shape shape : ServiceAreas.Shape.values()) {
        long t0 = System.nanoTime();
        Geometry g = geometry(areas.facility(id, d, CoverageMode.NETWORK, shape).orElseThrow().geometryJson());
        System.out.printf("service area %s at %.0f m: %.0f ms, %d vertices%n", shape.code(), d,
            (System.nanoTime() - t0) / 1e6, g.getNumPoints());
      }
    }
  }

  /** Metres from q to g; infinite when g is empty (an empty area has no outline to be near). */
  private static double metres(Geometry g, Point q) {
    if (g.isEmpty()) {
      return Double.POSITIVE_INFINITY;
    }
    return g.distance(q) * BruteForceNetwork.ground(q.getX(), q.getY(), q.getX() + 1e-5, q.getY()) / 1e-5;
  }

  @Test
  void aFacilityThatCannotJoinTheRoadsHasAnEmptyArea() throws Exception {
    // The island 3 km east is the only road there; this point is 1.5 km from every road.
    long id;
    try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("INSERT INTO facility (category, name, status, source, source_id, geom"
            + " , updated_by) VALUES ('" + RandomCity.CATEGORY + "', '远处', 'open', 'it', 'far', ST_SetSRID(ST_MakePoint(120.375, "
            + "36.04), 4490), 'it') RETURNING id")) {
      rs.next();
      id = rs.getLong(1);
    }
    ServiceAreas.ServiceArea area = new ServiceAreas(db.dataSource(), new RoadGraphCache()).facility(id, 2000.0, CoverageMode.NETWORK)
        .orElseThrow();
    assertThat(geometry(area.geometryJson()).isEmpty()).isTrue();
    assertThat(geometry(area.reachedRoadsJson()).isEmpty()).isTrue();
    assertThat(new ServiceAreas(db.dataSource(), new RoadGraphCache()).facility(-5, null, CoverageMode.NETWORK)).isEmpty();
  }

  /**
   * min over reached road points p of walk(p) + |qp|: every edge with a reached end (and the source's
   * own), sampled every half metre, walk as the naive Dijkstra gives it, |qp| in a local frame about
   * q with GeographicLib's scales (within 1e-4 of the ground at these ranges).
   */
  private static double unionDistance(BruteForceNetwork.Join source, double[] walk, Point q, double limit) {
    double kx = BruteForceNetwork.ground(0, q.getY(), 1e-3, q.getY()) / 1e-3;
    double ky = BruteForceNetwork.ground(0, q.getY() - 5e-4, 0, q.getY() + 5e-4) / 1e-3;
    double best = Double.POSITIVE_INFINITY;
    for (int e = 0; e < network.edges.size(); e++) {
      BruteForceNetwork.Edge edge = network.edges.get(e);
      if (Math.min(walk[edge.u()], walk[edge.v()]) > limit && e != source.edge()) {
        continue;
      }
      double[] a = network.nodes.get(edge.u());
      double[] b = network.nodes.get(edge.v());
      int steps = (int) Math.ceil(edge.length() / SAMPLE_M);
      for (int k = 0; k <= steps; k++) {
        double t = (double) k / steps;
        double along = t * edge.length();
        double w = Math.min(walk[edge.u()] + along, walk[edge.v()] + edge.length() - along);
        if (e == source.edge()) {
          w = Math.min(w, source.leg() + Math.abs(along - source.toU()));
        }
        if (w > limit) {
          continue;
        }
        double x = (a[0] + t * (b[0] - a[0]) - q.getX()) * kx;
        double y = (a[1] + t * (b[1] - a[1]) - q.getY()) * ky;
        best = Math.min(best, w + Math.hypot(x, y));
      }
    }
    return best;
  }

  private static double metresOutside(Geometry area, Point q) {
    return area.distance(q) * BruteForceNetwork.ground(q.getX(), q.getY(), q.getX() + 1e-5, q.getY()) / 1e-5;
  }

  /** A GeoJSON MultiPolygon or MultiLineString as JTS. */
  static Geometry geometry(String json) throws Exception {
    JsonNode node = new ObjectMapper().readTree(json);
    JsonNode parts = node.get("coordinates");
    return switch (node.get("type").asText()) {
      case "MultiPolygon" -> {
        Polygon[] polygons = new Polygon[parts.size()];
        for (int i = 0; i < parts.size(); i++) {
          LinearRing[] rings = new LinearRing[parts.get(i).size()];
          for (int r = 0; r < rings.length; r++) {
            rings[r] = FixtureCity.GEOMETRY.createLinearRing(coordinates(parts.get(i).get(r)));
          }
          polygons[i] = FixtureCity.GEOMETRY.createPolygon(rings[0], java.util.Arrays.copyOfRange(rings, 1, rings.length));
        }
        yield FixtureCity.GEOMETRY.createMultiPolygon(polygons);
      }
      case "MultiLineString" -> {
        LineString[] lines = new LineString[parts.size()];
        for (int i = 0; i < parts.size(); i++) {
          lines[i] = FixtureCity.GEOMETRY.createLineString(coordinates(parts.get(i)));
        }
        yield FixtureCity.GEOMETRY.createMultiLineString(lines);
      }
      default -> throw new AssertionError("unexpected " + node.get("type"));
    };
  }

  private static Coordinate[] coordinates(JsonNode positions) {
    Coordinate[] out = new Coordinate[positions.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = new Coordinate(positions.get(i).get(0).asDouble(), positions.get(i).get(1).asDouble());
    }
    return out;
  }
}
