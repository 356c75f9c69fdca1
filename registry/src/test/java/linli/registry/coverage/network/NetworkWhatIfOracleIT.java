package linli.registry.coverage.network;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import linli.registry.Database;
import linli.registry.city.CityData;
import linli.registry.city.CityLoader;
import linli.registry.coverage.CoverageAnalyzer;
import linli.registry.coverage.CoverageMode;
import linli.registry.coverage.CoverageQuery;
import linli.registry.coverage.CoverageSummary;
import linli.registry.coverage.RandomCity;
import linli.registry.coverage.WhatIf;
import linli.registry.coverage.WhatIfAnalyzer;
import linli.registry.testing.FixtureCity;
import linli.registry.testing.PostgisExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.LineString;

/**
 * Network what-ifs that remove facilities, against the full computation: two searches from every
 * counted facility of the registry as it is and as changed (the removed ones less, the sites
 * more), over a graph built from the same roads. Three random cities on random road grids side by
 * side (separate road networks), many random changes at several distances: removed facilities
 * that were some community's only one in reach, closed ones (not counted), another category's,
 * ids that do not exist, and sites added where a removed facility stood.
 */
@ExtendWith(PostgisExtension.class)
class NetworkWhatIfOracleIT {
  private static final int CITIES = 3;
  private static final double LON0 = 120.375;
  private static final double LAT0 = 36.065;
  /** Degrees of longitude between the cities: each grid with its island spans under 5 km. */
  private static final double SHIFT = 0.08;
  private static final String OTHER_CATEGORY = "elderly_care_station";

  private record Facility(long id, String category, String status, double lon, double lat) {}

  private record Community(String code, long population, double lon, double lat) {}

  private static Database db;
  private static RoadGraph graph;
  private static List<LineString> roads;
  private static CoverageAnalyzer analyzer;
  private static WhatIfAnalyzer whatIf;
  private static List<Community> communities;

  @BeforeAll
  static void load(Database database) throws SQLException {
    db = database;
    List<CityData> cities = new ArrayList<>();
    List<LineString> allRoads = new ArrayList<>();
    for (int p = 0; p < CITIES; p++) {
      Random random = new Random(500 + p);
      List<LineString> roads = shifted(WalkingDistanceOracleTest.randomNetwork(random), p * SHIFT);
      allRoads.addAll(roads);
      CityData city = RandomCity.build(500 + p, p, 160, 35, 300, LON0 + p * SHIFT, LAT0, 0.025, 0.02, roads);
      List<CityData.Facility> facilities = new ArrayList<>(city.facilities());
      for (int j = 0; j < 4; j++) { // another category's, to be named in removals
        facilities.add(new CityData.Facility(OTHER_CATEGORY, "养老服务站" + j, null, "open", null, null, null, null,
            "random", "other-" + p + "-" + j, FixtureCity.point(LON0 + p * SHIFT + random.nextDouble() * 0.025,
                LAT0 + random.nextDouble() * 0.02)));
      }
      cities.add(new CityData(city.districts(), city.streets(), city.communities(), facilities, city.roads()));
    }
    new CityLoader(db.dataSource()).load(RandomCity.merge(cities));
    roads = allRoads;
    graph = RoadGraph.build(allRoads);
    analyzer = new CoverageAnalyzer(db.dataSource());
    whatIf = new WhatIfAnalyzer(db.dataSource(), analyzer);
    communities = new ArrayList<>();
    try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT code, population, ST_X(anchor), ST_Y(anchor) FROM community ORDER BY code")) {
      while (rs.next()) {
        communities.add(new Community(rs.getString(1), rs.getLong(2), rs.getDouble(3), rs.getDouble(4)));
      }
    }
  }

  private static List<LineString> shifted(List<LineString> roads, double dLon) {
    List<LineString> out = new ArrayList<>();
    for (LineString road : roads) {
      Coordinate[] cs = road.getCoordinates();
      Coordinate[] moved = new Coordinate[cs.length];
      for (int i = 0; i < cs.length; i++) {
        moved[i] = new Coordinate(Math.round((cs[i].x + dLon) * 1e7) / 1e7, cs[i].y);
      }
      out.add(FixtureCity.GEOMETRY.createLineString(moved));
    }
    return out;
  }

  private static List<Facility> facilities() throws SQLException {
    List<Facility> out = new ArrayList<>();
    try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(
            "SELECT id, category, status, ST_X(geom), ST_Y(geom) FROM facility WHERE NOT deleted ORDER BY id")) {
      while (rs.next()) {
        out.add(new Facility(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getDouble(4), rs.getDouble(5)));
      }
    }
    return out;
  }

  /** The full search: every community's walking distance from the nearest of these points. */
  private static double[] fullSearch(List<double[]> points, double distance) {
    double[][] targets = communities.stream().map(c -> new double[] {c.lon(), c.lat()}).toArray(double[][]::new);
    if (points.isEmpty()) {
      double[] none = new double[targets.length];
      java.util.Arrays.fill(none, Double.NaN);
      return none;
    }
    return WalkingDistance.nearest(graph, points.toArray(double[][]::new), targets, 1_000, Double.POSITIVE_INFINITY);
  }

  private static Set<String> covered(double[] metres, double distance) {
    Set<String> out = new LinkedHashSet<>();
    for (int i = 0; i < metres.length; i++) {
      if (metres[i] <= distance) {
        out.add(communities.get(i).code());
      }
    }
    return out;
  }

  private static CoverageSummary summary(Set<String> covered) {
    return CoverageSummary.of(communities, Community::population, c -> covered.contains(c.code()));
  }

  private static boolean counted(Facility f) {
    return f.category().equals(RandomCity.CATEGORY) && f.status().equals("open");
  }

  @Test
  void removalsAnswerAsTheFullSearchesBeforeAndAfter() throws SQLException {
    List<Facility> all = facilities();
    List<Facility> open = all.stream().filter(NetworkWhatIfOracleIT::counted).toList();
    List<Facility> notCounted = all.stream().filter(f -> !counted(f)).toList();
    assertThat(notCounted).anyMatch(f -> f.category().equals(OTHER_CATEGORY)).anyMatch(f -> f.status().equals("closed"));
    long absent = all.stream().mapToLong(Facility::id).max().orElseThrow() + 1_000;
    Random random = new Random(15);
    BruteForceNetwork bruteForce = new BruteForceNetwork(roads);
    int changes = 0;
    int lostOnlyFacility = 0;
    int sameSpot = 0;
    int withLosses = 0;
    int withGains = 0;
    // Distances out of order: each is read off the same kept search.
    for (double distance : new double[] {200, 90, 650, 400, 1_100, 300}) {
      CoverageQuery q = new CoverageQuery(RandomCity.CATEGORY, distance, CoverageMode.NETWORK, null, List.of("open"));
      switch (random.nextInt(3)) { // who asked for the kept search first: coverage, life circles, or the what-if
        case 0 -> analyzer.communities(q);
        case 1 -> analyzer.covered(List.of(new CoverageQuery(RandomCity.CATEGORY, 300, CoverageMode.NETWORK, null,
            List.of("open"))));
        default -> { }
      }
      // The facilities that are some community's only one within the distance.
      List<Facility> onlyOnes = new ArrayList<>();
      int[] inReach = new int[communities.size()];
      List<double[]> single = new ArrayList<>();
      List<double[]> perFacility = new ArrayList<>();
      for (Facility f : open) {
        single.clear();
        single.add(new double[] {f.lon(), f.lat()});
        double[] d = fullSearch(single, distance);
        perFacility.add(d);
        for (int i = 0; i < d.length; i++) {
          inReach[i] += d[i] <= distance ? 1 : 0;
        }
      }
      for (int k = 0; k < open.size(); k++) {
        double[] d = perFacility.get(k);
        for (int i = 0; i < d.length; i++) {
          if (d[i] <= distance && inReach[i] == 1) {
            onlyOnes.add(open.get(k));
            break;
          }
        }
      }
      assertThat(onlyOnes).as("at %s m", distance).isNotEmpty();
      double[] todayMetres = fullSearch(open.stream().map(f -> new double[] {f.lon(), f.lat()}).toList(), distance);
      Set<String> before = covered(todayMetres, distance);
      // The reference itself, against the naive oracle (a walk within 1 µm of the distance is a rounding tie).
      BruteForceNetwork.Prepared naive = bruteForce.new Prepared(
          open.stream().map(f -> new double[] {f.lon(), f.lat()}).toArray(double[][]::new), 1_000);
      for (int i = 0; i < communities.size(); i++) {
        double d = naive.distance(communities.get(i).lon(), communities.get(i).lat());
        if (!(Math.abs(d - distance) < 1e-6)) {
          assertThat(before.contains(communities.get(i).code())).as(communities.get(i).code()).isEqualTo(d <= distance);
        }
      }
      for (int t = 0; t < 25; t++) {
        Set<Long> removed = new LinkedHashSet<>();
        List<Facility> removedCounted = new ArrayList<>();
        boolean removedOnlyOne = false;
        for (int n = 1 + random.nextInt(5); removed.size() < n; ) {
          double kind = random.nextDouble();
          Facility f = kind < 0.35 ? onlyOnes.get(random.nextInt(onlyOnes.size()))
              : kind < 0.8 ? open.get(random.nextInt(open.size()))
              : kind < 0.95 ? notCounted.get(random.nextInt(notCounted.size())) : null;
          if (removed.add(f == null ? absent + random.nextInt(3) : f.id()) && f != null && counted(f)) {
            removedCounted.add(f);
            removedOnlyOne |= onlyOnes.contains(f);
          }
        }
        List<double[]> added = new ArrayList<>();
        boolean atRemoved = false;
        for (int m = random.nextInt(4); m > 0; m--) {
          if (!removedCounted.isEmpty() && random.nextInt(3) == 0) {
            Facility f = removedCounted.get(random.nextInt(removedCounted.size()));
            added.add(new double[] {f.lon(), f.lat()});
            atRemoved = true;
          } else {
            int city = random.nextInt(CITIES);
            added.add(new double[] {LON0 + city * SHIFT - 0.002 + random.nextDouble() * 0.029,
                LAT0 - 0.002 + random.nextDouble() * 0.024});
          }
        }
        List<double[]> changed = new ArrayList<>();
        open.stream().filter(f -> !removed.contains(f.id())).forEach(f -> changed.add(new double[] {f.lon(), f.lat()}));
        changed.addAll(added);
        Set<String> after = covered(fullSearch(changed, distance), distance);

        WhatIf.Result r = whatIf.analyse(new WhatIf(q, added, List.copyOf(removed)));

        String what = "at " + distance + " m, removing " + removed + ", adding " + added.size();
        Set<String> gained = new HashSet<>(after);
        gained.removeAll(before);
        Set<String> lost = new HashSet<>(before);
        lost.removeAll(after);
        assertThat(r.newlyCovered()).as(what).containsExactlyInAnyOrderElementsOf(gained);
        assertThat(r.newlyUncovered()).as(what).containsExactlyInAnyOrderElementsOf(lost);
        assertThat(r.before()).as(what).isEqualTo(summary(before));
        assertThat(r.after()).as(what).isEqualTo(summary(after));
        changes++;
        lostOnlyFacility += removedOnlyOne && !lost.isEmpty() ? 1 : 0;
        sameSpot += atRemoved ? 1 : 0;
        withLosses += lost.isEmpty() ? 0 : 1;
        withGains += gained.isEmpty() ? 0 : 1;
      }
    }
    System.out.printf("network what-ifs with removals: %d checked, %d lose someone (%d an only facility), %d win"
        + " someone, %d add a site where a removed facility stood%n", changes, withLosses, lostOnlyFacility, withGains,
        sameSpot);
    assertThat(lostOnlyFacility).isGreaterThan(10);
    assertThat(withGains).isGreaterThan(10);
    assertThat(sameSpot).isGreaterThan(5);
  }

  @Test
  void aFacilityOpenedAfterTheKeptSearchIsPartOfBefore() throws SQLException {
    double distance = 400;
    CoverageQuery q = new CoverageQuery(RandomCity.CATEGORY, distance, CoverageMode.NETWORK, null, List.of("open"));
    // A community nobody covers today that a shelter at its own anchor would.
    List<double[]> todayOpen = facilities().stream().filter(NetworkWhatIfOracleIT::counted)
        .map(f -> new double[] {f.lon(), f.lat()}).toList();
    Set<String> uncovered = new HashSet<>(communities.stream().map(Community::code).toList());
    uncovered.removeAll(covered(fullSearch(todayOpen, distance), distance));
    Community far = communities.stream().filter(c -> uncovered.contains(c.code())
        && covered(fullSearch(List.of(new double[] {c.lon(), c.lat()}), distance), distance).contains(c.code()))
        .findFirst().orElseThrow();
    analyzer.communities(q); // a full search kept for the category
    try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
      s.execute("INSERT INTO facility (category, name, status, source, source_id, geom, updated_by) VALUES ('"
          + RandomCity.CATEGORY + "', '新避难场所', 'open', 'it', 'opened-1', ST_SetSRID(ST_MakePoint(" + far.lon() + ", "
          + far.lat() + "), 4490), 'it')");
    }
    try {
      List<Facility> open = facilities().stream().filter(NetworkWhatIfOracleIT::counted).toList();
      Facility removed = open.get(0);
      List<double[]> today = open.stream().map(f -> new double[] {f.lon(), f.lat()}).toList();
      List<double[]> changed = open.stream().filter(f -> f != removed).map(f -> new double[] {f.lon(), f.lat()})
          .toList();
      Set<String> before = covered(fullSearch(today, distance), distance);
      Set<String> after = covered(fullSearch(changed, distance), distance);
      assertThat(before).contains(far.code());

      WhatIf.Result r = whatIf.analyse(new WhatIf(q, List.of(), List.of(removed.id())));

      assertThat(r.before()).isEqualTo(summary(before));
      assertThat(r.after()).isEqualTo(summary(after));
      assertThat(r.newlyCovered()).isEmpty();
    } finally {
      try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
        s.execute("DELETE FROM facility WHERE source_id = 'opened-1'");
      }
    }
  }
}
