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
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Noding, counts and attachment of {@link RoadGraph}. */
class RoadGraphTest {
  private static final double[] A = {Ground.LON0, Ground.LAT0};
  private static final double[] B = lattice(north(A, 1000));
  private static final double[] MID_WEST = lattice(east(north(A, 500), -500));
  private static final double[] MID_EAST = lattice(east(north(A, 500), 500));

  private static boolean connected(RoadGraph graph, double[] from, double[] to) {
    return !Double.isNaN(WalkingDistance.nearest(graph, new double[][] {from}, new double[][] {to}, 1, Double.POSITIVE_INFINITY)[0]);
  }

  @Test
  void linesCrossingWithoutASharedVertexDoNotConnect() {
    RoadGraph overpass = RoadGraph.build(List.of(road(A, B), road(MID_WEST, MID_EAST)));
    assertThat(overpass.nodeCount()).isEqualTo(4);
    assertThat(overpass.edgeCount()).isEqualTo(2);
    assertThat(connected(overpass, A, MID_EAST)).isFalse();

    double[] crossing = lattice(north(A, 500));
    double[] onMeridian = {A[0], crossing[1]};
    RoadGraph junction = RoadGraph.build(List.of(road(A, onMeridian, B), road(MID_WEST, onMeridian, MID_EAST)));
    assertThat(junction.nodeCount()).isEqualTo(5);
    assertThat(junction.edgeCount()).isEqualTo(4);
    assertThat(connected(junction, A, MID_EAST)).isTrue();
  }

  @Test
  void verticesEqualAfterRoundingTo1e7DegreesAreOneNode() {
    double[] almostB = {B[0] + 4e-8, B[1] - 4e-8};
    double[] notB = {B[0] + 2e-7, B[1]};
    double[] far = lattice(east(B, 300));
    assertThat(connected(RoadGraph.build(List.of(road(A, B), road(almostB, far))), A, far)).isTrue();
    assertThat(connected(RoadGraph.build(List.of(road(A, B), road(notB, far))), A, far)).isFalse();
    assertThat(RoadGraph.build(List.of(road(A, B), road(almostB, far))).nodeCount()).isEqualTo(3);
  }

  @Test
  void latticeWorksInEveryHemisphere() {
    double[] southWest = {-70.6483211, -33.4569112};
    double[] next = {-70.6473211, -33.4559112};
    RoadGraph graph = RoadGraph.build(List.of(road(southWest, next), road(next, new double[] {-70.64, -33.45})));
    assertThat(graph.nodeCount()).isEqualTo(3);
    assertThat(new double[] {graph.lon[0], graph.lat[0], graph.lon[1], graph.lat[1]})
        .containsExactly(southWest[0], southWest[1], next[0], next[1]);
    assertThat(graph.attach(next[0], next[1], 1).orElseThrow().legMetres()).isEqualTo(0.0);
  }

  @Test
  void repeatedVerticesAddNoEdges() {
    double[] almostA = {A[0] + 1e-8, A[1]};
    RoadGraph graph = RoadGraph.build(List.of(road(A, almostA, A, B, B), road(B, B)));
    assertThat(graph.nodeCount()).isEqualTo(2);
    assertThat(graph.edgeCount()).isEqualTo(1);
    assertThat(graph.edgeLength(0)).isCloseTo(ground(A, B), within(1e-6));
  }

  @Test
  void attachFindsTheNearestPointOfTheNearestEdge() {
    double[] p300 = lattice(north(A, 300));
    RoadGraph graph = RoadGraph.build(List.of(road(A, p300, B), road(MID_WEST, lattice(east(MID_WEST, 200)))));
    double[] foot = north(A, 650);
    Attachment a = graph.attach(east(foot, 120)[0], foot[1], 1000).orElseThrow();
    assertThat(a.edge()).isEqualTo(1);
    assertThat(a.legMetres()).isCloseTo(120, within(1e-6));
    assertThat(a.fraction() * graph.edgeLength(1)).isCloseTo(ground(p300, foot), within(1e-6));

    // 200 m west of the east-west stub's end, which is nearer than the meridian road (300 m).
    double[] westOfStub = east(MID_WEST, -200);
    Attachment stub = graph.attach(westOfStub[0], westOfStub[1], 1000).orElseThrow();
    assertThat(stub.edge()).isEqualTo(2);
    assertThat(stub.fraction()).isEqualTo(0.0);
    assertThat(stub.legMetres()).isCloseTo(ground(westOfStub, MID_WEST), within(1e-6));
  }

  @Test
  void aPointOnAVertexJoinsWithLegZero() {
    double[] p300 = lattice(north(A, 300));
    RoadGraph graph = RoadGraph.build(List.of(road(A, p300, B)));
    for (double[] vertex : new double[][] {A, p300, B}) {
      Attachment a = graph.attach(vertex[0], vertex[1], 1000).orElseThrow();
      assertThat(a.legMetres()).isEqualTo(0.0);
      assertThat(a.fraction()).isIn(0.0, 1.0);
    }
  }

  @Test
  void attachRespectsTheLegLimit() {
    RoadGraph graph = RoadGraph.build(List.of(road(A, B)));
    double[] foot = north(A, 400);
    assertThat(graph.attach(east(foot, 999)[0], foot[1], 1000)).isPresent();
    assertThat(graph.attach(east(foot, 1001)[0], foot[1], 1000)).isEmpty();
    assertThat(graph.attach(east(foot, 1001)[0], foot[1], 1002)).isPresent();
    // Far outside the network's extent, with and without a limit.
    double[] far = east(foot, 50_000);
    assertThat(graph.attach(far[0], far[1], 1000)).isEmpty();
    assertThat(graph.attach(far[0], far[1], Double.POSITIVE_INFINITY).map(Attachment::edge)).contains(0);
  }

  @Test
  void emptyGraphAndBadInput() {
    RoadGraph empty = RoadGraph.build(List.of());
    assertThat(empty.nodeCount()).isZero();
    assertThat(empty.edgeCount()).isZero();
    assertThat(empty.attach(A[0], A[1], 1000)).isEqualTo(Optional.empty());
    assertThatThrownBy(() -> RoadGraph.build(List.of(road(A, new double[] {200, 36}))))
        .isInstanceOf(IllegalArgumentException.class);
    RoadGraph graph = RoadGraph.build(List.of(road(A, B)));
    assertThatThrownBy(() -> graph.attach(A[0], A[1], -1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> graph.attach(Double.NaN, A[1], 1)).isInstanceOf(IllegalArgumentException.class);
  }
}
