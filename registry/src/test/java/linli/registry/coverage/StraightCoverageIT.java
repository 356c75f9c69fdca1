package linli.registry.coverage;

import static linli.registry.testing.FixtureCity.anchor;
import static linli.registry.testing.FixtureCity.communityCode;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import linli.registry.Database;
import linli.registry.city.CityLoader;
import linli.registry.testing.FixtureCity;
import linli.registry.testing.PostgisExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Straight-line coverage on the hand-built fixture, whose answers are known in advance. */
@ExtendWith(PostgisExtension.class)
class StraightCoverageIT {
  private static CoverageAnalyzer analyzer;

  @BeforeAll
  static void load(Database db) throws SQLException {
    new CityLoader(db.dataSource()).load(FixtureCity.build());
    analyzer = new CoverageAnalyzer(db.dataSource());
  }

  private static CoverageQuery shelters(double distance, List<String> statuses) {
    return new CoverageQuery("emergency_shelter", distance, CoverageMode.STRAIGHT, null, statuses);
  }

  private static Map<String, CommunityCoverage> byCode(CoverageQuery query) throws SQLException {
    return analyzer.communities(query).stream().collect(Collectors.toMap(CommunityCoverage::code, Function.identity()));
  }

  @Test
  void nearestDistancesAreTrueMetresOnTheGround() throws SQLException {
    Map<String, CommunityCoverage> result = byCode(shelters(500, List.of("open")));
    assertThat(result.get(communityCode(0)).nearestM()).isCloseTo(400.0, within(0.1));
    assertThat(result.get(communityCode(1)).nearestM()).isCloseTo(650.0, within(0.1));
    assertThat(result.get(communityCode(0)).covered()).isTrue();
    assertThat(result.get(communityCode(1)).covered()).isFalse();
  }

  @Test
  void summaryCountsCommunitiesAndPeople() throws SQLException {
    CoverageReport report = analyzer.report(shelters(500, List.of("open")));
    assertThat(report.communities()).isEqualTo(new CoverageReport.Counts(6, 1));
    assertThat(report.population().total()).isEqualTo(21_000);
    assertThat(report.population().covered()).isEqualTo(1_000);
    assertThat(report.population().share()).isEqualTo(0.0476);
    // Largest population first.
    assertThat(report.uncovered()).extracting(CoverageReport.Uncovered::code)
        .containsExactly(communityCode(5), communityCode(4), communityCode(3), communityCode(2), communityCode(1));
  }

  @Test
  void aLongerDistanceCoversMore() throws SQLException {
    assertThat(analyzer.report(shelters(700, List.of("open"))).communities().covered()).isEqualTo(2);
  }

  @Test
  void closedAndPlannedFacilitiesCountOnlyWhenAsked() throws SQLException {
    assertThat(byCode(shelters(150, List.of("open"))).get(communityCode(3)).covered()).isFalse();
    assertThat(byCode(shelters(150, List.of("closed"))).get(communityCode(3)).nearestM())
        .isCloseTo(100.0, within(0.1));
    assertThat(byCode(shelters(250, List.of("planned", "open"))).get(communityCode(3)).covered()).isTrue();
  }

  @Test
  void districtFilterTakesCodeOrName() throws SQLException {
    CoverageQuery byCodeQuery = new CoverageQuery("emergency_shelter", 500, CoverageMode.STRAIGHT, "370203",
        List.of("open"));
    CoverageQuery byName = new CoverageQuery("emergency_shelter", 500, CoverageMode.STRAIGHT, "市北区",
        List.of("open"));
    assertThat(analyzer.communities(byCodeQuery)).extracting(CommunityCoverage::code)
        .containsExactly(communityCode(3), communityCode(4), communityCode(5));
    assertThat(analyzer.communities(byName)).isEqualTo(analyzer.communities(byCodeQuery));
  }

  @Test
  void aCategoryWithoutFacilitiesLeavesEveryoneUncoveredWithNoNearest() throws SQLException {
    CoverageReport report = analyzer.report(
        new CoverageQuery("police_office", 1000, CoverageMode.STRAIGHT, null, List.of("open")));
    assertThat(report.communities().covered()).isZero();
    assertThat(report.uncovered()).allSatisfy(u -> assertThat(u.nearestM()).isNull());
  }

  @Test
  void communityWithoutReferencePointIsMeasuredFromAPointOnItsSurface() throws SQLException {
    // Community 5 has no committee office: its anchor is inside its own square, so the nearest open
    // shelter (community 1's, 650 m south of anchor 1) is more than 3 km away.
    double nearest = byCode(shelters(500, List.of("open"))).get(communityCode(5)).nearestM();
    assertThat(nearest).isGreaterThan(3000);
  }

  @Test
  void geoJsonCarriesTheSameAnswers() throws SQLException {
    String json = analyzer.communitiesGeoJson(shelters(500, List.of("open")));
    assertThat(json).startsWith("{\"type\" : \"FeatureCollection\"").contains("\"numberMatched\" : 6");
    assertThat(json).contains("\"covered\" : true").contains("\"covered\" : false");
  }

  @Test
  void anchorsAreWhereTheFixtureSaysTheyAre() {
    assertThat(FixtureCity.distance(anchor(0), anchor(1))).isBetween(990.0, 1010.0);
  }
}
