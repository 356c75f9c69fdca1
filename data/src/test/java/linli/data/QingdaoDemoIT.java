package linli.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import linli.registry.Database;
import linli.registry.city.CityData;
import linli.registry.city.CityLoader;
import linli.registry.coverage.CoverageAnalyzer;
import linli.registry.coverage.CoverageMode;
import linli.registry.coverage.CoverageQuery;
import linli.registry.coverage.CoverageReport;
import linli.registry.testing.PostgisExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The generated Qingdao demo, loaded into PostGIS, judged by PostGIS itself. */
@ExtendWith(PostgisExtension.class)
class QingdaoDemoIT {
  private static Database db;
  private static CityData city;

  @BeforeAll
  static void load(Database database) throws SQLException {
    db = database;
    city = QingdaoDemo.generate(QingdaoDemo.DEFAULT_SEED);
    new CityLoader(db.dataSource()).load(city);
  }

  @Test
  void everythingWasLoaded() throws SQLException {
    assertThat(count("SELECT count(*) FROM district")).isEqualTo(10);
    assertThat(count("SELECT count(*) FROM street")).isEqualTo(141);
    assertThat(count("SELECT count(*) FROM community")).isEqualTo(2120);
    assertThat(count("SELECT count(*) FROM facility")).isEqualTo(city.facilities().size());
    assertThat(count("SELECT count(*) FROM road WHERE walkable")).isGreaterThan(10_000);
    assertThat(count("SELECT count(*) FROM facility_history")).isEqualTo(city.facilities().size());
  }

  @Test
  void postgisFindsEveryGeometryValid() throws SQLException {
    for (String table : List.of("district", "street", "community")) {
      assertThat(count("SELECT count(*) FROM " + table + " WHERE NOT ST_IsValid(geom) OR ST_IsEmpty(geom)"))
          .as(table).isZero();
    }
  }

  @Test
  void everyCommunityLiesInItsStreetAndDistrict() throws SQLException {
    // Shared borders are computed in floating point: allow 1e-7° (about 1 cm).
    assertThat(count("""
        SELECT count(*) FROM community c JOIN street s ON s.code = c.street_code
        WHERE NOT ST_CoveredBy(c.geom, ST_Buffer(s.geom, 1e-7))""")).isZero();
    assertThat(count("""
        SELECT count(*) FROM community c JOIN street s ON s.code = c.street_code
        JOIN district d ON d.code = s.district_code
        WHERE NOT ST_CoveredBy(c.geom, ST_Buffer(d.geom, 1e-7))""")).isZero();
    assertThat(count("""
        SELECT count(*) FROM community c JOIN street s ON s.code = c.street_code
        WHERE left(c.code, 9) <> s.code""")).isZero();
  }

  @Test
  void everyFacilityLiesInTheCommunityItNames() throws SQLException {
    assertThat(count("""
        SELECT count(*) FROM facility f JOIN community c ON c.code = f.community_code
        WHERE NOT ST_Intersects(c.geom, f.geom)""")).isZero();
  }

  @Test
  void shelterCoverageGivesRealNumbersWithGaps() throws SQLException {
    CoverageReport report = new CoverageAnalyzer(db.dataSource()).report(
        new CoverageQuery("emergency_shelter", 500, CoverageMode.STRAIGHT, null, List.of("open")));
    assertThat(report.communities().total()).isEqualTo(2120);
    assertThat(report.communities().covered()).isBetween(200, 2000);
    assertThat(report.population().total()).isEqualTo(
        city.communities().stream().mapToLong(CityData.Community::population).sum());
    assertThat(report.uncovered()).isNotEmpty();
    assertThat(report.uncovered().get(0).population())
        .isGreaterThanOrEqualTo(report.uncovered().get(report.uncovered().size() - 1).population());
  }

  private static long count(String sql) throws SQLException {
    try (Connection c = db.dataSource().getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
