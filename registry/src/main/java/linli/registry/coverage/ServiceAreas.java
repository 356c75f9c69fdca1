package linli.registry.coverage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Set;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import linli.registry.NamedSql;
import linli.registry.SqlResource;
import linli.registry.coverage.network.NearestRoadRegions;
import linli.registry.coverage.network.ReachedRoads;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.io.WKBWriter;
import linli.registry.coverage.network.RoadGraph;

/**
 * The area within walking distance of a facility or of a proposed site (a point with a category). Straight: a circle on the ground, which contains
 * exactly the reference points straight coverage counts within the distance (up to the circle's
 * chords, under 8e-5 of the radius). Network, {@link Shape#TIGHT} (the default): the points whose leg
 * to their <em>nearest</em> road point q fits in d − walk(q), as network coverage joins a point, right
 * except within {@link #toleranceM} of the outline; {@link Shape#OUTWARD}: the union over the reached
 * road points p of discs of radius d − walk(p) (at most the longest leg), which contains every
 * reference point network coverage counts and errs outward (see docs/SERVICE_AREAS.md).
 */
public final class ServiceAreas {
  private static final NamedSql STRAIGHT = NamedSql.parse(SqlResource.load(ServiceAreas.class, "service_area_straight.sql"));
  private static final NamedSql FACILITY = NamedSql.parse(SqlResource.load(ServiceAreas.class, "service_area_facility.sql"));
  private static final NamedSql NETWORK = NamedSql.parse(SqlResource.load(ServiceAreas.class, "service_area_network.sql"));
  private static final NamedSql TIGHT = NamedSql.parse(SqlResource.load(ServiceAreas.class, "service_area_network_tight.sql"));

  /**
   * The two network shapes. {@code TIGHT}: the points whose leg to their nearest road point fits in
   * what is left of the walk there, the engine's own rule, within {@link ServiceArea#toleranceM()}.
   * {@code OUTWARD}: the union of discs of radius d − walk(p) over every reached road point p, which
   * holds every covered point and also points whose nearest road is another one.
   */
  public enum Shape {
    TIGHT("tight"), OUTWARD("outward");

    private final String code;

    Shape(String code) {
      this.code = code;
    }

    public String code() {
      return code;
    }

    public static Optional<Shape> parse(String text) {
      for (Shape s : values()) {
        if (s.code.equals(text)) {
          return Optional.of(s);
        }
      }
      return Optional.empty();
    }
  }

  /**
   * The spacing of the road samples whose Voronoi cells decide a point's nearest road in the tight
   * area: 2 m up to 500 m, then distance / 250 (20 m at the 5 km cap), so that a 5 km area samples
   * about as many points per block as fit in a few seconds.
   */
  public static double sampleStepM(double distanceM) {
    return Math.max(2, distanceM / 250);
  }

  /**
   * How far from the tight area's outline a point may be judged wrongly: half the sample step (the
   * nearest-road regions, {@link NearestRoadRegions}) plus 5 cm (the chords of the discs at road
   * ends).
   */
  public static double toleranceM(double distanceM) {
    return sampleStepM(distanceM) / 2 + 0.05;
  }

  /**
   * Where an area is drawn from: a facility ({@code facilityId}, {@code name}, {@code status} set) or a
   * proposed site (those null), its category, where it stands (CGCS2000 lon/lat) and the distance.
   */
  public record Origin(Long facilityId, String category, String name, String status, double lon, double lat,
      double distanceM) {
    /** A site that is not (yet) a facility; {@code distanceM} as asked, or the category's default. */
    public static Origin site(double lon, double lat, String category, double distanceM) {
      return new Origin(null, category, null, null, lon, lat, distanceM);
    }
  }

  /**
   * An area drawn from {@code origin}; {@code geometryJson} is a GeoJSON Polygon (straight) or
   * MultiPolygon (network, empty when the origin cannot join the roads) in CGCS2000 lon/lat;
   * {@code reachedRoadsJson} the reached road parts as a GeoJSON MultiLineString in network mode,
   * null in straight mode; {@code shape} null in straight mode; {@code toleranceM} set for a tight
   * network area only.
   */
  public record ServiceArea(Origin origin, CoverageMode mode, Shape shape, String geometryJson, String reachedRoadsJson,
      Double toleranceM) {}

  /**
   * The longest distance drawn along the roads: beyond it the union of discs over a whole city's
   * roads costs seconds to minutes in PostGIS, and a walk that long is no service area.
   */
  public static final double MAX_NETWORK_DISTANCE_M = 5_000;

  private static final GeometryFactory GEOMETRY = new GeometryFactory();

  private final DataSource dataSource;
  private final RoadGraphCache graphs;

  public ServiceAreas(DataSource dataSource, RoadGraphCache graphs) {
    this.dataSource = dataSource;
    this.graphs = graphs;
  }

  /** A distance along the roads beyond {@link #MAX_NETWORK_DISTANCE_M}, given or the category's default. */
  public static final class TooFar extends RuntimeException {
    public TooFar(double metres) {
      super((long) metres + " m is more than the " + (long) MAX_NETWORK_DISTANCE_M
          + " m a service area along the roads is drawn for; give a shorter distance");
    }
  }

  /**
   * A facility's area. Empty when there is no such live facility; {@code distanceM} null: the
   * category's default.
   */
  public Optional<ServiceArea> facility(long facilityId, Double distanceM, CoverageMode mode) throws SQLException {
    return facility(facilityId, distanceM, mode, Shape.TIGHT);
  }

  /** A facility's area, network mode drawn in the given shape (ignored in straight mode). */
  public Optional<ServiceArea> facility(long facilityId, Double distanceM, CoverageMode mode, Shape shape)
      throws SQLException {
    Map<String, Object> values = new HashMap<>();
    values.put("id", facilityId);
    values.put("distance", distanceM);
    return inSnapshot(mode, c -> {
      try (PreparedStatement ps = FACILITY.prepare(c, values); ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        Origin origin = new Origin(rs.getLong("id"), rs.getString("category"), rs.getString("name"),
            rs.getString("status"), rs.getDouble("lon"), rs.getDouble("lat"), rs.getDouble("distance_m"));
        return Optional.of(area(c, origin, mode, shape));
      }
    });
  }

  /** The area of a proposed site (or any point): drawn as a facility standing there would have it. */
  public ServiceArea site(Origin site, CoverageMode mode) throws SQLException {
    return site(site, mode, Shape.TIGHT);
  }

  /** The area of a proposed site, network mode drawn in the given shape. */
  public ServiceArea site(Origin site, CoverageMode mode, Shape shape) throws SQLException {
    return inSnapshot(mode, c -> area(c, site, mode, shape));
  }

  private interface Reading<T> {
    T read(Connection c) throws SQLException;
  }

  /** One snapshot: the facility and the road graph it walks are read as of the same moment. */
  private <T> T inSnapshot(CoverageMode mode, Reading<T> reading) throws SQLException {
    if (mode == CoverageMode.NETWORK) {
      graphs.prepare(dataSource);
    }
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
      try {
        return reading.read(c);
      } finally {
        c.rollback();
      }
    }
  }

  private ServiceArea area(Connection c, Origin origin, CoverageMode mode, Shape shape) throws SQLException {
    return mode == CoverageMode.NETWORK ? network(c, origin, shape) : straight(c, origin);
  }

  private static ServiceArea straight(Connection c, Origin origin) throws SQLException {
    Map<String, Object> values = new HashMap<>();
    values.put("lon", origin.lon());
    values.put("lat", origin.lat());
    values.put("distance", origin.distanceM());
    try (PreparedStatement ps = STRAIGHT.prepare(c, values); ResultSet rs = ps.executeQuery()) {
      rs.next();
      return new ServiceArea(origin, CoverageMode.STRAIGHT, null, rs.getString("geometry"), null, null);
    }
  }

  /**
   * The area along the roads: the reached road parts from the bounded search network coverage runs
   * per facility ({@link ReachedRoads}), and around them what is left of the distance for the leg.
   */
  private ServiceArea network(Connection c, Origin origin, Shape shape) throws SQLException {
    if (origin.distanceM() > MAX_NETWORK_DISTANCE_M) { // also when it is the category's default
      throw new TooFar(origin.distanceM());
    }
    RoadGraph graph = graphs.get(c);
    List<ReachedRoads.Piece> pieces = ReachedRoads.from(graph, origin.lon(), origin.lat(), NetworkCoverage.MAX_LEG_M,
        origin.distanceM());
    Map<String, Object> area = new HashMap<>();
    area.put("lon", origin.lon());
    area.put("lat", origin.lat());
    area.put("lon1", pieces.stream().map(ReachedRoads.Piece::lon1).toArray(Double[]::new));
    area.put("lat1", pieces.stream().map(ReachedRoads.Piece::lat1).toArray(Double[]::new));
    area.put("left1", pieces.stream().map(ReachedRoads.Piece::left1).toArray(Double[]::new));
    area.put("lon2", pieces.stream().map(ReachedRoads.Piece::lon2).toArray(Double[]::new));
    area.put("lat2", pieces.stream().map(ReachedRoads.Piece::lat2).toArray(Double[]::new));
    area.put("left2", pieces.stream().map(ReachedRoads.Piece::left2).toArray(Double[]::new));
    Double tolerance = null;
    NamedSql sql = NETWORK;
    if (shape == Shape.TIGHT) {
      sql = TIGHT;
      double d = origin.distanceM();
      tolerance = toleranceM(d);
      area.put("edge", pieces.stream().map(p -> (long) p.edge()).toArray(Long[]::new));
      area.put("node1", pieces.stream().map(p -> p.node1() ? 1L : 0L).toArray(Long[]::new));
      area.put("node2", pieces.stream().map(p -> p.node2() ? 1L : 0L).toArray(Long[]::new));
      Set<Integer> reached = new HashSet<>();
      pieces.forEach(p -> reached.add(p.edge()));
      // The area lies within d of the origin (straight), and a point in it has its nearest road
      // within the longest leg: roads that far beyond d may take a region away.
      Map<Integer, Geometry> regions = reached.isEmpty() ? Map.of()
          : NearestRoadRegions.of(graph, origin.lon(), origin.lat(), d + Math.min(d, NetworkCoverage.MAX_LEG_M) + 10,
              d + 10, sampleStepM(d), reached, GEOMETRY);
      WKBWriter wkb = new WKBWriter();
      area.put("region_edge", regions.keySet().stream().map(Integer::longValue).toArray(Long[]::new));
      area.put("region_wkb", regions.values().stream().map(g -> WKBWriter.toHex(wkb.write(g))).toArray(String[]::new));
    }
    try (PreparedStatement ps = sql.prepare(c, area); ResultSet rs = ps.executeQuery()) {
      rs.next();
      return new ServiceArea(origin, CoverageMode.NETWORK, shape, rs.getString("geometry"),
          rs.getString("reached_roads"), tolerance);
    }
  }
}
