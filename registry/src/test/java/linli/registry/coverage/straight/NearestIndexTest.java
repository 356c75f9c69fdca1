package linli.registry.coverage.straight;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import java.util.function.IntPredicate;
import org.junit.jupiter.api.Test;

/** The grid search against measuring every point (brute force), bit for bit. */
class NearestIndexTest {
  private static double[] ecef(double lon, double lat) {
    double[] xyz = new double[3];
    PostgisGeodesic.ecef(lon, lat, xyz, 0);
    return xyz;
  }

  private static double bruteForce(double[] lons, double[] lats, IntPredicate include, double lon, double lat) {
    double best = Double.NaN;
    for (int i = 0; i < lons.length; i++) {
      if (include.test(i)) {
        double d = PostgisGeodesic.distance(lons[i], lats[i], lon, lat);
        best = Double.isNaN(best) ? d : Math.min(best, d);
      }
    }
    return best;
  }

  @Test
  void nearestIsTheBruteForceMinimumInsideAroundAndFarFromTheGrid() {
    Random random = new Random(3);
    for (int points : new int[] {1, 2, 50, 3000}) {
      double[] lons = new double[points];
      double[] lats = new double[points];
      for (int i = 0; i < points; i++) {
        // Clustered: half in a small town, half over a region, so cells are both crowded and empty.
        double spread = i % 2 == 0 ? 0.05 : 1.5;
        lons[i] = 120 + random.nextDouble() * spread;
        lats[i] = 36 + random.nextDouble() * spread;
      }
      IntPredicate even = i -> i % 2 == 0 || points == 1;
      NearestIndex index = new NearestIndex(lons, lats, even);
      NearestIndex.Search search = index.search();
      for (int q = 0; q < 400; q++) {
        double spread = q < 300 ? 1.6 : 30; // the last hundred far outside
        double lon = 119.9 + random.nextDouble() * spread;
        double lat = 35.9 + random.nextDouble() * spread / 2;
        double expected = bruteForce(lons, lats, even, lon, lat);
        NearestIndex.Nearest exact = search.nearest(lon, lat, ecef(lon, lat), null, true);
        assertThat(exact.lo()).as("%d points, place %f %f", points, lon, lat).isEqualTo(expected);
        NearestIndex.Nearest bounds = search.nearest(lon, lat, ecef(lon, lat), null, false);
        assertThat(bounds.lo() - PostgisGeodesic.SLACK).isLessThanOrEqualTo(expected);
        assertThat(bounds.hi() + PostgisGeodesic.SLACK).isGreaterThanOrEqualTo(expected);
      }
    }
  }

  /**
   * Whether a point lies within a limit, against the brute-force minimum: limits random, and exactly
   * some point's distance (then only PostGIS can tell: unsure, naming that point).
   */
  @Test
  void withinAgreesWithTheBruteForceMinimum() {
    Random random = new Random(11);
    int[] answers = new int[3];
    for (int points : new int[] {0, 1, 50, 3000}) {
      double[] lons = new double[points];
      double[] lats = new double[points];
      for (int i = 0; i < points; i++) {
        double spread = i % 2 == 0 ? 0.05 : 1.5;
        lons[i] = 120 + random.nextDouble() * spread;
        lats[i] = 36 + random.nextDouble() * spread;
      }
      NearestIndex.Search search = new NearestIndex(lons, lats, i -> true).search();
      for (int q = 0; q < 600; q++) {
        double lon = 119.9 + random.nextDouble() * 1.6;
        double lat = 35.9 + random.nextDouble() * 0.8;
        double nearest = bruteForce(lons, lats, i -> true, lon, lat);
        double limit = switch (q % 3) {
          case 0 -> random.nextDouble() * 3_000;
          case 1 -> Double.isNaN(nearest) ? 500 : nearest * (0.9 + 0.2 * random.nextDouble());
          default -> Double.isNaN(nearest) ? 500 : nearest; // on the limit
        };
        NearestIndex.Reach reach = search.within(lon, lat, ecef(lon, lat), limit);
        answers[reach.ordinal()]++;
        String where = points + " points, place " + lon + " " + lat + ", limit " + limit + ", nearest " + nearest;
        if (reach == NearestIndex.Reach.UNSURE) {
          assertThat(Math.abs(nearest - limit)).as(where).isLessThanOrEqualTo(PostgisGeodesic.DISAGREEMENT);
          assertThat(search.atTheLimit(limit)).as(where).isNotEmpty().allSatisfy(p ->
              assertThat(Math.abs(PostgisGeodesic.distance(p[0], p[1], lon, lat) - limit))
                  .isLessThanOrEqualTo(PostgisGeodesic.DISAGREEMENT));
        } else {
          assertThat(reach == NearestIndex.Reach.WITHIN).as(where).isEqualTo(nearest <= limit);
        }
      }
    }
    assertThat(java.util.Arrays.stream(answers).boxed().toList()).as("within, beyond, unsure")
        .allSatisfy(n -> assertThat(n).isGreaterThan(50));
  }

  @Test
  void skippedPointsAreNotTheNearest() {
    double[] lons = {120.000, 120.001, 120.010};
    double[] lats = {36.000, 36.000, 36.000};
    NearestIndex index = new NearestIndex(lons, lats, i -> true);
    NearestIndex.Search search = index.search();
    NearestIndex.Nearest n = search.nearest(120.0, 36.0, ecef(120.0, 36.0), i -> i == 0, true);
    assertThat(n.index()).isEqualTo(1);
    assertThat(n.lo()).isEqualTo(PostgisGeodesic.distance(120.001, 36.0, 120.0, 36.0));
    assertThat(search.nearest(120.0, 36.0, ecef(120.0, 36.0), i -> true, true).none()).isTrue();
    assertThat(new NearestIndex(lons, lats, i -> false).search().nearest(120, 36, ecef(120, 36), null, true).none())
        .isTrue();
  }

  @Test
  void chordBoundsHoldTheGeodesicFromMetresToAThousandKilometres() {
    Random random = new Random(5);
    for (int k = 0; k < 20_000; k++) {
      double lon = 73 + random.nextDouble() * 62;
      double lat = 18 + random.nextDouble() * 35;
      double reach = Math.pow(10, -5 + random.nextDouble() * 6); // degrees: 1 mm to 1,000 km
      double lon2 = lon + (random.nextDouble() - 0.5) * reach;
      double lat2 = lat + (random.nextDouble() - 0.5) * reach;
      double[] a = ecef(lon, lat);
      double[] b = ecef(lon2, lat2);
      double chord = Math.sqrt(Math.pow(a[0] - b[0], 2) + Math.pow(a[1] - b[1], 2) + Math.pow(a[2] - b[2], 2));
      double d = PostgisGeodesic.distance(lon, lat, lon2, lat2);
      assertThat(chord - PostgisGeodesic.SLACK).isLessThanOrEqualTo(d);
      assertThat(PostgisGeodesic.upperBound(chord) + PostgisGeodesic.SLACK).isGreaterThanOrEqualTo(d);
    }
  }

  @Test
  void decimetresAreRoundedAsPostgresqlRoundsNumeric() {
    assertThat(PostgisGeodesic.roundToDecimetre(12.25)).isEqualTo(12.3); // half away from zero
    assertThat(PostgisGeodesic.roundToDecimetre(0.05)).isEqualTo(0.1); // 0.05000000000000000277 -> 15 digits
    // The double nearest 499.95 lies just below it; PostgreSQL's 15 digits make it 499.950000000000.
    assertThat(PostgisGeodesic.roundToDecimetre(499.95)).isEqualTo(500.0);
    assertThat(PostgisGeodesic.roundToDecimetre(499.9499999)).isEqualTo(499.9);
    assertThat(PostgisGeodesic.roundToDecimetre(499.9, 499.96)).isNaN();
    assertThat(PostgisGeodesic.roundToDecimetre(499.96, 500.04)).isEqualTo(500.0);
  }
}
