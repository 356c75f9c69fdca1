package linli.registry.coverage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import linli.registry.NamedSql;
import linli.registry.SqlResource;
import linli.registry.coverage.network.ReachedRoads;
import linli.registry.coverage.network.RoadGraph;

/**
 * The area within walking distance of a facility. Straight: a circle on the ground, which contains
 * exactly the reference points straight coverage counts within the distance (up to the circle's
 * chords, under 8e-5 of the radius). Network: the union over the reached road points p of discs of
 * radius d − walk(p) (at most the longest leg), which contains every reference point network
 * coverage counts; it errs outward, since the engine joins a point to its <em>nearest</em> road only
 * (see docs/SERVICE_AREAS.md).
 */
public final class ServiceAreas {
  private static final NamedSql STRAIGHT = NamedSql.parse(SqlResource.load(ServiceAreas.class, "service_area_straight.sql"));
  private static final NamedSql FACILITY = NamedSql.parse(SqlResource.load(ServiceAreas.class, "service_area_facility.sql"));
  private static final NamedSql NETWORK = NamedSql.parse(SqlResource.load(ServiceAreas.class, "service_area_network.sql"));

  /**
   * A facility's area; {@code geometryJson} is a GeoJSON Polygon (straight) or MultiPolygon (network,
   * empty when the facility cannot join the roads) in CGCS2000 lon/lat; {@code reachedRoadsJson} the
   * reached road parts as a GeoJSON MultiLineString in network mode, null in straight mode.
   */
  public record ServiceArea(long id, String category, String name, String status, double distanceM, String mode,
      String geometryJson, String reachedRoadsJson) {}

  /**
   * The longest distance drawn along the roads: beyond it the union of discs over a whole city's
   * roads costs seconds to minutes in PostGIS, and a walk that long is no service area.
   */
  public static final double MAX_NETWORK_DISTANCE_M = 5_000;

  private final DataSource dataSource;
  private final RoadGraphCache graphs;

  public ServiceAreas(DataSource dataSource, RoadGraphCache graphs) {
    this.dataSource = dataSource;
    this.graphs = graphs;
  }

  /** Empty when there is no such live facility; {@code distanceM} null: the category's default. */
  public Optional<ServiceArea> straight(long facilityId, Double distanceM) throws SQLException {
    Map<String, Object> values = new HashMap<>();
    values.put("id", facilityId);
    values.put("distance", distanceM);
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = STRAIGHT.prepare(c, values);
        ResultSet rs = ps.executeQuery()) {
      if (!rs.next()) {
        return Optional.empty();
      }
      return Optional.of(new ServiceArea(rs.getLong("id"), rs.getString("category"), rs.getString("name"),
          rs.getString("status"), rs.getDouble("distance_m"), CoverageMode.STRAIGHT.code(), rs.getString("geometry"),
          null));
    }
  }

  /** A distance along the roads beyond {@link #MAX_NETWORK_DISTANCE_M}, given or the category's default. */
  public static final class TooFar extends RuntimeException {
    public TooFar(double metres) {
      super((long) metres + " m is more than the " + (long) MAX_NETWORK_DISTANCE_M
          + " m a service area along the roads is drawn for; give a shorter distance");
    }
  }

  /**
   * The area along the roads: the reached road parts from the bounded search network coverage runs
   * per facility ({@link ReachedRoads}), and around them what is left of the distance for the leg.
   * Empty when there is no such live facility; {@code distanceM} null: the category's default.
   */
  public Optional<ServiceArea> network(long facilityId, Double distanceM) throws SQLException {
    if (distanceM != null && distanceM > MAX_NETWORK_DISTANCE_M) {
      throw new TooFar(distanceM);
    }
    Map<String, Object> values = new HashMap<>();
    values.put("id", facilityId);
    values.put("distance", distanceM);
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
      try {
        RoadGraph graph = graphs.get(c);
        ServiceArea facility;
        double lon;
        double lat;
        try (PreparedStatement ps = FACILITY.prepare(c, values); ResultSet rs = ps.executeQuery()) {
          if (!rs.next()) {
            return Optional.empty();
          }
          facility = new ServiceArea(rs.getLong("id"), rs.getString("category"), rs.getString("name"),
              rs.getString("status"), rs.getDouble("distance_m"), CoverageMode.NETWORK.code(), null, null);
          lon = rs.getDouble("lon");
          lat = rs.getDouble("lat");
        }
        if (facility.distanceM() > MAX_NETWORK_DISTANCE_M) { // the category's default may be longer
          throw new TooFar(facility.distanceM());
        }
        List<ReachedRoads.Piece> pieces = ReachedRoads.from(graph, lon, lat, NetworkCoverage.MAX_LEG_M,
            facility.distanceM());
        Map<String, Object> area = new HashMap<>();
        area.put("lon", lon);
        area.put("lat", lat);
        area.put("lon1", pieces.stream().map(ReachedRoads.Piece::lon1).toArray(Double[]::new));
        area.put("lat1", pieces.stream().map(ReachedRoads.Piece::lat1).toArray(Double[]::new));
        area.put("left1", pieces.stream().map(ReachedRoads.Piece::left1).toArray(Double[]::new));
        area.put("lon2", pieces.stream().map(ReachedRoads.Piece::lon2).toArray(Double[]::new));
        area.put("lat2", pieces.stream().map(ReachedRoads.Piece::lat2).toArray(Double[]::new));
        area.put("left2", pieces.stream().map(ReachedRoads.Piece::left2).toArray(Double[]::new));
        try (PreparedStatement ps = NETWORK.prepare(c, area); ResultSet rs = ps.executeQuery()) {
          rs.next();
          return Optional.of(new ServiceArea(facility.id(), facility.category(), facility.name(), facility.status(),
              facility.distanceM(), facility.mode(), rs.getString("geometry"), rs.getString("reached_roads")));
        }
      } finally {
        c.rollback();
      }
    }
  }
}
