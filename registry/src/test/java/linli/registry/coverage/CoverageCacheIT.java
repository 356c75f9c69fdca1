package linli.registry.coverage;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.util.Collections;
import java.util.List;
import linli.registry.Database;
import linli.registry.testing.PostgisExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The coverage cache's bound by weight: the eldest answers go first, the latest always stays. */
@ExtendWith(PostgisExtension.class)
class CoverageCacheIT {
  private static CoverageQuery question(double metres) {
    return new CoverageQuery("emergency_shelter", metres, CoverageMode.STRAIGHT, null, List.of("open"));
  }

  private static List<Integer> rows(int n) {
    return Collections.nCopies(n, 0);
  }

  @Test
  void theEldestAnswersGoWhenTheRowsTogetherWeighMoreThanTheBound(Database db) throws SQLException {
    CoverageCache<List<Integer>> cache = new CoverageCache<>(db.dataSource(), List::size, 10);
    cache.get(question(100), () -> rows(4));
    cache.get(question(200), () -> rows(4));
    assertThat(cache.size()).isEqualTo(2);
    assertThat(cache.weight()).isEqualTo(8);

    cache.get(question(100), () -> rows(4)); // a hit: 100 m is now the most recently used
    assertThat(cache.hits()).isEqualTo(1);
    cache.get(question(300), () -> rows(4)); // 12 > 10: the least recently used (200 m) goes
    assertThat(cache.size()).isEqualTo(2);
    assertThat(cache.weight()).isEqualTo(8);
    long misses = cache.misses();
    cache.get(question(100), () -> rows(4));
    assertThat(cache.misses()).as("100 m was kept").isEqualTo(misses);
    cache.get(question(200), () -> rows(4));
    assertThat(cache.misses()).as("200 m was dropped").isEqualTo(misses + 1);

    cache.get(question(400), () -> rows(25)); // heavier than the bound alone: kept, every other one goes
    assertThat(cache.size()).isEqualTo(1);
    assertThat(cache.weight()).isEqualTo(25);
    misses = cache.misses();
    cache.get(question(400), () -> rows(25));
    assertThat(cache.misses()).isEqualTo(misses);
  }

  @Test
  void aRecomputedAnswerReplacesItsOwnWeight(Database db) throws SQLException {
    CoverageCache<List<Integer>> cache = new CoverageCache<>(db.dataSource(), List::size, 100);
    cache.get(question(100), () -> rows(30));
    try (var c = db.dataSource().getConnection(); var s = c.createStatement()) {
      s.execute("UPDATE registry_revision SET revision = revision + 1 WHERE layer = 'facility'");
    }
    cache.get(question(100), () -> rows(7)); // other revisions: recomputed, the entry replaced
    assertThat(cache.size()).isEqualTo(1);
    assertThat(cache.weight()).isEqualTo(7);
  }
}
