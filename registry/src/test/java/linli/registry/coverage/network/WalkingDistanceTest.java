package linli.registry.coverage.network;

import static linli.registry.coverage.network.Ground.east;
import static linli.registry.coverage.network.Ground.ground;
import static linli.registry.coverage.network.Ground.lattice;
import static linli.registry.coverage.network.Ground.north;
import static linli.registry.coverage.network.Ground.road;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Hand-made networks with answers known from GeographicLib. */
class WalkingDistanceTest {
  private static final double INF = Double.POSITIVE_INFINITY;
  private static final double MM = 1e-3;
  private static final double[] A = {Ground.LON0, Ground.LAT0};
  /** 1 km straight road due north from A, as one edge. */
  private static final double[] B = lattice(north(A, 1000));

  private static double[] at(double[]... points) {
    return WalkingDistance.nearest(RoadGraph.build(List.of(road(A, B))), new double[][] {points[0]},
        java.util.Arrays.copyOfRange(points, 1, points.length), 1000, INF);
  }

  @Test
  void straightRoadWithPointsBesideIt() {
    double[] footS = north(A, 200);
    double[] footT = north(A, 700);
    double[] source = east(footS, 30);
    double[] target = east(footT, -50);
    double expected = 30 + ground(footS, footT) + 50;

    // One edge: both join mid-edge, so only the direct route along the edge gives the answer.
    double[] oneEdge = WalkingDistance.nearest(RoadGraph.build(List.of(road(A, B))),
        new double[][] {source}, new double[][] {target}, 1000, INF);
    assertThat(oneEdge[0]).isCloseTo(expected, within(MM));
    assertThat(expected).isCloseTo(580, within(0.01));

    // Same road cut into three lines (and listed out of order): the walk goes through the nodes.
    double[] p400 = lattice(north(A, 400));
    double[] p600 = lattice(north(A, 600));
    RoadGraph split = RoadGraph.build(List.of(road(p600, B), road(A, p400), road(p400, p600)));
    assertThat(split.edgeCount()).isEqualTo(3);
    double[] threeEdges = WalkingDistance.nearest(split, new double[][] {source}, new double[][] {target}, 1000, INF);
    assertThat(threeEdges[0]).isCloseTo(expected, within(MM));
  }

  @Test
  void sameEdgeDirectRouteBeatsGoingRoundTheNodes() {
    double[] source = east(north(A, 480), 10);
    double[] target = east(north(A, 520), 10);
    double[] d = at(source, target);
    assertThat(d[0]).isCloseTo(10 + ground(north(A, 480), north(A, 520)) + 10, within(MM));
    assertThat(d[0]).isCloseTo(60, within(0.01));
  }

  @Test
  void lShapedRoadIsWalkedAroundTheCorner() {
    double[] corner = lattice(north(A, 1000));
    double[] end = lattice(east(corner, 1000));
    RoadGraph graph = RoadGraph.build(List.of(road(A, corner, end)));
    double[] beside = {(corner[0] + end[0]) / 2, north(corner, -20)[1]};
    double[] foot = {beside[0], corner[1]};

    double[] d = WalkingDistance.nearest(graph, new double[][] {A}, new double[][] {end, beside}, 1000, INF);
    double walk = ground(A, corner) + ground(corner, end);
    assertThat(d[0]).isCloseTo(walk, within(MM));
    assertThat(ground(A, end)).isLessThan(walk / 1.4); // as the crow flies is ~1414 m
    assertThat(d[1]).isCloseTo(ground(A, corner) + ground(corner, foot) + ground(beside, foot), within(MM));
  }

  @Test
  void disconnectedComponentsHaveNoPathWhateverTheCutoff() {
    double[] otherA = lattice(east(A, 300));
    double[] otherB = lattice(north(otherA, 1000));
    RoadGraph graph = RoadGraph.build(List.of(road(A, B), road(otherA, otherB)));
    double[] source = east(north(A, 100), 20);
    double[][] targets = {east(north(A, 500), 40), east(north(otherA, 500), -40)};
    double sameRoad = 20 + ground(north(A, 100), north(A, 500)) + 40;
    for (double cutoff : new double[] {INF, 5000, 10}) {
      double[] d = WalkingDistance.nearest(graph, new double[][] {source}, targets, 1000, cutoff);
      assertThat(d[1]).as("cutoff %s", cutoff).isNaN();
      if (cutoff > sameRoad) {
        assertThat(d[0]).isCloseTo(sameRoad, within(MM));
      } else {
        assertThat(d[0]).isInfinite();
      }
    }
  }

  @Test
  void aPointJoinsWithin1000mAndNotBeyond() {
    double[] foot = north(A, 500);
    double[] target999 = east(foot, 999);
    double[] target1001 = east(foot, 1001);
    double[] justIn = east(foot, 999.99);
    double[] justOut = east(foot, 1000.01);
    double[] d = at(A, target999, target1001, justIn, justOut);
    double along = ground(A, foot);
    assertThat(d[0]).isCloseTo(along + 999, within(MM));
    assertThat(d[1]).isNaN();
    assertThat(d[2]).isCloseTo(along + 999.99, within(MM));
    assertThat(d[3]).isNaN();
    // A source that cannot join serves nobody.
    assertThat(at(target1001, A, B)).containsOnly(Double.NaN);
  }

  @Test
  void pointsOnVerticesHaveZeroLegs() {
    double[] corner = lattice(north(A, 1000));
    double[] end = lattice(east(corner, 1000));
    RoadGraph graph = RoadGraph.build(List.of(road(A, corner, end)));
    double[] d = WalkingDistance.nearest(graph, new double[][] {corner}, new double[][] {corner, A, end}, 1000, INF);
    assertThat(d[0]).isEqualTo(0.0);
    assertThat(d[1]).isCloseTo(ground(A, corner), within(MM));
    assertThat(d[2]).isCloseTo(ground(corner, end), within(MM));
  }

  @Test
  void theNearestOfSeveralSourcesWins() {
    double[] target = east(north(A, 900), 5);
    double[] d = WalkingDistance.nearest(RoadGraph.build(List.of(road(A, B))),
        new double[][] {A, east(B, -100), east(north(A, 300), 1500)}, new double[][] {target}, 1000, INF);
    assertThat(d[0]).isCloseTo(100 + ground(north(A, 900), B) + 5, within(MM));
  }

  @Test
  void cutoffKeepsDistancesWithinItExactAndMarksTheRestInfinite() {
    RoadGraph graph = RoadGraph.build(List.of(road(A, lattice(north(A, 300)), lattice(north(A, 600)), B)));
    double[][] targets = {north(A, 250), north(A, 550), north(A, 950)};
    double[] d = WalkingDistance.nearest(graph, new double[][] {A}, targets, 1000, 600);
    assertThat(d[0]).isCloseTo(250, within(MM));
    assertThat(d[1]).isCloseTo(550, within(MM));
    assertThat(d[2]).isInfinite();
  }

  @Test
  void degenerateInputs() {
    RoadGraph graph = RoadGraph.build(List.of(road(A, B)));
    assertThat(WalkingDistance.nearest(graph, new double[0][], new double[][] {A}, 1000, INF)).containsExactly(Double.NaN);
    assertThat(WalkingDistance.nearest(graph, new double[][] {A}, new double[0][], 1000, INF)).isEmpty();
    assertThat(WalkingDistance.nearest(RoadGraph.build(List.of()), new double[][] {A}, new double[][] {A}, 1000, INF))
        .containsExactly(Double.NaN);
    assertThatThrownBy(() -> WalkingDistance.nearest(graph, new double[][] {A}, new double[][] {A}, Double.NaN, INF))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> WalkingDistance.nearest(graph, new double[][] {A}, new double[][] {A}, 1000, -1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> WalkingDistance.nearest(graph, new double[][] {{Double.NaN, 36}}, new double[][] {A}, 1000, INF))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
