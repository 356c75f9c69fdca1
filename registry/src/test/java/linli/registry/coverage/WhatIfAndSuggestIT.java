package linli.registry.coverage;

import static linli.registry.testing.FixtureCity.anchor;
import static linli.registry.testing.FixtureCity.communityCode;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import linli.registry.Database;
import linli.registry.city.CityLoader;
import linli.registry.testing.FixtureCity;
import linli.registry.testing.PostgisExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** What-if and suggest on the hand-built fixture (communities 1 km apart; see FixtureCity). */
@ExtendWith(PostgisExtension.class)
class WhatIfAndSuggestIT {
  private static Database db;
  private static CoverageAnalyzer coverage;
  private static WhatIfAnalyzer whatIf;
  private static SiteSuggester suggester;

  @BeforeAll
  static void load(Database database) throws SQLException {
    db = database;
    new CityLoader(db.dataSource()).load(FixtureCity.build());
    coverage = new CoverageAnalyzer(db.dataSource());
    whatIf = new WhatIfAnalyzer(db.dataSource(), coverage);
    suggester = new SiteSuggester(coverage);
  }

  private static CoverageQuery shelters(double distance) {
    return new CoverageQuery("emergency_shelter", distance, CoverageMode.STRAIGHT, null, List.of("open"));
  }

  private static long idOf(String sourceId) throws SQLException {
    try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT id FROM facility WHERE source_id = '" + sourceId + "'")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  @Test
  void addingASiteAtACommunityCoversIt() throws SQLException {
    WhatIf.Result r = whatIf.analyse(new WhatIf(shelters(500),
        List.<double[]>of(new double[] {anchor(2).getX(), anchor(2).getY()}), List.of()));
    assertThat(r.newlyCovered()).containsExactly(communityCode(2));
    assertThat(r.newlyUncovered()).isEmpty();
    assertThat(r.before().population().covered()).isEqualTo(1_000);
    assertThat(r.after().population().covered()).isEqualTo(1_000 + 3_000);
  }

  @Test
  void removingTheOnlyFacilityUncoversItsCommunityAndStoresNothing() throws SQLException {
    WhatIf.Result r = whatIf.analyse(new WhatIf(shelters(500), List.of(), List.of(idOf("a"))));
    assertThat(r.newlyUncovered()).containsExactly(communityCode(0));
    assertThat(r.after().communities().covered()).isZero();
    // Nothing was stored: the real coverage is unchanged.
    assertThat(coverage.report(shelters(500)).communities().covered()).isEqualTo(1);
  }

  @Test
  void aSiteJustOutsideTheDistanceDoesNotCount() throws SQLException {
    var justOutside = FixtureCity.offset(anchor(2), 90, 500.05);
    var justInside = FixtureCity.offset(anchor(2), 90, 499.95);
    assertThat(whatIf.analyse(new WhatIf(shelters(500),
        List.<double[]>of(new double[] {justOutside.getX(), justOutside.getY()}), List.of())).newlyCovered()).isEmpty();
    assertThat(whatIf.analyse(new WhatIf(shelters(500),
        List.<double[]>of(new double[] {justInside.getX(), justInside.getY()}), List.of())).newlyCovered())
        .containsExactly(communityCode(2));
  }

  @Test
  void theFirstSuggestionCoversTheMostPeople() throws SQLException {
    // At 1,100 m, community 4's office reaches communities 3, 4 and 5 (15,000 people): no other
    // candidate reaches as many.
    SiteSuggester.Suggestion s = suggester.suggest(shelters(1100), 1);
    assertThat(s.sites()).hasSize(1);
    assertThat(s.sites().get(0).newlyCovered())
        .containsExactly(communityCode(3), communityCode(4), communityCode(5));
    assertThat(s.sites().get(0).gainPopulation()).isEqualTo(15_000);
  }

  @Test
  void reportedGainsAreWhatCoverageRecomputesWithTheSuggestedSites() throws SQLException {
    for (double distance : new double[] {500, 1100}) {
      SiteSuggester.Suggestion s = suggester.suggest(shelters(distance), 3);
      List<double[]> sites = s.sites().stream().map(x -> new double[] {x.lon(), x.lat()}).toList();
      WhatIf.Result r = whatIf.analyse(new WhatIf(shelters(distance), sites, List.of()));
      assertThat(r.after().population().covered()).as("at %s m", distance).isEqualTo(s.populationCoveredAfter());
      long gains = s.sites().stream().mapToLong(SiteSuggester.Site::gainPopulation).sum();
      assertThat(r.before().population().covered() + gains).isEqualTo(s.populationCoveredAfter());
      // And PostGIS agrees: the what-if's SQL path (forced by removing an id that does not exist).
      WhatIf.Result sql = whatIf.analyse(new WhatIf(shelters(distance), sites, List.of(-1L)));
      assertThat(sql.after().population().covered()).isEqualTo(s.populationCoveredAfter());
    }
  }

  @Test
  void suggestStopsWhenEveryoneIsCovered() throws SQLException {
    SiteSuggester.Suggestion s = suggester.suggest(shelters(20_000), 5);
    assertThat(s.sites()).isEmpty();
    assertThat(s.populationCoveredAfter()).isEqualTo(21_000);
  }

  @Test
  void cachedAnswersFollowEveryChangeOfTheRegistry() throws SQLException {
    CoverageQuery q = shelters(500);
    List<CommunityCoverage> first = coverage.communities(q);
    assertThat(coverage.communities(q)).isSameAs(first);
    try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
      s.execute("INSERT INTO facility (category, name, source, source_id, geom, updated_by) VALUES"
          + " ('emergency_shelter', '临时', 'cache-test', '1', ST_SetSRID(ST_MakePoint(" + anchor(2).getX() + ", "
          + anchor(2).getY() + "), 4490), 'test')");
    }
    List<CommunityCoverage> after = coverage.communities(q);
    assertThat(after).isNotSameAs(first);
    assertThat(after.stream().filter(CommunityCoverage::covered).count()).isEqualTo(2);
    try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
      s.execute("UPDATE facility SET deleted = true, version = version + 1 WHERE source = 'cache-test'");
    }
    assertThat(coverage.communities(q).stream().filter(CommunityCoverage::covered).count()).isEqualTo(1);
  }

  @Test
  void theInMemoryPathForAddedSitesAgreesWithTheSqlPath() throws SQLException {
    java.util.Random random = new java.util.Random(11);
    for (int round = 0; round < 20; round++) {
      List<double[]> sites = new java.util.ArrayList<>();
      for (int i = 0; i < 3; i++) {
        sites.add(new double[] {120.29 + random.nextDouble() * 0.09, 36.095 + random.nextDouble() * 0.02});
      }
      double distance = 200 + random.nextDouble() * 1200;
      WhatIf.Result memory = whatIf.analyse(new WhatIf(shelters(distance), sites, List.of()));
      // Removing a facility that does not exist changes nothing, but takes the SQL path.
      WhatIf.Result sql = whatIf.analyse(new WhatIf(shelters(distance), sites, List.of(-1L)));
      assertThat(memory).as("round %d", round).isEqualTo(sql);
    }
  }
}
