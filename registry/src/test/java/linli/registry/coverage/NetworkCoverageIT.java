package linli.registry.coverage;

import static linli.registry.testing.FixtureCity.anchor;
import static linli.registry.testing.FixtureCity.communityCode;
import static linli.registry.testing.FixtureCity.offset;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import linli.registry.Database;
import linli.registry.city.CityData;
import linli.registry.city.CityLoader;
import linli.registry.testing.FixtureCity;
import linli.registry.testing.PostgisExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Point;

/**
 * Network mode on the fixture with one straight road through the six community offices: every
 * walking distance is a leg to the road plus a stretch along it, computed here with GeographicLib.
 */
@ExtendWith(PostgisExtension.class)
class NetworkCoverageIT {
  private static Database db;
  private static CoverageAnalyzer coverage;

  @BeforeAll
  static void load(Database database) throws SQLException {
    db = database;
    CityData fixture = FixtureCity.build();
    List<CityData.Road> roads = new ArrayList<>();
    // Vertices at every anchor, so distances along the road are anchor-to-anchor geodesics.
    for (int i = 0; i < 4; i++) {
      roads.add(new CityData.Road("residential", true, FixtureCity.GEOMETRY.createLineString(new Coordinate[] {
          anchor(i).getCoordinate(), anchor(i + 1).getCoordinate()})));
    }
    List<CityData.Facility> facilities = new ArrayList<>(fixture.facilities());
    // A meal point 1,500 m north of the road: it cannot join the network.
    facilities.add(new CityData.Facility("meal_point", "远处助餐点", null, "open", null, null, null, null, "it", "m1",
        offset(anchor(2), 0, 1500)));
    new CityLoader(db.dataSource()).load(new CityData(fixture.districts(), fixture.streets(), fixture.communities(),
        facilities, roads));
    coverage = new CoverageAnalyzer(db.dataSource());
  }

  private static Map<String, CommunityCoverage> network(String category, double distance) throws SQLException {
    return coverage.communities(new CoverageQuery(category, distance, CoverageMode.NETWORK, null, List.of("open")))
        .stream().collect(Collectors.toMap(CommunityCoverage::code, Function.identity()));
  }

  /**
   * Each set of statuses asked is a kept search of its own (about 12 bytes per graph node): no more are
   * kept than the bound allows, the least recently asked going first, and an answer asked again
   * after its search was dropped is the same.
   */
  @Test
  void keptSearchesStayWithinTheirBound() throws SQLException {
    RoadGraphCache graphs = new RoadGraphCache();
    FacilityIndex index = new FacilityIndex(db.dataSource());
    NetworkCoverage probe = new NetworkCoverage(db.dataSource(), graphs, index, new PastIndex(db.dataSource(), index),
        Long.MAX_VALUE);
    probe.communities(new CoverageQuery("emergency_shelter", 500, CoverageMode.NETWORK, null, List.of("open")));
    long one = probe.keptSearchBytes(); // a search's pages, its slots and the communities' distances
    assertThat(one).isGreaterThanOrEqualTo(12L * graphs.get(db.dataSource()).nodeCount());
    NetworkCoverage twoKept = new NetworkCoverage(db.dataSource(), graphs, index, new PastIndex(db.dataSource(), index),
        one * 5 / 2); // room for two and a half
    List<List<String>> statusSets = List.of(List.of("open"), List.of("closed"), List.of("open", "closed"),
        List.of("open", "planned", "building"));
    List<List<CommunityCoverage>> first = new ArrayList<>();
    for (List<String> statuses : statusSets) {
      first.add(twoKept.communities(new CoverageQuery("emergency_shelter", 500, CoverageMode.NETWORK, null, statuses)));
      assertThat(twoKept.keptCounts()).as("kept searches, joined facilities").containsExactly(
          Math.min(2, first.size()), Math.min(2, first.size()));
    }
    for (int i = 0; i < statusSets.size(); i++) {
      assertThat(twoKept.communities(new CoverageQuery("emergency_shelter", 500, CoverageMode.NETWORK, null,
          statusSets.get(i)))).isEqualTo(first.get(i));
    }
    assertThat(first.get(0)).isNotEqualTo(first.get(1)); // the status sets do ask different questions
  }

  @Test
  void walkingDistanceIsLegPlusRoad() throws SQLException {
    Map<String, CommunityCoverage> r = network("emergency_shelter", 500);
    // Shelter a: 400 m north of office 0, which is on the road.
    assertThat(r.get(communityCode(0)).nearestM()).isCloseTo(400.0, within(0.5));
    // Office 1: shelter b is 650 m south of it (a's route would be 400 m + 1 km of road).
    assertThat(r.get(communityCode(1)).nearestM()).isCloseTo(650.0, within(0.5));
    // Office 2: b's leg, then 1 km of road from office 1 to office 2.
    double expected = 650 + FixtureCity.distance(anchor(1), anchor(2));
    assertThat(r.get(communityCode(2)).nearestM()).isCloseTo(expected, within(0.5));
    assertThat(r.get(communityCode(0)).covered()).isTrue();
    assertThat(r.get(communityCode(2)).covered()).isFalse();
  }

  @Test
  void aFacilityFartherThan1000MetresFromAnyRoadReachesNoOne() throws SQLException {
    Map<String, CommunityCoverage> r = network("meal_point", 50_000);
    assertThat(r.values()).allSatisfy(c -> {
      assertThat(c.nearestM()).isNull();
      assertThat(c.covered()).isFalse();
    });
    // In a straight line it is 1.5 km from office 2.
    assertThat(coverage.communities(new CoverageQuery("meal_point", 2000, CoverageMode.STRAIGHT, null,
        List.of("open"))).stream().filter(c -> c.code().equals(communityCode(2))).findFirst().orElseThrow().covered())
        .isTrue();
  }

  @Test
  void networkIsNeverShorterThanTheStraightLine() throws SQLException {
    Map<String, CommunityCoverage> net = network("emergency_shelter", 500);
    for (CommunityCoverage straight : coverage.communities(
        new CoverageQuery("emergency_shelter", 500, CoverageMode.STRAIGHT, null, List.of("open")))) {
      Double walk = net.get(straight.code()).nearestM();
      if (walk != null) {
        assertThat(walk).isGreaterThanOrEqualTo(straight.nearestM() - 0.1);
      }
    }
  }

  @Test
  void aNewRoadIsSeenWithoutARestart() throws SQLException {
    Point north = offset(anchor(2), 0, 1500);
    // Before: nobody reaches the meal point. Add a road from office 2 up to it.
    try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
      s.execute("INSERT INTO road (highway, walkable, geom) VALUES ('path', true, ST_SetSRID(ST_MakeLine("
          + "ST_MakePoint(" + anchor(2).getX() + ", " + anchor(2).getY() + "), ST_MakePoint(" + north.getX() + ", "
          + north.getY() + ")), 4490))");
    }
    Map<String, CommunityCoverage> r = network("meal_point", 50_000);
    assertThat(r.get(communityCode(2)).nearestM()).isCloseTo(1500.0, within(1.0));
    try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
      s.execute("DELETE FROM road WHERE highway = 'path'");
    }
    assertThat(network("meal_point", 50_000).get(communityCode(2)).nearestM()).isNull();
  }

  @Test
  void aFacilityOpenedOrClosedIsSeenByTheNextQuestion() throws SQLException {
    // The facilities stay joined to the graph between questions: a change must not be hidden by that.
    double before = network("emergency_shelter", 500).get(communityCode(4)).nearestM();
    Point near = offset(anchor(4), 0, 100);
    try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
      s.execute("INSERT INTO facility (category, name, status, source, source_id, geom, updated_by) VALUES"
          + " ('emergency_shelter', '新避难场所', 'open', 'it', 'joined-1', ST_SetSRID(ST_MakePoint(" + near.getX() + ", "
          + near.getY() + "), 4490), 'it')");
    }
    try {
      assertThat(network("emergency_shelter", 500).get(communityCode(4)).nearestM()).isCloseTo(100.0, within(0.5));
      try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
        s.execute("UPDATE facility SET status = 'closed', version = version + 1 WHERE source_id = 'joined-1'");
      }
      assertThat(network("emergency_shelter", 500).get(communityCode(4)).nearestM()).isEqualTo(before);
    } finally {
      try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
        s.execute("DELETE FROM facility WHERE source_id = 'joined-1'");
      }
    }
  }

  @Test
  void aDistrictQuestionAnswersThatDistrictAsTheCityQuestionDoes() throws SQLException {
    Map<String, CommunityCoverage> city = network("emergency_shelter", 500);
    String district = city.get(communityCode(0)).districtCode();
    List<CommunityCoverage> inDistrict = coverage.communities(
        new CoverageQuery("emergency_shelter", 500, CoverageMode.NETWORK, district, List.of("open")));
    assertThat(inDistrict).isNotEmpty().allSatisfy(c -> {
      assertThat(c.districtCode()).isEqualTo(district);
      assertThat(c).isEqualTo(city.get(c.code()));
    });
    assertThat(inDistrict).hasSize((int) city.values().stream().filter(c -> c.districtCode().equals(district)).count());
    assertThat(inDistrict.size()).as("the fixture has communities in more than one district").isLessThan(city.size());
  }

  @Test
  void whatIfWorksAlongTheNetworkToo() throws SQLException {
    WhatIf.Result r = new WhatIfAnalyzer(db.dataSource(), coverage).analyse(new WhatIf(
        new CoverageQuery("emergency_shelter", 500, CoverageMode.NETWORK, null, List.of("open")),
        List.<double[]>of(new double[] {anchor(3).getX(), anchor(3).getY()}), List.of()));
    assertThat(r.newlyCovered()).containsExactly(communityCode(3));
  }

  @Test
  void addedSitesAloneGiveWhatAFullRecomputationGives() throws SQLException {
    // The fast path (one search from the proposed sites, cut off at the distance, on top of today's
    // answer) against the full multi-source search with every facility and the sites (forced by a
    // removal of an id that does not exist).
    WhatIfAnalyzer whatIf = new WhatIfAnalyzer(db.dataSource(), coverage);
    java.util.Random random = new java.util.Random(11);
    int gaining = 0;
    for (int round = 0; round < 12; round++) {
      List<double[]> sites = new java.util.ArrayList<>();
      for (int i = 0, n = 1 + random.nextInt(3); i < n; i++) {
        Point p = offset(anchor(random.nextInt(6)), random.nextDouble() * 360, random.nextDouble() * 900);
        sites.add(new double[] {p.getX(), p.getY()});
      }
      double distance = 300 + random.nextInt(900);
      CoverageQuery q = new CoverageQuery("emergency_shelter", distance, CoverageMode.NETWORK, null, List.of("open"));
      WhatIf.Result fast = whatIf.analyse(new WhatIf(q, sites, List.of()));
      WhatIf.Result full = whatIf.analyse(new WhatIf(q, sites, List.of(-1L)));
      assertThat(fast.after()).as("round %d at %s m", round, distance).isEqualTo(full.after());
      assertThat(fast.before()).isEqualTo(full.before());
      assertThat(fast.newlyCovered()).containsExactlyInAnyOrderElementsOf(full.newlyCovered());
      gaining += fast.newlyCovered().isEmpty() ? 0 : 1;
    }
    assertThat(gaining).as("rounds where the sites change something").isBetween(1, 11);
  }
}
