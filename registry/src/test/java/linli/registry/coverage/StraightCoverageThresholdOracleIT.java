package linli.registry.coverage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import linli.registry.Database;
import linli.registry.city.CityData;
import linli.registry.city.CityLoader;
import linli.registry.testing.FixtureCity;
import linli.registry.testing.PostgisExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.MultiPolygon;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.Polygon;

/**
 * Straight mode against a brute force over all pairs (GeographicLib on the CGCS2000 ellipsoid), on
 * 300 communities and, per seed, its own category of randomly scattered facilities plus probes on
 * the threshold: for 40 random communities that nothing else reaches, a facility exactly {@code d} away, 5 cm inside or 5 cm
 * outside. Each seed uses a different category and distance, so one database holds all three.
 */
@ExtendWith(PostgisExtension.class)
class StraightCoverageThresholdOracleIT {
  private static final int COLUMNS = 20;
  private static final int ROWS = 15;
  private static final double CELL_LON = 0.0034; // about 300 m at 36°N
  private static final double CELL_LAT = 0.0027;
  private static final double LON0 = 120.30;
  private static final double LAT0 = 36.05;

  private static final List<CityData.Community> communities = new ArrayList<>();
  private static final List<CityData.Facility> facilities = new ArrayList<>();
  /** Per category: community code → the probe's offset from the threshold (-0.05, 0 or +0.05 m). */
  private static final Map<String, Map<String, Double>> probes = new HashMap<>();
  private static CoverageAnalyzer analyzer;
  private static javax.sql.DataSource dataSource;

  @BeforeAll
  static void load(Database db) throws SQLException {
    Random layout = new Random(7);
    for (int i = 0; i < COLUMNS * ROWS; i++) {
      double x0 = LON0 + (i % COLUMNS) * CELL_LON;
      double y0 = LAT0 + (i / COLUMNS) * CELL_LAT;
      Point ref = FixtureCity.point(x0 + (0.1 + 0.8 * layout.nextDouble()) * CELL_LON,
          y0 + (0.1 + 0.8 * layout.nextDouble()) * CELL_LAT);
      communities.add(new CityData.Community("370202001" + String.format("%03d", i), "社区" + i, "community",
          "370202001", 100 + layout.nextInt(5000), 3, false, ref, square(x0, y0, x0 + CELL_LON, y0 + CELL_LAT)));
    }
    scatter("fitness_venue", 1, 300);
    scatter("culture_room", 2, 500);
    scatter("meal_point", 3, 1000);
    MultiPolygon all = square(LON0, LAT0, LON0 + COLUMNS * CELL_LON, LAT0 + ROWS * CELL_LAT);
    CityData city = new CityData(List.of(new CityData.District("370202", "市南区", all)),
        List.of(new CityData.Street("370202001", "甲街道", "街道", "370202", all)), communities, facilities, List.of());
    new CityLoader(db.dataSource()).load(city);
    analyzer = new CoverageAnalyzer(db.dataSource());
    dataSource = db.dataSource();
  }

  /** Scattered facilities (a quarter closed) and the threshold probes of one seed's category. */
  private static void scatter(String category, long seed, double distance) {
    Random random = new Random(seed);
    // Sparser for longer distances, so that many communities are still beyond the distance.
    int count = (int) ((40 + random.nextInt(40)) * 300 / distance);
    for (int i = 0; i < count; i++) {
      Point near = communities.get(random.nextInt(communities.size())).refPoint();
      Point p = FixtureCity.offset(near, random.nextDouble() * 360, 200 + random.nextDouble() * 2_000);
      facilities.add(facility(category, random.nextInt(4) == 0 ? "closed" : "open", "s" + i, p));
    }
    Map<String, Double> probed = new HashMap<>();
    List<CityData.Community> far = communities.stream()
        .filter(c -> facilities.stream().filter(f -> f.category().equals(category))
            .allMatch(f -> FixtureCity.distance(c.refPoint(), f.geom()) > distance + 1))
        .toList();
    for (int i = 0; i < 40; i++) {
      // A probe on a community nothing else reaches, so that it is that community's nearest.
      CityData.Community c = far.get(random.nextInt(far.size()));
      double delta = new double[] {-0.05, 0, 0.05}[i % 3];
      Point p = FixtureCity.offset(c.refPoint(), random.nextDouble() * 360, distance + delta);
      facilities.add(facility(category, "open", "p" + i, p));
      probed.put(c.code(), delta);
    }
    probes.put(category, probed);
  }

  @ParameterizedTest(name = "seed {0}: {1} at {2} m")
  @CsvSource({"1, fitness_venue, 300", "2, culture_room, 500", "3, meal_point, 1000"})
  void everyCommunityMatchesTheBruteForce(long seed, String category, double distance) throws SQLException {
    List<CommunityCoverage> got = analyzer.communities(
        new CoverageQuery(category, distance, CoverageMode.STRAIGHT, null, List.of("open")));
    assertThat(got).hasSize(communities.size());
    int onThreshold = 0;
    for (CommunityCoverage c : got) {
      Point anchor = communities.stream().filter(x -> x.code().equals(c.code())).findFirst().orElseThrow().refPoint();
      double expected = facilities.stream()
          .filter(f -> f.category().equals(category) && f.status().equals("open"))
          .mapToDouble(f -> FixtureCity.distance(anchor, f.geom()))
          .min().orElseThrow();
      assertThat(c.nearestM()).as(c.code()).isCloseTo(expected, within(0.051)); // rounded to 0.1 m
      if (Math.abs(expected - distance) < 1e-6) {
        onThreshold++;
        assertThat(c.covered()).as(c.code() + " exactly on the threshold counts as within").isTrue();
      } else {
        assertThat(c.covered()).as(c.code() + " nearest " + expected).isEqualTo(expected <= distance);
      }
    }
    // The probes did land where they should: some communities' nearest is exactly the threshold,
    // and both sides of it occur.
    assertThat(onThreshold).isPositive();
    Map<String, Double> probed = probes.get(category);
    assertThat(got.stream().filter(c -> probed.getOrDefault(c.code(), 1.0) < 0).filter(CommunityCoverage::covered))
        .isNotEmpty();
    assertThat(got.stream().filter(c -> probed.getOrDefault(c.code(), -1.0) > 0).filter(c -> !c.covered()))
        .isNotEmpty();
  }

  /**
   * The covered-only answer (life circles' {@link CoverageAnalyzer#covered}: the three questions at
   * once, each search stopping at the first facility within its distance) against the same brute
   * force, the probes on the threshold included.
   */
  @Test
  void coveredOnlyMatchesTheBruteForce() throws SQLException {
    List<CoverageQuery> queries = List.of(
        new CoverageQuery("fitness_venue", 300, CoverageMode.STRAIGHT, null, List.of("open")),
        new CoverageQuery("culture_room", 500, CoverageMode.STRAIGHT, null, List.of("open")),
        new CoverageQuery("meal_point", 1000, CoverageMode.STRAIGHT, null, List.of("open")));
    CoveredCommunities got = new CoverageAnalyzer(dataSource).covered(queries);
    assertThat(got.communities()).extracting(CoveredCommunities.Community::code)
        .containsExactlyElementsOf(communities.stream().map(CityData.Community::code).sorted().toList());
    int onThreshold = 0;
    int covered = 0;
    for (int k = 0; k < queries.size(); k++) {
      CoverageQuery q = queries.get(k);
      for (int i = 0; i < got.communities().size(); i++) {
        String code = got.communities().get(i).code();
        Point anchor = communities.stream().filter(x -> x.code().equals(code)).findFirst().orElseThrow().refPoint();
        double nearest = facilities.stream()
            .filter(f -> f.category().equals(q.category()) && f.status().equals("open"))
            .mapToDouble(f -> FixtureCity.distance(anchor, f.geom()))
            .min().orElseThrow();
        boolean expected = nearest <= q.distanceM() || Math.abs(nearest - q.distanceM()) < 1e-6;
        onThreshold += Math.abs(nearest - q.distanceM()) < 1e-6 ? 1 : 0;
        covered += expected ? 1 : 0;
        assertThat(got.covered().get(k)[i]).as("%s %s nearest %s", q.category(), code, nearest).isEqualTo(expected);
      }
    }
    assertThat(onThreshold).isGreaterThanOrEqualTo(3);
    assertThat(covered).isPositive().isLessThan(queries.size() * communities.size());
  }

  private static CityData.Facility facility(String category, String status, String id, Point at) {
    return new CityData.Facility(category, category + id, null, status, null, null, null, null, "oracle", category + id, at);
  }

  private static MultiPolygon square(double x0, double y0, double x1, double y1) {
    return FixtureCity.GEOMETRY.createMultiPolygon(new Polygon[] {
        FixtureCity.GEOMETRY.createPolygon(new Coordinate[] {
            new Coordinate(x0, y0), new Coordinate(x1, y0),
            new Coordinate(x1, y1), new Coordinate(x0, y1),
            new Coordinate(x0, y0)})});
  }
}
