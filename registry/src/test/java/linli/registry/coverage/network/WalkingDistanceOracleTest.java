package linli.registry.coverage.network;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LineString;

/** Randomised comparison of {@link WalkingDistance} with the independent {@link BruteForceNetwork}. */
class WalkingDistanceOracleTest {
  private static final double LON0 = 120.38;
  private static final double LAT0 = 36.07;
  private static final double MAX_LEG = 1000;
  private static final GeometryFactory GF = new GeometryFactory();

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5, 6})
  void matchesBruteForceOnRandomNetworks(long seed) {
    Random random = new Random(seed);
    List<LineString> roads = randomNetwork(random);
    RoadGraph graph = RoadGraph.build(roads);
    BruteForceNetwork oracle = new BruteForceNetwork(roads);
    assertThat(graph.nodeCount()).isEqualTo(oracle.nodes.size());
    assertThat(graph.edgeCount()).isEqualTo(oracle.edges.size());

    // Few sources give long walks, many give short ones; the seed picks which.
    int sourceCount = new int[] {1, 5, 40, 150}[(int) (seed % 4)];
    double[][] sources = randomPoints(random, sourceCount, oracle);
    double[][] targets = randomPoints(random, 400, oracle);
    double[] expected = oracle.new Prepared(sources, MAX_LEG).distances(targets);
    double[] actual = WalkingDistance.nearest(graph, sources, targets, MAX_LEG, Double.POSITIVE_INFINITY);

    int nan = 0;
    double worst = 0;
    for (int i = 0; i < targets.length; i++) {
      if (Double.isNaN(expected[i])) {
        nan++;
        assertThat(actual[i]).as("target %d", i).isNaN();
      } else {
        assertThat(actual[i]).as("target %d", i).isCloseTo(expected[i], within(expected[i]));
        worst = Math.max(worst, Math.abs(actual[i] - expected[i]));
      }
    }
    System.out.printf("seed %d: %d sources, %d targets (%d NaN), worst |engine - oracle| = %.2e m%n",
        seed, sourceCount, targets.length, nan, worst);
    // The generator must exercise both outcomes, or the test proves little.
    assertThat(nan).isBetween(1, targets.length - 50);

    // A finite cutoff keeps distances within it exact and turns the rest into +Infinity (NaN stays NaN).
    double cutoff = median(expected);
    double[] cut = WalkingDistance.nearest(graph, sources, targets, MAX_LEG, cutoff);
    for (int i = 0; i < targets.length; i++) {
      if (Double.isNaN(expected[i])) {
        assertThat(cut[i]).isNaN();
      } else if (expected[i] <= cutoff - 1e-3) {
        assertThat(cut[i]).isCloseTo(expected[i], within(expected[i]));
      } else if (expected[i] > cutoff + 1e-3) {
        assertThat(cut[i]).isInfinite();
      }
    }
  }

  /**
   * A bounded search that stays small measures only the targets along the roads it reached; the
   * answer must be the whole search's to the bit: the same distance within the cutoff, +Infinity
   * beyond, NaN where no source shares the target's component.
   */
  @ParameterizedTest
  @ValueSource(longs = {21, 22, 23, 24})
  void aSmallBoundedSearchAnswersAsTheWholeSearch(long seed) {
    Random random = new Random(seed);
    List<LineString> roads = randomNetwork(random);
    RoadGraph graph = RoadGraph.build(roads);
    BruteForceNetwork oracle = new BruteForceNetwork(roads);
    int within = 0;
    for (int round = 0; round < 20; round++) {
      WalkingDistance.Targets targets = WalkingDistance.targets(graph, randomPoints(random, 600, oracle), MAX_LEG);
      double[][] sources = randomPoints(random, 1 + random.nextInt(3), oracle);
      double[] whole = WalkingDistance.nearest(graph, sources, targets, MAX_LEG, Double.POSITIVE_INFINITY);
      for (double cutoff : new double[] {0, 40, 120, 300, 700}) {
        double[] cut = WalkingDistance.nearest(graph, sources, targets, MAX_LEG, cutoff);
        for (int j = 0; j < whole.length; j++) {
          double expected = Double.isNaN(whole[j]) || whole[j] <= cutoff ? whole[j] : Double.POSITIVE_INFINITY;
          assertThat(Double.doubleToLongBits(cut[j])).as("round %d, cutoff %s, target %d: %s, whole %s", round, cutoff, j,
              cut[j], whole[j]).isEqualTo(Double.doubleToLongBits(expected));
          within += whole[j] <= cutoff ? 1 : 0;
        }
      }
    }
    assertThat(within).isGreaterThan(300);
  }

  /**
   * Every source within the distance of another set of sources is among those {@link
   * WalkingDistance#near} finds, including those beside one of them on a long street, whose ends are
   * both farther than the distance.
   */
  @ParameterizedTest
  @ValueSource(longs = {31, 32, 33})
  void nearFindsEverySourceWithinTheDistance(long seed) {
    Random random = new Random(seed);
    List<LineString> roads = randomNetwork(random);
    RoadGraph graph = RoadGraph.build(roads);
    BruteForceNetwork oracle = new BruteForceNetwork(roads);
    double[][] scattered = randomPoints(random, 300, oracle);
    int found = 0;
    int left = 0;
    for (int round = 0; round < 20; round++) {
      List<double[]> fromPoints = new ArrayList<>();
      List<double[]> amongPoints = new ArrayList<>(List.of(scattered));
      for (int n = 1 + random.nextInt(3); n > 0; n--) { // mid-street, with two neighbours ~15 m either side
        BruteForceNetwork.Edge e = oracle.edges.get(random.nextInt(oracle.edges.size()));
        double[] a = oracle.nodes.get(e.u());
        double[] b = oracle.nodes.get(e.v());
        for (double t : new double[] {0.5, 0.4, 0.6}) {
          (t == 0.5 ? fromPoints : amongPoints).add(new double[] {a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])});
        }
      }
      double[][] among = amongPoints.toArray(double[][]::new);
      WalkingDistance.Sources from = WalkingDistance.sources(graph, fromPoints.toArray(double[][]::new), MAX_LEG);
      double[] walk = WalkingDistance.nearest(from, WalkingDistance.targets(graph, among, MAX_LEG),
          Double.POSITIVE_INFINITY);
      for (double metres : new double[] {0, 40, 250, 800}) {
        java.util.Set<Integer> near = new java.util.HashSet<>();
        for (int k : WalkingDistance.near(from, WalkingDistance.sources(graph, among, MAX_LEG), metres)) {
          near.add(k);
        }
        for (int k = 0; k < walk.length; k++) {
          if (walk[k] <= metres) {
            assertThat(near).as("round %d, %s m: source %d at %s m", round, metres, k, walk[k]).contains(k);
            found++;
          } else if (!near.contains(k)) {
            left++;
          }
        }
      }
    }
    assertThat(found).isGreaterThan(200);
    assertThat(left).isGreaterThan(500); // and it is not simply everyone
  }

  /** Targets at 500 m - 1 cm, 500 m and 500 m + 1 cm fall on the right side of a 500 m coverage boundary. */
  @ParameterizedTest
  @ValueSource(longs = {11, 12, 13, 14})
  void coverageBoundaryIsExactToTheCentimetre(long seed) {
    Random random = new Random(seed);
    List<LineString> roads = randomNetwork(random);
    RoadGraph graph = RoadGraph.build(roads);
    BruteForceNetwork oracle = new BruteForceNetwork(roads);
    // Two sources on grid vertices, so that walks cross 500 m somewhere inside the grid.
    double[][] sources = {oracle.nodes.get(random.nextInt(100)), oracle.nodes.get(random.nextInt(100))};
    BruteForceNetwork.Prepared prepared = oracle.new Prepared(sources, MAX_LEG);
    double threshold = 500;

    List<double[]> targets = new ArrayList<>();
    List<Double> expected = new ArrayList<>();
    for (BruteForceNetwork.Edge e : oracle.edges) {
      double[] a = oracle.nodes.get(e.u());
      double[] b = oracle.nodes.get(e.v());
      double da = prepared.distance(a[0], a[1]);
      double db = prepared.distance(b[0], b[1]);
      if (!(da < threshold - 1 && db > threshold + 1) || targets.size() >= 30) {
        continue;
      }
      // The walk grows continuously from a to b across the threshold: bisect for the 500 m point.
      double lo = 0, hi = 1;
      for (int k = 0; k < 60; k++) {
        double mid = (lo + hi) / 2;
        if (prepared.distance(a[0] + mid * (b[0] - a[0]), a[1] + mid * (b[1] - a[1])) <= threshold) {
          lo = mid;
        } else {
          hi = mid;
        }
      }
      double step = 0.01 / e.length();
      for (double t : new double[] {lo - step, lo, lo + step}) {
        double[] p = {a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])};
        targets.add(p);
        expected.add(prepared.distance(p[0], p[1]));
      }
    }
    assertThat(targets).hasSizeGreaterThanOrEqualTo(6);
    double[][] points = targets.toArray(new double[0][]);
    double[] exact = WalkingDistance.nearest(graph, sources, points, MAX_LEG, Double.POSITIVE_INFINITY);
    double[] cut = WalkingDistance.nearest(graph, sources, points, MAX_LEG, threshold);
    for (int i = 0; i < points.length; i += 3) {
      assertThat(expected.get(i)).isCloseTo(threshold - 0.01, within(1e-4));
      assertThat(expected.get(i + 1)).isCloseTo(threshold, within(1e-6));
      assertThat(expected.get(i + 2)).isCloseTo(threshold + 0.01, within(1e-4));
      for (int k = i; k < i + 3; k++) {
        assertThat(exact[k]).isCloseTo(expected.get(k), within(threshold));
      }
      assertThat(cut[i]).isLessThanOrEqualTo(threshold).isCloseTo(expected.get(i), within(threshold));
      assertThat(cut[i + 2]).isInfinite();
    }
  }

  /** 1 mm, or 1e-6 relative if larger. */
  private static org.assertj.core.data.Offset<Double> within(double value) {
    return org.assertj.core.data.Offset.offset(Math.max(1e-3, 1e-6 * Math.abs(value)));
  }

  private static double median(double[] values) {
    double[] finite = java.util.Arrays.stream(values).filter(Double::isFinite).sorted().toArray();
    return finite[finite.length / 2];
  }

  /**
   * A jittered 12 x 12 grid (~150 m blocks) with dropped edges, bent streets (unshared mid vertices),
   * diagonal overpasses that cross streets without a shared vertex, a line whose end is 3e-8 degrees
   * off a grid node (must connect) and one 3e-7 off (must not), and a separate island 3 km east.
   */
  static List<LineString> randomNetwork(Random random) {
    int n = 12;
    double spacing = 150;
    double kx = Geodesy.metresPerDegreeLon(LAT0);
    double ky = Geodesy.metresPerDegreeLat(LAT0);
    Coordinate[][] node = new Coordinate[n][n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        node[i][j] = lattice(LON0 + (i * spacing + (random.nextDouble() - 0.5) * 60) / kx,
            LAT0 + (j * spacing + (random.nextDouble() - 0.5) * 60) / ky);
      }
    }
    List<LineString> roads = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        for (int[] d : new int[][] {{1, 0}, {0, 1}}) {
          int i2 = i + d[0], j2 = j + d[1];
          if (i2 >= n || j2 >= n || random.nextDouble() < 0.15) {
            continue;
          }
          Coordinate a = node[i][j], b = node[i2][j2];
          if (random.nextDouble() < 0.3) {
            Coordinate bend = lattice((a.x + b.x) / 2 + (random.nextDouble() - 0.5) * 40 / kx,
                (a.y + b.y) / 2 + (random.nextDouble() - 0.5) * 40 / ky);
            roads.add(line(a, bend, b));
          } else {
            roads.add(line(a, b));
          }
        }
      }
    }
    for (int k = 0; k < 4; k++) {
      int i = random.nextInt(n - 3), j = random.nextInt(n - 3);
      roads.add(line(node[i][j], node[i + 3][j + 3]));
    }
    Coordinate near = node[5][5];
    roads.add(line(new Coordinate(near.x + 3e-8, near.y - 3e-8), lattice(near.x + 20 / kx, near.y + 60 / ky)));
    roads.add(line(new Coordinate(near.x - 3e-7, near.y), lattice(near.x - 50 / kx, near.y + 70 / ky)));
    double islandLon = LON0 + (n * spacing + 3000) / kx;
    roads.add(line(lattice(islandLon, LAT0 + 300 / ky), lattice(islandLon + 200 / kx, LAT0 + 300 / ky),
        lattice(islandLon + 200 / kx, LAT0 + 500 / ky)));
    return roads;
  }

  /** Mostly random points around the network (some > 1 km out), plus points on vertices and on edges. */
  static double[][] randomPoints(Random random, int count, BruteForceNetwork network) {
    double kx = Geodesy.metresPerDegreeLon(LAT0);
    double ky = Geodesy.metresPerDegreeLat(LAT0);
    double[][] points = new double[count][];
    for (int i = 0; i < count; i++) {
      double kind = random.nextDouble();
      if (kind < 0.1) {
        points[i] = network.nodes.get(random.nextInt(network.nodes.size())).clone();
      } else if (kind < 0.2) {
        BruteForceNetwork.Edge e = network.edges.get(random.nextInt(network.edges.size()));
        double[] a = network.nodes.get(e.u());
        double[] b = network.nodes.get(e.v());
        double t = random.nextDouble();
        points[i] = new double[] {a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])};
      } else {
        points[i] = new double[] {LON0 + (random.nextDouble() * 6500 - 1500) / kx,
            LAT0 + (random.nextDouble() * 4500 - 1500) / ky};
      }
    }
    return points;
  }

  private static Coordinate lattice(double lon, double lat) {
    return new Coordinate(Math.round(lon * 1e7) / 1e7, Math.round(lat * 1e7) / 1e7);
  }

  private static LineString line(Coordinate... points) {
    return GF.createLineString(points);
  }
}
