package linli.registry.coverage.network;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.LineString;

/** Joins of a category's facilities after an edit keep their order by edge instead of sorting again. */
class JoinsTest {
  @Test
  void keptJoinsAreOrderedByEdgeAsASortWouldOrderThem() {
    Random random = new Random(3);
    List<LineString> roads = WalkingDistanceOracleTest.randomNetwork(random);
    RoadGraph graph = RoadGraph.build(roads);
    BruteForceNetwork oracle = new BruteForceNetwork(roads);
    // Many points share an edge (each drawn several times), some join none (far away).
    double[][] distinct = WalkingDistanceOracleTest.randomPoints(random, 80, oracle);
    double[][] points = IntStream.range(0, 300).mapToObj(i -> i % 10 == 9 ? new double[] {0, 0}
        : distinct[random.nextInt(distinct.length)]).toArray(double[][]::new);
    Joins joins = Joins.of(graph, points, 1000);
    joins.byEdge();
    for (int round = 0; round < 50; round++) {
      double share = random.nextDouble();
      int[] kept = IntStream.range(0, joins.size()).filter(i -> random.nextDouble() < share).toArray();
      double[][] added = IntStream.range(0, random.nextInt(12)).mapToObj(i -> random.nextInt(5) == 0
          ? new double[] {0, 0} : distinct[random.nextInt(distinct.length)]).toArray(double[][]::new);
      Joins after = joins.keeping(kept, Joins.of(graph, added, 1000));
      assertThat(after.byEdge()).as("round %d", round).containsExactly(after.sortedByEdge());
      assertThat(after.edge).containsExactly(joins.only(kept).plus(Joins.of(graph, added, 1000)).edge);
      joins = after;
    }
    // Positions out of order: sorted afresh, as before.
    joins = Joins.of(graph, points, 1000);
    joins.byEdge();
    Joins after = joins.keeping(new int[] {5, 3, 9, 1, 200, 100}, Joins.of(graph, new double[0][], 1000));
    assertThat(after.byEdge()).containsExactly(after.sortedByEdge()).hasSizeGreaterThan(1);
  }
}
