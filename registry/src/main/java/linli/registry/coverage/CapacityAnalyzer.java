package linli.registry.coverage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import linli.registry.NamedSql;
import linli.registry.SqlResource;
import linli.registry.coverage.network.Catchments;
import linli.registry.coverage.network.RoadGraph;

/**
 * Finds each facility's catchment (the communities within the distance: straight, in SQL; or along
 * the roads, one bounded search per facility on the cached graph) and runs the floating catchment
 * over them, city-wide.
 */
final class CapacityAnalyzer {
  private static final NamedSql FACILITIES =
      NamedSql.parse(SqlResource.load(CapacityAnalyzer.class, "capacity_facilities.sql"));
  private static final NamedSql PAIRS = NamedSql.parse(SqlResource.load(CapacityAnalyzer.class, "capacity_pairs.sql"));

  private final DataSource dataSource;
  private final RoadGraphCache graphs;

  CapacityAnalyzer(DataSource dataSource, RoadGraphCache graphs) {
    this.dataSource = dataSource;
    this.graphs = graphs;
  }

  private record Facility(long id, String name, double lon, double lat, Integer capacity, Double areaM2) {}

  /** @param all every community of the city, as coverage answered the same query without a district */
  Capacity compute(CoverageQuery query, List<CommunityCoverage> all) throws SQLException {
    Map<String, Object> values = new HashMap<>();
    values.put("category", query.category());
    values.put("statuses", query.statuses().toArray(String[]::new));
    values.put("distance", query.distanceM());
    Map<String, Integer> communityIndex = new HashMap<>();
    long[] population = new long[all.size()];
    for (int i = 0; i < all.size(); i++) {
      communityIndex.put(all.get(i).code(), i);
      population[i] = all.get(i).population();
    }
    List<Facility> facilities = new ArrayList<>();
    List<int[]> pairs = new ArrayList<>();
    if (query.mode() == CoverageMode.NETWORK) {
      graphs.prepare(dataSource);
    }
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
      try {
        try (PreparedStatement ps = FACILITIES.prepare(c, values); ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            facilities.add(new Facility(rs.getLong("id"), rs.getString("name"), rs.getDouble("lon"),
                rs.getDouble("lat"), rs.getObject("capacity", Integer.class), rs.getObject("area_m2", Double.class)));
          }
        }
        if (query.mode() == CoverageMode.NETWORK) {
          networkPairs(graphs.get(c), facilities, all, query.distanceM(), pairs);
        } else {
          straightPairs(c, values, facilities, communityIndex, pairs);
        }
      } finally {
        c.rollback();
      }
    }
    return result(CapacityRule.of(query.category()), facilities, all, population, pairs);
  }

  private static void straightPairs(Connection c, Map<String, Object> values, List<Facility> facilities,
      Map<String, Integer> communityIndex, List<int[]> pairs) throws SQLException {
    Map<Long, Integer> facilityIndex = new HashMap<>();
    for (int j = 0; j < facilities.size(); j++) {
      facilityIndex.put(facilities.get(j).id(), j);
    }
    try (PreparedStatement ps = PAIRS.prepare(c, values); ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        Integer j = facilityIndex.get(rs.getLong(1));
        Integer i = communityIndex.get(rs.getString(2));
        if (j != null && i != null) {
          pairs.add(new int[] {j, i});
        }
      }
    }
  }

  private static void networkPairs(RoadGraph graph, List<Facility> facilities, List<CommunityCoverage> all,
      double distance, List<int[]> pairs) {
    double[][] sources = facilities.stream().map(f -> new double[] {f.lon(), f.lat()}).toArray(double[][]::new);
    double[][] targets = all.stream().map(c -> new double[] {c.anchorLon(), c.anchorLat()}).toArray(double[][]::new);
    Catchments.Reach reach = Catchments.within(graph, sources, targets, NetworkCoverage.MAX_LEG_M, distance);
    for (int j = 0; j < sources.length; j++) {
      for (int i : reach.targets()[j]) {
        pairs.add(new int[] {j, i});
      }
    }
  }

  private static Capacity result(CapacityRule rule, List<Facility> facilities, List<CommunityCoverage> all,
      long[] population, List<int[]> pairs) {
    double[] supply = new double[facilities.size()];
    for (int j = 0; j < supply.length; j++) {
      Double s = rule.supply(facilities.get(j).capacity(), facilities.get(j).areaM2());
      supply[j] = s == null ? Double.NaN : s;
    }
    int[] facilityOf = pairs.stream().mapToInt(p -> p[0]).toArray();
    int[] communityOf = pairs.stream().mapToInt(p -> p[1]).toArray();
    FloatingCatchment.Result r = FloatingCatchment.compute(supply, population, facilityOf, communityOf);
    Map<Long, List<String>> catchments = new LinkedHashMap<>();
    int[] counts = new int[supply.length];
    for (int[] p : pairs) {
      catchments.computeIfAbsent(facilities.get(p[0]).id(), k -> new ArrayList<>()).add(all.get(p[1]).code());
      counts[p[0]]++;
    }
    List<Capacity.FacilityRatio> ratios = new ArrayList<>();
    for (int j = 0; j < supply.length; j++) {
      Facility f = facilities.get(j);
      ratios.add(new Capacity.FacilityRatio(f.id(), f.name(), f.lon(), f.lat(), Double.isNaN(supply[j]) ? null : supply[j],
          r.demand()[j], counts[j], Double.isNaN(r.ratio()[j]) || Double.isNaN(supply[j]) ? null : r.ratio()[j]));
    }
    Map<String, Double> access = new HashMap<>();
    for (int i = 0; i < all.size(); i++) {
      access.put(all.get(i).code(), r.access()[i]);
    }
    return new Capacity(rule, List.copyOf(ratios), Map.copyOf(access), Map.copyOf(catchments));
  }
}
