package linli.registry.coverage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import linli.registry.Database;
import linli.registry.city.CityData;
import linli.registry.city.CityLoader;
import linli.registry.testing.FixtureCity;
import linli.registry.testing.PostgisExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.locationtech.jts.geom.Point;

/**
 * The SQL engine against an independent brute force: every community against every facility with
 * GeographicLib's geodesic on the CGCS2000 ellipsoid, for randomly scattered facilities.
 */
@ExtendWith(PostgisExtension.class)
class StraightCoverageOracleIT {
  private static final int FACILITIES = 300;
  private static CityData city;
  private static CoverageAnalyzer analyzer;

  @BeforeAll
  static void load(Database db) throws SQLException {
    CityData fixture = FixtureCity.build();
    Random random = new Random(42);
    List<CityData.Facility> facilities = new ArrayList<>();
    for (int i = 0; i < FACILITIES; i++) {
      // Scattered over a 20 km × 20 km box around the fixture, so nearest distances vary widely.
      Point p = FixtureCity.point(120.22 + random.nextDouble() * 0.22, 36.01 + random.nextDouble() * 0.18);
      String status = random.nextInt(4) == 0 ? "closed" : "open";
      facilities.add(new CityData.Facility("fitness_venue", "场地" + i, null, status, null, null, null, null,
          "oracle", Integer.toString(i), p));
    }
    city = new CityData(fixture.districts(), fixture.streets(), fixture.communities(), facilities, List.of());
    new CityLoader(db.dataSource()).load(city);
    analyzer = new CoverageAnalyzer(db.dataSource());
  }

  @Test
  void nearestAndCoveredMatchBruteForce() throws SQLException {
    for (double distance : new double[] {200, 500, 1500}) {
      List<CommunityCoverage> sql = analyzer.communities(
          new CoverageQuery("fitness_venue", distance, CoverageMode.STRAIGHT, null, List.of("open")));
      assertThat(sql).hasSize(city.communities().size());
      for (CommunityCoverage got : sql) {
        CityData.Community community = city.communities().stream()
            .filter(c -> c.code().equals(got.code())).findFirst().orElseThrow();
        Point anchor = community.refPoint() != null ? community.refPoint() : community.geom().getInteriorPoint();
        double expected = city.facilities().stream()
            .filter(f -> f.status().equals("open"))
            .mapToDouble(f -> FixtureCity.distance(anchor, f.geom()))
            .min().orElseThrow();
        if (community.refPoint() != null) {
          assertThat(got.nearestM()).as(got.code()).isCloseTo(expected, within(0.06));
          assertThat(got.covered()).as(got.code() + " at " + distance).isEqualTo(expected <= distance);
        } else {
          // PostGIS's ST_PointOnSurface and JTS's interior point may differ: compare loosely.
          assertThat(got.nearestM()).isCloseTo(expected, within(800.0));
        }
      }
    }
  }
}
