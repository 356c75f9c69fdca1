package linli.registry.coverage;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
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
import org.locationtech.jts.geom.Point;

/** A present question's report is kept while the registry is unchanged, and made again after a change. */
@ExtendWith(PostgisExtension.class)
class CoverageReportCacheIT {
  private static Database db;

  @BeforeAll
  static void load(Database database) throws SQLException {
    db = database;
    new CityLoader(db.dataSource()).load(FixtureCity.build());
  }

  @Test
  void theSameReportUntilTheRegistryChanges() throws SQLException {
    CoverageAnalyzer coverage = new CoverageAnalyzer(db.dataSource());
    CoverageQuery q = new CoverageQuery("emergency_shelter", 300, CoverageMode.STRAIGHT, null, List.of("open"));
    CoverageReport first = coverage.report(q);
    assertThat(coverage.report(q)).isSameAs(first);
    assertThat(first.uncovered()).isNotEmpty();
    String code = first.uncovered().get(0).code();
    int i = 0;
    while (!FixtureCity.communityCode(i).equals(code)) {
      i++;
    }
    Point anchor = FixtureCity.anchor(i);
    try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
      s.execute("INSERT INTO facility (category, name, status, source, source_id, geom, updated_by) VALUES"
          + " ('emergency_shelter', '报告缓存测试', 'open', 'it', 'report-cache-1', ST_SetSRID(ST_MakePoint("
          + anchor.getX() + ", " + anchor.getY() + "), 4490), 'it')");
    }
    try {
      CoverageReport after = coverage.report(q);
      assertThat(after).isNotSameAs(first);
      assertThat(after.uncovered()).extracting(CoverageReport.Uncovered::code).doesNotContain(code);
      assertThat(coverage.report(q)).isSameAs(after);
      // With capacity, or of a past instant: made afresh.
      assertThat(coverage.report(q, true)).isNotSameAs(coverage.report(q, true));
    } finally {
      try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
        s.execute("DELETE FROM facility WHERE source_id = 'report-cache-1'");
      }
    }
  }
}
