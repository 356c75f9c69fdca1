package linli.registry.coverage.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import linli.registry.Database;
import linli.registry.city.CityData;
import linli.registry.city.CityLoader;
import linli.registry.coverage.BruteForceCatchment;
import linli.registry.coverage.Capacity;
import linli.registry.coverage.CommunityCoverage;
import linli.registry.coverage.CoverageAnalyzer;
import linli.registry.coverage.CoverageMode;
import linli.registry.coverage.CoverageQuery;
import linli.registry.coverage.RandomCity;
import linli.registry.coverage.SiteSuggester;
import linli.registry.coverage.WhatIf;
import linli.registry.coverage.WhatIfAnalyzer;
import linli.registry.testing.PostgisExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.locationtech.jts.geom.LineString;

/**
 * Network mode end to end on a random road grid (as {@link WalkingDistanceOracleTest} builds it)
 * with a random city over it: capacity against {@link BruteForceCatchment} with {@link
 * BruteForceNetwork} walking distances (one naive Dijkstra per shelter), and suggested sites whose
 * gains a what-if recomputation confirms to the person.
 */
@ExtendWith(PostgisExtension.class)
class NetworkCapacityAndSuggestIT {
  private static final double DISTANCE = 400;
  private static CityData city;
  private static List<LineString> roads;
  private static Database db;
  private static CoverageAnalyzer analyzer;
  private static final Map<Long, String> sourceIds = new HashMap<>();

  @BeforeAll
  static void load(Database database) throws SQLException {
    db = database;
    roads = WalkingDistanceOracleTest.randomNetwork(new Random(41));
    city = RandomCity.build(41, 0, 220, 25, DISTANCE, 120.375, 36.065, 0.025, 0.02, roads);
    new CityLoader(db.dataSource()).load(city);
    analyzer = new CoverageAnalyzer(db.dataSource());
    try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT id, source_id FROM facility")) {
      while (rs.next()) {
        sourceIds.put(rs.getLong(1), rs.getString(2));
      }
    }
  }

  private static CoverageQuery query() {
    return new CoverageQuery(RandomCity.CATEGORY, DISTANCE, CoverageMode.NETWORK, null, List.of("open"));
  }

  @Test
  void capacityAlongTheRoadsMatchesTheBruteForce() throws SQLException {
    BruteForceNetwork network = new BruteForceNetwork(roads);
    Map<String, BruteForceNetwork.Prepared> bySource = new HashMap<>();
    for (CityData.Facility f : city.facilities()) {
      bySource.put(f.sourceId(), network.new Prepared(new double[][] {{f.geom().getX(), f.geom().getY()}}, 1000));
    }
    Capacity capacity = analyzer.capacity(query());
    Set<String> enginePairs = new HashSet<>();
    capacity.catchments().forEach((id, codes) -> codes.forEach(code -> enginePairs.add(sourceIds.get(id) + "/" + code)));
    BruteForceCatchment.Answer expected = BruteForceCatchment.compute(city, DISTANCE, (f, c) -> {
      double d = bySource.get(f.sourceId()).distance(c.refPoint().getX(), c.refPoint().getY());
      // A walk within 1 µm of the limit is a rounding tie: follow the engine there (none is planted).
      return Math.abs(d - DISTANCE) < 1e-6 ? (enginePairs.contains(f.sourceId() + "/" + c.code()) ? 0 : Double.NaN) : d;
    });
    int withRatio = 0;
    for (Capacity.FacilityRatio r : capacity.facilities()) {
      String id = sourceIds.get(r.id());
      assertThat(r.demand()).as(id).isEqualTo(expected.demand().get(id));
      if (r.ratio() != null) {
        assertThat(r.ratio()).as(id).isCloseTo(expected.ratio().get(id), within(1e-12));
        withRatio++;
      }
    }
    int overcrowded = 0;
    int adequate = 0;
    for (CommunityCoverage c : analyzer.communities(query())) {
      boolean reached = expected.reached().get(c.code());
      double access = expected.access().get(c.code());
      assertThat(c.covered()).as(c.code()).isEqualTo(reached);
      assertThat(capacity.access().get(c.code())).as(c.code()).isCloseTo(access, within(1e-9));
      assertThat(capacity.overcrowded(c)).isEqualTo(reached && access < 1);
      overcrowded += reached && access < 1 ? 1 : 0;
      adequate += reached && access >= 1 ? 1 : 0;
    }
    System.out.printf("network 2SFCA: %d ratios, %d overcrowded, %d adequate%n", withRatio, overcrowded, adequate);
    assertThat(withRatio).isGreaterThan(5);
    assertThat(overcrowded).isGreaterThan(3);
    assertThat(adequate).isGreaterThan(3);
  }

  @Test
  void suggestedGainsAreWhatANetworkWhatIfRecomputes() throws SQLException {
    SiteSuggester suggester = new SiteSuggester(analyzer);
    WhatIfAnalyzer whatIf = new WhatIfAnalyzer(db.dataSource(), analyzer);
    for (double distance : new double[] {250, DISTANCE, 700}) {
      CoverageQuery q = new CoverageQuery(RandomCity.CATEGORY, distance, CoverageMode.NETWORK, null, List.of("open"));
      SiteSuggester.Suggestion s = suggester.suggest(q, 6);
      assertThat(s.sites()).as("at %s m", distance).isNotEmpty();
      Map<String, Long> population = new HashMap<>();
      city.communities().forEach(c -> population.put(c.code(), (long) c.population()));
      long previous = Long.MAX_VALUE;
      for (SiteSuggester.Site site : s.sites()) {
        assertThat(site.gainPopulation())
            .isEqualTo(site.newlyCovered().stream().mapToLong(population::get).sum())
            .isLessThanOrEqualTo(previous); // greedy: gains never grow
        previous = site.gainPopulation();
      }
      List<double[]> sites = s.sites().stream().map(x -> new double[] {x.lon(), x.lat()}).toList();
      WhatIf.Result r = whatIf.analyse(new WhatIf(q, sites, List.of()));
      assertThat(r.after().population().covered()).as("at %s m", distance).isEqualTo(s.populationCoveredAfter());
      long gains = s.sites().stream().mapToLong(SiteSuggester.Site::gainPopulation).sum();
      assertThat(r.before().population().covered() + gains).isEqualTo(s.populationCoveredAfter());
      assertThat(r.newlyCovered()).containsExactlyInAnyOrderElementsOf(
          s.sites().stream().flatMap(x -> x.newlyCovered().stream()).toList());
    }
  }
}
