package linli.registry.coverage.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.locationtech.jts.geom.LineString;

/**
 * {@link Catchments} against the independent {@link BruteForceNetwork} (one naive Dijkstra per
 * source), and against {@link WalkingDistance#nearest}: a target is in some catchment exactly when
 * the multi-source search puts it within the limit, also when it lies exactly on the limit.
 */
class CatchmentsTest {
  private static final double MAX_LEG = 1000;

  @ParameterizedTest
  @ValueSource(longs = {21, 22, 23, 24})
  void eachSourceReachesWhatItsOwnDijkstraReaches(long seed) {
    Random random = new Random(seed);
    List<LineString> roads = WalkingDistanceOracleTest.randomNetwork(random);
    RoadGraph graph = RoadGraph.build(roads);
    BruteForceNetwork oracle = new BruteForceNetwork(roads);
    double[][] sources = WalkingDistanceOracleTest.randomPoints(random, 25, oracle);
    double[][] targets = WalkingDistanceOracleTest.randomPoints(random, 250, oracle);
    double limit = 700 + random.nextDouble() * 600;
    Catchments.Reach reach = Catchments.within(graph, sources, targets, MAX_LEG, limit);
    int pairs = 0;
    for (int i = 0; i < sources.length; i++) {
      double[] expected = oracle.new Prepared(new double[][] {sources[i]}, MAX_LEG).distances(targets);
      Set<Integer> got = new HashSet<>();
      for (int k = 0; k < reach.targets()[i].length; k++) {
        int j = reach.targets()[i][k];
        assertThat(got.add(j)).as("target %d listed twice", j).isTrue();
        assertThat(reach.metres()[i][k]).as("source %d target %d", i, j).isCloseTo(expected[j], within(1e-3));
      }
      for (int j = 0; j < targets.length; j++) {
        if (Double.isNaN(expected[j]) || Math.abs(expected[j] - limit) > 1e-6) {
          assertThat(got.contains(j)).as("source %d target %d at %s m", i, j, expected[j])
              .isEqualTo(expected[j] <= limit);
        }
      }
      pairs += got.size();
    }
    assertThat(pairs).as("pairs within %s m", limit).isGreaterThan(80);
  }

  @ParameterizedTest
  @ValueSource(longs = {31, 32, 33})
  void catchmentsAgreeWithTheMultiSourceSearchToTheLastBit(long seed) {
    Random random = new Random(seed);
    List<LineString> roads = WalkingDistanceOracleTest.randomNetwork(random);
    RoadGraph graph = RoadGraph.build(roads);
    BruteForceNetwork oracle = new BruteForceNetwork(roads);
    double[][] sources = WalkingDistanceOracleTest.randomPoints(random, 30, oracle);
    double[][] targets = WalkingDistanceOracleTest.randomPoints(random, 400, oracle);
    double[] nearest = WalkingDistance.nearest(graph, sources, targets, MAX_LEG, Double.POSITIVE_INFINITY);
    // Limits exactly at some targets' walking distance: those targets are on the boundary.
    double[] finite = java.util.Arrays.stream(nearest).filter(Double::isFinite).sorted().toArray();
    for (double limit : new double[] {finite[finite.length / 4], finite[finite.length / 2], 450}) {
      Catchments.Reach reach = Catchments.within(graph, sources, targets, MAX_LEG, limit);
      double[] best = new double[targets.length];
      java.util.Arrays.fill(best, Double.POSITIVE_INFINITY);
      for (int i = 0; i < sources.length; i++) {
        for (int k = 0; k < reach.targets()[i].length; k++) {
          int j = reach.targets()[i][k];
          best[j] = Math.min(best[j], reach.metres()[i][k]);
        }
      }
      for (int j = 0; j < targets.length; j++) {
        boolean covered = nearest[j] <= limit;
        assertThat(best[j] <= limit).as("target %d, limit %s", j, limit).isEqualTo(covered);
        if (covered) {
          assertThat(best[j]).isEqualTo(nearest[j]);
        }
      }
    }
  }
}
