package linli.registry.coverage.network;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import linli.registry.Database;
import linli.registry.RegistryChanges;
import linli.registry.city.CityLoader;
import linli.registry.coverage.CommunityCoverage;
import linli.registry.coverage.CoverageAnalyzer;
import linli.registry.coverage.CoverageMode;
import linli.registry.coverage.CoverageQuery;
import linli.registry.coverage.RandomCity;
import linli.registry.testing.ChangeFeeds;
import linli.registry.testing.PostgisExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.locationtech.jts.geom.LineString;

/**
 * Network answers after facility edits, when the category's kept search follows each edit instead of
 * searching the whole graph again: after every round of random edits (facilities added, deleted,
 * moved, closed and opened again, a round that changes more than half of them), the analyzer's
 * answers at several distances are the full computation's: one search from every counted facility
 * as the registry now holds them, over a graph built from the same roads. Two analyzers answer: one
 * reads an edited category whole, the other follows the change feed, which names the facilities an
 * edit touched, and patches the category with them.
 */
@ExtendWith(PostgisExtension.class)
class NetworkEditsOracleIT {
  private static final double LON0 = 120.375;
  private static final double LAT0 = 36.065;

  private record Counted(double lon, double lat) {}

  @Test
  void answersFollowFacilityEditsAsTheFullSearch(Database db) throws Exception {
    Random random = new Random(77);
    List<LineString> roads = WalkingDistanceOracleTest.randomNetwork(random);
    new CityLoader(db.dataSource()).load(RandomCity.build(77, 0, 160, 40, 300, LON0, LAT0, 0.025, 0.02, roads));
    CoverageAnalyzer analyzer = new CoverageAnalyzer(db.dataSource());
    CoverageAnalyzer following = new CoverageAnalyzer(db.dataSource());
    try (RegistryChanges feed = ChangeFeeds.listening(db)) {
      following.followChanges(feed);
      check(db, roads, random, List.of(analyzer, following));
    }
  }

  private static void check(Database db, List<LineString> roads, Random random, List<CoverageAnalyzer> analyzers)
      throws SQLException {
    RoadGraph graph = RoadGraph.build(roads);
    List<double[]> anchors = new ArrayList<>();
    List<String> codes = new ArrayList<>();
    try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT code, ST_X(anchor), ST_Y(anchor) FROM community ORDER BY code")) {
      while (rs.next()) {
        codes.add(rs.getString(1));
        anchors.add(new double[] {rs.getDouble(2), rs.getDouble(3)});
      }
    }
    double[][] targets = anchors.toArray(double[][]::new);

    int changedAnswers = 0;
    String previous = null;
    for (int round = 0; round < 14; round++) {
      for (double distance : new double[] {250, 600}) {
        CoverageQuery q = new CoverageQuery(RandomCity.CATEGORY, distance, CoverageMode.NETWORK, null, List.of("open"));
        List<double[]> points = counted(db).stream().map(f -> new double[] {f.lon(), f.lat()}).toList();
        double[] expected = points.isEmpty() ? nans(targets.length)
            : WalkingDistance.nearest(graph, points.toArray(double[][]::new), targets, 1_000, Double.POSITIVE_INFINITY);
        List<CommunityCoverage> answer = null;
        for (CoverageAnalyzer analyzer : analyzers) {
          answer = analyzer.communities(q);
          assertThat(answer).hasSize(targets.length);
          for (int i = 0; i < targets.length; i++) {
            CommunityCoverage got = answer.get(i);
            assertThat(got.code()).isEqualTo(codes.get(i));
            if (Double.isNaN(expected[i])) {
              assertThat(got.nearestM()).as("round %d, %s", round, got.code()).isNull();
            } else {
              assertThat(got.nearestM()).as("round %d, %s", round, got.code())
                  .isEqualTo(Math.round(expected[i] * 10) / 10.0);
              assertThat(got.covered()).isEqualTo(expected[i] <= distance);
            }
          }
        }
        if (distance == 600) {
          String now = answer.toString();
          changedAnswers += previous != null && !previous.equals(now) ? 1 : 0;
          previous = now;
        }
      }
      edit(db, random, round == 9);
    }
    assertThat(changedAnswers).as("rounds whose edits changed the answer").isGreaterThan(8);
  }

  /** A few random edits of the category's facilities (most of them when {@code many}). */
  private static void edit(Database db, Random random, boolean many) throws SQLException {
    try (Connection c = db.dataSource().getConnection()) {
      List<Long> ids = new ArrayList<>();
      try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
          "SELECT id FROM facility WHERE NOT deleted AND category = '" + RandomCity.CATEGORY + "' ORDER BY id")) {
        while (rs.next()) {
          ids.add(rs.getLong(1));
        }
      }
      int edits = many ? ids.size() * 2 / 3 : 1 + random.nextInt(3);
      for (int e = 0; e < edits; e++) {
        long id = ids.isEmpty() ? -1 : ids.get(random.nextInt(ids.size()));
        double lon = LON0 + random.nextDouble() * 0.025;
        double lat = LAT0 + random.nextDouble() * 0.02;
        switch (ids.isEmpty() ? 0 : random.nextInt(5)) {
          case 0 -> update(c, """
              INSERT INTO facility (category, name, status, community_code, source, source_id, geom, updated_by)
              SELECT ?, 'new', 'open', (SELECT code FROM community ORDER BY code LIMIT 1), 'edits', gen_random_uuid()::text,
                     ST_SetSRID(ST_MakePoint(?, ?), 4490), 'test'""", RandomCity.CATEGORY, lon, lat);
          case 1 -> update(c, "UPDATE facility SET deleted = true, version = version + 1 WHERE id = ?", id);
          case 2 -> update(c, "UPDATE facility SET geom = ST_SetSRID(ST_MakePoint(?, ?), 4490), version = version + 1 "
              + "WHERE id = ?", lon, lat, id);
          case 3 -> update(c, "UPDATE facility SET status = CASE status WHEN 'open' THEN 'closed' ELSE 'open' END, "
              + "version = version + 1 WHERE id = ?", id);
          default -> update(c, "UPDATE facility SET name = name || '.', version = version + 1 WHERE id = ?", id);
        }
      }
    }
  }

  private static void update(Connection c, String sql, Object... values) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < values.length; i++) {
        ps.setObject(i + 1, values[i]);
      }
      ps.executeUpdate();
    }
  }

  private static List<Counted> counted(Database db) throws SQLException {
    List<Counted> out = new ArrayList<>();
    try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT ST_X(geom), ST_Y(geom) FROM facility WHERE NOT deleted AND status = 'open' "
            + "AND category = '" + RandomCity.CATEGORY + "'")) {
      while (rs.next()) {
        out.add(new Counted(rs.getDouble(1), rs.getDouble(2)));
      }
    }
    return out;
  }

  private static double[] nans(int n) {
    double[] out = new double[n];
    java.util.Arrays.fill(out, Double.NaN);
    return out;
  }
}
