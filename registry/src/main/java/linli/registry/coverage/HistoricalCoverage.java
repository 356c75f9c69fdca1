package linli.registry.coverage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import linli.registry.NamedSql;
import linli.registry.SqlResource;
import linli.registry.coverage.network.RoadGraph;

/**
 * Coverage as the registry stood at a past instant ({@link CoverageQuery#asOf()}), read from the
 * history (V23 {@code facility_at}, {@code community_at}). Its own queries, apart from the present
 * ones: straight mode puts the instant's facilities of the category into a scratch table indexed
 * as {@code facility} is and runs the KNN SQL's search over it (the
 * in-memory index holds no history); network mode runs the present
 * engine from the instant's facilities and communities over today's road graph (roads have no
 * history).
 */
final class HistoricalCoverage {
  private static final String FACILITY_TABLE = SqlResource.load(HistoricalCoverage.class, "as_of_facility_table.sql");
  private static final String FACILITY_INDEX = SqlResource.load(HistoricalCoverage.class, "as_of_facility_index.sql");
  private static final NamedSql FACILITIES = sql("as_of_facilities.sql");
  private static final NamedSql STRAIGHT = sql("as_of_straight.sql");
  private static final NamedSql ANCHORS = sql("as_of_anchors.sql");
  private static final NamedSql SOURCES = sql("as_of_sources.sql");
  private static final NamedSql GEOJSON = sql("as_of_communities_geojson.sql");

  private final DataSource dataSource;
  private final RoadGraphCache graphs;

  HistoricalCoverage(DataSource dataSource, RoadGraphCache graphs) {
    this.dataSource = dataSource;
    this.graphs = graphs;
  }

  /** A facility as it stood at the instant. */
  record Facility(long id, double lon, double lat) {}

  List<CommunityCoverage> communities(CoverageQuery query) throws SQLException {
    requirePast(query);
    return query.mode() == CoverageMode.NETWORK ? network(query) : straight(query);
  }

  private List<CommunityCoverage> straight(CoverageQuery query) throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      // One snapshot for the scratch table and the search over it.
      c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
      try (Statement s = c.createStatement()) {
        s.execute(FACILITY_TABLE);
        try (PreparedStatement ps = FACILITIES.prepare(c, parameters(query))) {
          ps.executeUpdate();
        }
        s.execute(FACILITY_INDEX);
        List<CommunityCoverage> out = new ArrayList<>();
        try (PreparedStatement ps = STRAIGHT.prepare(c, parameters(query)); ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            out.add(new CommunityCoverage(rs.getString("code"), rs.getString("name"), rs.getString("district_code"),
                rs.getString("district_name"), rs.getString("street_code"), rs.getString("street_name"),
                rs.getLong("population"), rs.getObject("nearest_m", Double.class),
                rs.getBoolean("covered"), rs.getDouble("anchor_lon"), rs.getDouble("anchor_lat")));
          }
        }
        return out;
      } finally {
        c.rollback(); // drops the scratch table
      }
    }
  }

  private List<CommunityCoverage> network(CoverageQuery query) throws SQLException {
    graphs.prepare(dataSource);
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
      try {
        RoadGraph graph = graphs.get(c);
        List<NetworkCoverage.Anchor> anchors = new ArrayList<>();
        try (PreparedStatement ps = ANCHORS.prepare(c, parameters(query)); ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            anchors.add(new NetworkCoverage.Anchor(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                rs.getString(5), rs.getString(6), rs.getLong(7), rs.getDouble(8), rs.getDouble(9)));
          }
        }
        List<NetworkCoverage.Source> sources = facilities(c, query).stream()
            .map(f -> new NetworkCoverage.Source(f.id(), f.lon(), f.lat())).toList();
        return NetworkCoverage.communities(query, new NetworkCoverage.Inputs(graph, anchors, sources));
      } finally {
        c.rollback();
      }
    }
  }

  /** The facilities of the question's category whose status counted at its instant, by id. */
  List<Facility> facilities(CoverageQuery query) throws SQLException {
    requirePast(query);
    try (Connection c = dataSource.getConnection()) {
      return facilities(c, query);
    }
  }

  private static List<Facility> facilities(Connection c, CoverageQuery query) throws SQLException {
    List<Facility> out = new ArrayList<>();
    try (PreparedStatement ps = SOURCES.prepare(c, parameters(query)); ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        out.add(new Facility(rs.getLong(1), rs.getDouble(2), rs.getDouble(3)));
      }
    }
    return out;
  }

  /** The communities of a past answer as GeoJSON, with their polygons and names as they then were. */
  String geoJson(CoverageQuery query, List<CommunityCoverage> communities) throws SQLException {
    requirePast(query);
    Map<String, Object> values = new HashMap<>();
    values.put("as_of", timestamp(query.asOf()));
    values.put("codes", communities.stream().map(CommunityCoverage::code).toArray(String[]::new));
    values.put("nearest", communities.stream().map(CommunityCoverage::nearestM).toArray(Double[]::new));
    values.put("covered", communities.stream().map(c -> Boolean.toString(c.covered())).toArray(String[]::new));
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = GEOJSON.prepare(c, values);
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getString(1);
    }
  }

  private static Map<String, Object> parameters(CoverageQuery query) {
    Map<String, Object> values = new HashMap<>();
    values.put("as_of", timestamp(query.asOf()));
    values.put("category", query.category());
    values.put("statuses", query.statuses().toArray(String[]::new));
    values.put("distance", query.distanceM());
    values.put("district", query.district());
    return values;
  }

  static OffsetDateTime timestamp(Instant instant) {
    return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
  }

  private static void requirePast(CoverageQuery query) {
    if (!query.isPast()) {
      throw new IllegalArgumentException("not a question about the past: " + query);
    }
  }

  private static NamedSql sql(String name) {
    return NamedSql.parse(SqlResource.load(HistoricalCoverage.class, name));
  }
}
