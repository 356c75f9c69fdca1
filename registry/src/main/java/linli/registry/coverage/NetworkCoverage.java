package linli.registry.coverage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;
import linli.registry.NamedSql;
import linli.registry.SqlResource;
import linli.registry.coverage.network.RoadGraph;
import linli.registry.coverage.network.WalkingDistance;

/**
 * Coverage along the road network (shared API.md, "Walking distance"): one multi-source search
 * from every facility of the category at once over the cached road graph.
 */
final class NetworkCoverage {
  /** A point farther than this from every walkable road cannot reach the network. */
  static final double MAX_LEG_M = 1_000;
  private static final NamedSql ANCHORS = NamedSql.parse(SqlResource.load(NetworkCoverage.class, "anchors.sql"));
  private static final NamedSql SOURCES = NamedSql.parse(SqlResource.load(NetworkCoverage.class, "sources.sql"));
  private static final NamedSql SOURCES_OF_CATEGORIES =
      NamedSql.parse(SqlResource.load(NetworkCoverage.class, "sources_of_categories.sql"));

  private final DataSource dataSource;
  private final RoadGraphCache graphs;

  NetworkCoverage(DataSource dataSource, RoadGraphCache graphs) {
    this.dataSource = dataSource;
    this.graphs = graphs;
  }

  record Anchor(String code, String name, String districtCode, String district, String streetCode, String street,
      long population, double lon, double lat) {}

  record Source(long id, double lon, double lat) {}

  /** The communities and the facilities of the query, read in one snapshot, with the graph. */
  record Inputs(RoadGraph graph, List<Anchor> anchors, List<Source> sources) {}

  Inputs inputs(CoverageQuery query) throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
      try {
        RoadGraph graph = graphs.get(c);
        List<Anchor> anchors = readAnchors(c, query.district());
        Map<String, Object> values = new HashMap<>();
        values.put("category", query.category());
        values.put("statuses", query.statuses().toArray(String[]::new));
        List<Source> sources = new ArrayList<>();
        try (PreparedStatement ps = SOURCES.prepare(c, values); ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            sources.add(new Source(rs.getLong(1), rs.getDouble(2), rs.getDouble(3)));
          }
        }
        return new Inputs(graph, anchors, sources);
      } finally {
        c.rollback();
      }
    }
  }

  /** Walking distance from each anchor to its nearest source, NaN where the network cannot reach. */
  static double[] nearest(Inputs in, List<double[]> sourcePoints) {
    double[][] targets = in.anchors().stream().map(a -> new double[] {a.lon(), a.lat()}).toArray(double[][]::new);
    if (sourcePoints.isEmpty()) {
      double[] none = new double[targets.length];
      java.util.Arrays.fill(none, Double.NaN);
      return none;
    }
    return WalkingDistance.nearest(in.graph(), sourcePoints.toArray(double[][]::new), targets, MAX_LEG_M,
        Double.POSITIVE_INFINITY);
  }

  /**
   * Walking distance to each target from the nearest of {@code points}, exact up to
   * {@code cutoff} (+Infinity beyond it, NaN where unreachable): one search from these points only.
   */
  double[] reach(List<double[]> points, double[][] targets, double cutoff) throws SQLException {
    return WalkingDistance.nearest(graph(), points.toArray(double[][]::new), targets, MAX_LEG_M, cutoff);
  }

  /** The current road graph (built once per road import, see {@link RoadGraphCache}). */
  RoadGraph graph() throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      return graphs.get(c);
    }
  }

  static List<double[]> points(List<Source> sources, Set<Long> removed) {
    return sources.stream().filter(s -> !removed.contains(s.id())).map(s -> new double[] {s.lon(), s.lat()}).toList();
  }

  List<CommunityCoverage> communities(CoverageQuery query) throws SQLException {
    return communities(query, inputs(query));
  }

  /** The coverage of these communities by these sources (the present ones, or a past instant's). */
  static List<CommunityCoverage> communities(CoverageQuery query, Inputs in) {
    return answer(query, in.anchors(), nearest(in, points(in.sources(), Set.of())));
  }

  /** Which facilities a search starts from: a search serves every distance asked of it. */
  private record SearchKey(String category, List<String> statuses, String district) {
    static SearchKey of(CoverageQuery q) {
      return new SearchKey(q.category(), q.statuses(), q.district());
    }
  }

  /**
   * Several present questions at once, each answered as {@link #communities(CoverageQuery)} would:
   * one snapshot reads the anchors once per district and every category's sources in one query per
   * status set; the anchors are joined to the graph once, and one search runs per category (not per
   * distance), the categories' searches spread over the cores.
   */
  List<List<CommunityCoverage>> communities(List<CoverageQuery> queries) throws SQLException {
    RoadGraph graph;
    Map<String, List<Anchor>> anchorsByDistrict = new HashMap<>();
    Map<SearchKey, List<double[]>> sources = new HashMap<>();
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
      try {
        graph = graphs.get(c);
        for (CoverageQuery q : queries) {
          if (!anchorsByDistrict.containsKey(q.district())) {
            anchorsByDistrict.put(q.district(), readAnchors(c, q.district()));
          }
        }
        Map<List<String>, Map<String, List<double[]>>> byStatuses = new HashMap<>();
        for (CoverageQuery q : queries) {
          byStatuses.computeIfAbsent(q.statuses(), k -> new HashMap<>()).put(q.category(), new ArrayList<>());
        }
        for (Map.Entry<List<String>, Map<String, List<double[]>>> e : byStatuses.entrySet()) {
          readSources(c, e.getKey(), e.getValue());
        }
        for (CoverageQuery q : queries) {
          sources.put(SearchKey.of(q), byStatuses.get(q.statuses()).get(q.category()));
        }
      } finally {
        c.rollback();
      }
    }
    Map<String, WalkingDistance.Targets> targets = new HashMap<>();
    for (Map.Entry<String, List<Anchor>> e : anchorsByDistrict.entrySet()) {
      double[][] points = e.getValue().stream().map(a -> new double[] {a.lon(), a.lat()}).toArray(double[][]::new);
      targets.put(e.getKey(), WalkingDistance.targets(graph, points, MAX_LEG_M));
    }
    Map<SearchKey, double[]> distances = new java.util.concurrent.ConcurrentHashMap<>();
    sources.keySet().parallelStream().forEach(key -> distances.put(key,
        nearest(graph, sources.get(key), targets.get(key.district()))));
    List<List<CommunityCoverage>> out = new ArrayList<>(queries.size());
    for (CoverageQuery q : queries) {
      out.add(answer(q, anchorsByDistrict.get(q.district()), distances.get(SearchKey.of(q))));
    }
    return out;
  }

  private static double[] nearest(RoadGraph graph, List<double[]> sourcePoints, WalkingDistance.Targets targets) {
    if (sourcePoints.isEmpty()) {
      double[] none = new double[targets.size()];
      java.util.Arrays.fill(none, Double.NaN);
      return none;
    }
    return WalkingDistance.nearest(graph, sourcePoints.toArray(double[][]::new), targets, MAX_LEG_M,
        Double.POSITIVE_INFINITY);
  }

  private static List<Anchor> readAnchors(Connection c, String district) throws SQLException {
    Map<String, Object> values = new HashMap<>();
    values.put("district", district);
    List<Anchor> anchors = new ArrayList<>();
    try (PreparedStatement ps = ANCHORS.prepare(c, values); ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        anchors.add(new Anchor(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
            rs.getString(6), rs.getLong(7), rs.getDouble(8), rs.getDouble(9)));
      }
    }
    return anchors;
  }

  /** Fills {@code byCategory}'s lists with each category's sources of these statuses, in id order. */
  private static void readSources(Connection c, List<String> statuses, Map<String, List<double[]>> byCategory)
      throws SQLException {
    Map<String, Object> values = new HashMap<>();
    values.put("categories", byCategory.keySet().toArray(String[]::new));
    values.put("statuses", statuses.toArray(String[]::new));
    try (PreparedStatement ps = SOURCES_OF_CATEGORIES.prepare(c, values); ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        byCategory.get(rs.getString(1)).add(new double[] {rs.getDouble(3), rs.getDouble(4)});
      }
    }
  }

  /** The communities of {@code anchors} with their walking distances {@code d} (NaN: unreachable). */
  private static List<CommunityCoverage> answer(CoverageQuery query, List<Anchor> anchors, double[] d) {
    List<CommunityCoverage> out = new ArrayList<>(d.length);
    for (int i = 0; i < d.length; i++) {
      Anchor a = anchors.get(i);
      boolean reachable = Double.isFinite(d[i]);
      out.add(new CommunityCoverage(a.code(), a.name(), a.districtCode(), a.district(), a.streetCode(),
          a.street(), a.population(),
          reachable ? Math.round(d[i] * 10) / 10.0 : null, reachable && d[i] <= query.distanceM(), a.lon(), a.lat()));
    }
    return out;
  }
}
