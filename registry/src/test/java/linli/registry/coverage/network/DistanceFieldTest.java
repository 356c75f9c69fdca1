package linli.registry.coverage.network;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.locationtech.jts.geom.LineString;

/**
 * A kept search that follows changes to its sources ({@link DistanceField#changed}) against a new
 * search from the changed sources and against the independent {@link BruteForceNetwork}, over
 * chains of random changes (each step starts from the previous step's field, as the registry's
 * edits do).
 */
class DistanceFieldTest {
  private static final double MAX_LEG = 1000;

  @ParameterizedTest
  @ValueSource(longs = {41, 42, 43, 44, 45, 46})
  void aChangedFieldAnswersAsANewSearch(long seed) {
    Random random = new Random(seed);
    List<LineString> roads = WalkingDistanceOracleTest.randomNetwork(random);
    RoadGraph graph = RoadGraph.build(roads);
    BruteForceNetwork oracle = new BruteForceNetwork(roads);
    WalkingDistance.Targets targets =
        WalkingDistance.targets(graph, WalkingDistanceOracleTest.randomPoints(random, 300, oracle), MAX_LEG);
    double[][] targetPoints = WalkingDistanceOracleTest.randomPoints(random, 300, oracle);
    WalkingDistance.Targets oracleTargets = WalkingDistance.targets(graph, targetPoints, MAX_LEG);

    List<double[]> points = new ArrayList<>(Arrays.asList(
        WalkingDistanceOracleTest.randomPoints(random, 1 + random.nextInt(60), oracle)));
    WalkingDistance.Sources sources = WalkingDistance.sources(graph, points.toArray(double[][]::new), MAX_LEG);
    DistanceField field = DistanceField.of(sources);
    assertSameAsNewSearch(field, sources, targets, "initial");

    int differed = 0;
    for (int step = 0; step < 40; step++) {
      // Remove some sources (sometimes all, sometimes none) and add a few (sometimes none).
      int n = points.size();
      double keepShare = new double[] {1, 0.9, 0.5, 0}[random.nextInt(4)];
      int[] kept = IntStream.range(0, n).filter(k -> random.nextDouble() < keepShare).toArray();
      double[][] added = WalkingDistanceOracleTest.randomPoints(random, random.nextInt(4) * random.nextInt(3), oracle);
      WalkingDistance.Sources after = sources.only(kept, added);
      DistanceField changed = field.changed(after, kept);

      List<double[]> afterPoints = new ArrayList<>();
      for (int k : kept) {
        afterPoints.add(points.get(k));
      }
      afterPoints.addAll(Arrays.asList(added));
      assertSameAsNewSearch(changed, after, targets, "step " + step);
      if (step % 8 == 0 && !afterPoints.isEmpty()) {
        assertDistances(changed.distances(oracleTargets),
            oracle.new Prepared(afterPoints.toArray(double[][]::new), MAX_LEG).distances(targetPoints), 1e-6,
            "step " + step + ", brute force");
      }
      differed += Arrays.equals(nanToZero(field.distances(targets)), nanToZero(changed.distances(targets))) ? 0 : 1;
      field = changed;
      sources = after;
      points = afterPoints;
    }
    // The chain must really change the answers, or it proves little.
    assertThat(differed).isGreaterThan(10);
  }

  @Test
  void aFieldKeepsItsOwnDistancesWhenChanged() {
    Random random = new Random(7);
    List<LineString> roads = WalkingDistanceOracleTest.randomNetwork(random);
    RoadGraph graph = RoadGraph.build(roads);
    BruteForceNetwork oracle = new BruteForceNetwork(roads);
    WalkingDistance.Targets targets =
        WalkingDistance.targets(graph, WalkingDistanceOracleTest.randomPoints(random, 200, oracle), MAX_LEG);
    WalkingDistance.Sources sources =
        WalkingDistance.sources(graph, WalkingDistanceOracleTest.randomPoints(random, 20, oracle), MAX_LEG);
    DistanceField field = DistanceField.of(sources);
    double[] before = field.distances(targets);
    field.changed(sources.only(new int[] {0, 1, 2}, WalkingDistanceOracleTest.randomPoints(random, 2, oracle)),
        new int[] {0, 1, 2});
    assertThat(field.distances(targets)).containsExactly(before);
  }

  /**
   * A long chain of edits (moves, adds, removes, sometimes several at once) on a street grid of
   * several pages: each step's field equals a fresh search from its sources node by node, its labels
   * are all of its own sources, and every earlier step's field still holds what it held when it was
   * made (the pages a change shares with its parent are never written).
   */
  @ParameterizedTest
  @ValueSource(longs = {5, 6})
  void aLongChainOfChangesStaysExactAndLeavesEveryEarlierFieldAsItWas(long seed) {
    Random random = new Random(seed);
    int size = 100; // 10,000 nodes: two pages and part of a third
    RoadGraph graph = RoadGraph.build(NetworkBenchmark.jitteredGrid(size, 100, 0.05, random));
    assertThat(graph.nodeCount()).isGreaterThan(2 * DistanceField.PAGE_SIZE);
    List<double[]> points = new ArrayList<>(Arrays.asList(NetworkBenchmark.randomPoints(40, size, 100, random)));
    WalkingDistance.Sources sources = WalkingDistance.sources(graph, points.toArray(double[][]::new), MAX_LEG);
    DistanceField field = DistanceField.of(sources);
    List<DistanceField> fields = new ArrayList<>();
    List<double[]> held = new ArrayList<>();
    List<int[]> heldSources = new ArrayList<>();
    fields.add(field);
    held.add(nodeDistances(field, graph));
    heldSources.add(nodeSources(field, graph));
    int shared = 0;
    for (int step = 0; step < 120; step++) {
      int n = points.size();
      int kind = random.nextInt(10);
      int[] kept;
      double[][] added;
      if (kind < 5 && n > 0) { // a move: one source goes, one comes near where it was
        int moved = random.nextInt(n);
        kept = IntStream.range(0, n).filter(k -> k != moved).toArray();
        double[] p = points.get(moved);
        added = new double[][] {{p[0] + (random.nextDouble() - 0.5) * 0.003, p[1] + (random.nextDouble() - 0.5) * 0.003}};
      } else if (kind < 7 || n == 0) { // an add
        kept = IntStream.range(0, n).toArray();
        added = NetworkBenchmark.randomPoints(1 + random.nextInt(2), size, 100, random);
      } else if (kind < 9) { // a removal
        int gone = random.nextInt(n);
        kept = IntStream.range(0, n).filter(k -> k != gone).toArray();
        added = new double[0][];
      } else { // a bulk change, the kept ones shuffled out of their order
        List<Integer> order = new ArrayList<>(IntStream.range(0, n).boxed().toList());
        java.util.Collections.shuffle(order, random);
        kept = order.subList(0, n * 3 / 4).stream().mapToInt(Integer::intValue).toArray();
        added = NetworkBenchmark.randomPoints(random.nextInt(5), size, 100, random);
      }
      WalkingDistance.Sources after = sources.only(kept, added);
      DistanceField changed = field.changed(after, kept);
      List<double[]> afterPoints = new ArrayList<>();
      for (int k : kept) {
        afterPoints.add(points.get(k));
      }
      afterPoints.addAll(Arrays.asList(added));

      DistanceField fresh = DistanceField.of(after);
      double[] now = nodeDistances(changed, graph);
      for (int v = 0; v < graph.nodeCount(); v++) {
        double expected = fresh.dist(v);
        if (Double.isInfinite(expected) ? !Double.isInfinite(now[v])
            : !(Math.abs(now[v] - expected) <= 1e-9 * Math.max(1, expected))) {
          assertThat(now[v]).as("step %d, node %d", step, v).isEqualTo(expected);
        }
      }
      assertThat(changed.labelsLive()).as("step %d: no node labelled with a removed source", step).isTrue();
      if (changed.pagesNotIn(field) < 2 * ((graph.nodeCount() + DistanceField.PAGE_SIZE - 1) / DistanceField.PAGE_SIZE)) {
        shared++;
        assertThat(DistanceField.bytes(List.of(field, changed))).as("step %d: both together, shared pages once", step)
            .isLessThan(field.bytes() + changed.bytes());
      }
      fields.add(changed);
      held.add(now);
      heldSources.add(nodeSources(changed, graph));
      for (int i = 0; i < fields.size(); i++) {
        if (!Arrays.equals(nodeDistances(fields.get(i), graph), held.get(i))) {
          assertThat(nodeDistances(fields.get(i), graph)).as("step %d: the field of step %d", step, i - 1)
              .containsExactly(held.get(i));
        }
      }
      field = changed;
      sources = after;
      points = afterPoints;
    }
    for (int i = 0; i < fields.size(); i++) {
      assertThat(Arrays.equals(nodeSources(fields.get(i), graph), heldSources.get(i))).as("the sources of step %d", i - 1)
          .isTrue();
    }
    assertThat(shared).as("changes that copied only some pages").isGreaterThan(60);
  }

  private static double[] nodeDistances(DistanceField field, RoadGraph graph) {
    return IntStream.range(0, graph.nodeCount()).mapToDouble(field::dist).toArray();
  }

  private static int[] nodeSources(DistanceField field, RoadGraph graph) {
    return IntStream.range(0, graph.nodeCount()).map(field::source).toArray();
  }

  private static void assertSameAsNewSearch(DistanceField field, WalkingDistance.Sources sources,
      WalkingDistance.Targets targets, String when) {
    assertDistances(field.distances(targets), WalkingDistance.nearest(sources, targets, Double.POSITIVE_INFINITY),
        1e-9, when);
  }

  /** Each actual distance within {@code relative} of the expected one (of 1 m below a metre); NaN where expected NaN. */
  private static void assertDistances(double[] actual, double[] expected, double relative, String when) {
    for (int j = 0; j < expected.length; j++) {
      if (Double.isNaN(expected[j])) {
        assertThat(actual[j]).as("%s, target %d", when, j).isNaN();
      } else {
        assertThat(actual[j]).as("%s, target %d", when, j).isCloseTo(expected[j],
            org.assertj.core.data.Offset.offset(relative * Math.max(1, expected[j])));
      }
    }
  }

  private static double[] nanToZero(double[] values) {
    return Arrays.stream(values).map(v -> Double.isNaN(v) ? 0 : v).toArray();
  }
}
