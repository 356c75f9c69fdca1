package linli.registry.transfer;

import static linli.registry.testing.FixtureCity.anchor;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import linli.registry.Database;
import linli.registry.Violation;
import linli.registry.city.CityLoader;
import linli.registry.coverage.CommunityCoverage;
import linli.registry.coverage.CoverageAnalyzer;
import linli.registry.coverage.CoverageMode;
import linli.registry.coverage.CoverageQuery;
import linli.registry.testing.FixtureCity;
import linli.registry.testing.PostgisExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A road network imported in bulk is what network coverage walks on. */
@ExtendWith(PostgisExtension.class)
class RoadImportIT {
  private static Database db;

  @BeforeAll
  static void load(Database database) throws SQLException {
    db = database;
    new CityLoader(db.dataSource()).load(FixtureCity.build());
  }

  private static String line(int from, int to) {
    return "LINESTRING(" + anchor(from).getX() + " " + anchor(from).getY() + ", " + anchor(to).getX() + " "
        + anchor(to).getY() + ")";
  }

  private static ImportReport importRoads(String source, boolean skip, String[]... rows) throws Exception {
    String[][] table = new String[rows.length + 1][];
    table[0] = new String[] {"highway", "walkable", "wkt"};
    System.arraycopy(rows, 0, table, 1, rows.length);
    return new RoadImporter(db.dataSource()).run(new ImportRequest(ImportRequest.Layer.ROADS, null, false, skip,
        null, source, "tester"), ListReader.table(table), ImportProgress.NONE, "linli-road-import");
  }

  private static long roads(String source) throws SQLException {
    try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT count(*) FROM road WHERE source = '" + source + "'")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  @Test
  void importingTheSameSourceAgainReplacesItsRoads() throws Exception {
    String[] a = {"residential", "是", line(0, 1)};
    String[] b = {"residential", "true", "MULTILINESTRING((" + line(1, 2).substring(11, line(1, 2).length() - 1)
        + "), (" + line(2, 3).substring(11, line(2, 3).length() - 1) + "))"};
    ImportReport first = importRoads("bureau", false, a, b);
    assertThat(first.errors()).isEmpty();
    assertThat(first.inserted()).isEqualTo(3); // the MultiLineString becomes two roads
    assertThat(importRoads("bureau", false, a, b).inserted()).isEqualTo(3);
    assertThat(roads("bureau")).isEqualTo(3);
  }

  @Test
  void networkCoverageWalksOnImportedRoads() throws Exception {
    CoverageAnalyzer coverage = new CoverageAnalyzer(db.dataSource());
    CoverageQuery q = new CoverageQuery("emergency_shelter", 5000, CoverageMode.NETWORK, null, List.of("open"));
    importRoads("walk", false, new String[] {"path", "true", line(0, 1)});
    CommunityCoverage office1 = coverage.communities(q).stream()
        .filter(c -> c.code().equals(FixtureCity.communityCode(1))).findFirst().orElseThrow();
    assertThat(office1.nearestM()).isNotNull();
  }

  /** A highway's text reaches PostgreSQL through a COPY stream and comes back exactly as given. */
  @Test
  void textWithCarriageReturnsTabsAndBackslashesRoundTrips() throws Exception {
    String highway = "a\rb\tc\nd\\e\\N";
    ImportReport r = importRoads("text", false, new String[] {highway, "true", line(0, 1)});
    assertThat(r.errors()).isEmpty();
    assertThat(r.inserted()).isEqualTo(1);
    try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT highway FROM road WHERE source = 'text'")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getString(1)).isEqualTo(highway);
    }
  }

  @Test
  void badRowsAreNamedAndRejectTheFile() throws Exception {
    ImportReport r = importRoads("bad", false, new String[] {"x", "maybe", line(0, 1)},
        new String[] {"x", "true", "POINT(120.3 36.1)"}, new String[] {"x", "true", "LINESTRING(116.4 39.9, 116.5 39.9)"});
    assertThat(r.committed()).isFalse();
    assertThat(r.errors()).extracting(Violation::field).containsExactly("walkable", "geometry", "geometry");
    assertThat(roads("bad")).isZero();
  }
}
