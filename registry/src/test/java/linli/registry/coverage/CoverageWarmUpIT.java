package linli.registry.coverage;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.util.List;
import linli.registry.Database;
import linli.registry.city.CityLoader;
import linli.registry.testing.FixtureCity;
import linli.registry.testing.PostgisExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A warmed-up engine answers its first questions of every category without loading or searching anything. */
@ExtendWith(PostgisExtension.class)
class CoverageWarmUpIT {
  private static Database db;

  @BeforeAll
  static void load(Database database) throws SQLException {
    db = database;
    new CityLoader(db.dataSource()).load(FixtureCity.build());
  }

  @Test
  void afterTheWarmUpTheFirstQuestionsLoadNoCategory() throws SQLException {
    CoverageAnalyzer coverage = new CoverageAnalyzer(db.dataSource());
    String loaded = coverage.warmUp();
    // The map's first question (the first category's default one) finds its report made.
    long before = coverage.cacheStats().hits();
    long computed = coverage.cacheStats().misses();
    CoverageReport.Counts seen = coverage.report(new CoverageQuery("emergency_shelter", 500, CoverageMode.STRAIGHT, null,
        List.of("open"))).communities();
    assertThat(seen.total()).isEqualTo(FixtureCity.build().communities().size());
    assertThat(coverage.cacheStats().hits()).as("the report served whole").isEqualTo(before + 1);
    assertThat(coverage.cacheStats().misses()).isEqualTo(computed);
    long categories = coverage.straight().categoryLoads();
    assertThat(categories).as("every category loaded").isGreaterThan(5);
    assertThat(loaded).contains(FixtureCity.build().communities().size() + " communities")
        .contains(categories + " categories");
    for (String category : List.of("emergency_shelter", "police_office", "fitness_venue")) {
      coverage.communities(new CoverageQuery(category, 500, CoverageMode.STRAIGHT, null, List.of("open")));
    }
    assertThat(coverage.straight().categoryLoads()).isEqualTo(categories);
    // Each category's default question (straight, its default distance, open) is answered from the cache.
    long hits = coverage.cacheStats().hits();
    coverage.communities(new CoverageQuery("police_office", 1000, CoverageMode.STRAIGHT, null, List.of("open")));
    assertThat(coverage.cacheStats().hits()).isEqualTo(hits + 1);

    // Each category is searched along the roads too: a life circle along the roads searches nothing.
    int[] kept = coverage.network().keptCounts();
    assertThat(kept[0]).as("a kept search per category").isEqualTo(categories);
    List<CoverageQuery> circle = List.of("emergency_shelter", "police_office", "fitness_venue").stream()
        .map(c -> new CoverageQuery(c, 800, CoverageMode.NETWORK, null, List.of("open"))).toList();
    coverage.covered(circle);
    assertThat(coverage.network().keptCounts()).isEqualTo(kept);

    CoverageAnalyzer cold = new CoverageAnalyzer(db.dataSource());
    cold.communities(new CoverageQuery("police_office", 500, CoverageMode.STRAIGHT, null, List.of("open")));
    assertThat(cold.straight().categoryLoads()).as("without the warm-up the question loads its category").isEqualTo(1);
    cold.covered(circle);
    assertThat(cold.network().keptCounts()[0]).as("without the warm-up the circle searches").isEqualTo(3);
  }
}
