package linli.registry.coverage.network;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;

/**
 * The pieces the tight service area is drawn from ({@link ReachedRoads}) and the nearest-road
 * regions that cut them ({@link NearestRoadRegions}), on the random ~150 m road grid.
 */
class NearestRoadRegionsTest {
  private static final double LON0 = 120.38;
  private static final double LAT0 = 36.07;
  private static final RoadGraph GRAPH = RoadGraph.build(WalkingDistanceOracleTest.randomNetwork(new Random(43)));

  @Test
  void piecesAreLongEnoughContinuousAndSayWhichEndsAreNodes() {
    Random random = new Random(7);
    int flagged = 0;
    for (int i = 0; i < 20; i++) {
      double lon = LON0 + 0.016 * random.nextDouble();
      double lat = LAT0 + 0.013 * random.nextDouble();
      List<ReachedRoads.Piece> pieces = ReachedRoads.from(GRAPH, lon, lat, 1000, 200 + 600 * random.nextDouble());
      for (ReachedRoads.Piece p : pieces) {
        assertThat(Geodesy.distance(p.lon1(), p.lat1(), p.lon2(), p.lat2())).as("%s", p).isGreaterThanOrEqualTo(1e-3 * 0.999);
        int u = GRAPH.edgeFrom[p.edge()];
        int v = GRAPH.edgeTo[p.edge()];
        // An end lies on the edge's node exactly when it says so.
        assertThat(p.lon1() == GRAPH.lon[u] && p.lat1() == GRAPH.lat[u]).as("%s start", p).isEqualTo(p.node1());
        assertThat(p.lon2() == GRAPH.lon[v] && p.lat2() == GRAPH.lat[v]).as("%s end", p).isEqualTo(p.node2());
        flagged += (p.node1() ? 1 : 0) + (p.node2() ? 1 : 0);
      }
      // Along each edge, consecutive pieces meet with the same distance left (r is continuous).
      Map<Integer, List<ReachedRoads.Piece>> byEdge = pieces.stream().collect(Collectors.groupingBy(ReachedRoads.Piece::edge));
      for (List<ReachedRoads.Piece> along : byEdge.values()) {
        for (int k = 0; k + 1 < along.size(); k++) {
          ReachedRoads.Piece a = along.get(k);
          ReachedRoads.Piece b = along.get(k + 1);
          if (a.lon2() == b.lon1() && a.lat2() == b.lat1()) {
            assertThat(Math.abs(a.left2() - b.left1())).isLessThan(2e-3);
          }
        }
      }
    }
    assertThat(flagged).isGreaterThan(100);
  }

  /**
   * The regions of all edges tile the clip square without overlap, and a point is given to a road no
   * farther from it than its nearest road (the engine's {@code attach}) by more than step/2.
   */
  @Test
  void regionsTileTheSquareAndGiveEachPointARoadWithinHalfAStepOfItsNearest() {
    double lon0 = LON0 + 0.008;
    double lat0 = LAT0 + 0.006;
    double step = 8;
    Set<Integer> all = IntStream.range(0, GRAPH.edgeCount()).boxed().collect(Collectors.toSet());
    Map<Integer, Geometry> regions = NearestRoadRegions.of(GRAPH, lon0, lat0, 1200, 500, step, all, new GeometryFactory());
    double kx = Geodesy.metresPerDegreeLon(lat0);
    double ky = Geodesy.metresPerDegreeLat(lat0);
    double sum = 0;
    for (Geometry g : regions.values()) {
      assertThat(g.isValid()).isTrue();
      sum += g.getArea() * kx * ky;
    }
    assertThat(sum).isCloseTo(1000.0 * 1000.0, org.assertj.core.data.Offset.offset(1.0));
    Random random = new Random(11);
    GeometryFactory f = new GeometryFactory();
    int wrongRoad = 0;
    for (int i = 0; i < 2000; i++) {
      double lon = lon0 + (random.nextDouble() - 0.5) * 900 / kx;
      double lat = lat0 + (random.nextDouble() - 0.5) * 900 / ky;
      var point = f.createPoint(new Coordinate(lon, lat));
      Set<Integer> holders = new HashSet<>();
      regions.forEach((e, g) -> {
        if (g.covers(point)) {
          holders.add(e);
        }
      });
      assertThat(holders).isNotEmpty();
      int nearest = GRAPH.attach(lon, lat, 5000).orElseThrow().edge();
      double best = distanceToEdge(nearest, lon, lat);
      for (int e : holders) {
        double excess = distanceToEdge(e, lon, lat) - best;
        assertThat(excess).as("point %s, %s: region of edge %s", lon, lat, e).isLessThanOrEqualTo(step / 2 + 0.01);
        if (e != nearest && excess > 0.01) {
          wrongRoad++;
        }
      }
    }
    // Borders are within about step/2 of the true ones: few of 2,000 random points fall there.
    assertThat(wrongRoad).isLessThan(100);
  }

  /** Metres from a point to an edge, in the equirectangular frame about the point (as attach measures). */
  private static double distanceToEdge(int e, double lon, double lat) {
    double kx = Geodesy.metresPerDegreeLon(lat);
    double ky = Geodesy.metresPerDegreeLat(lat);
    double ax = (GRAPH.lon[GRAPH.edgeFrom[e]] - lon) * kx, ay = (GRAPH.lat[GRAPH.edgeFrom[e]] - lat) * ky;
    double bx = (GRAPH.lon[GRAPH.edgeTo[e]] - lon) * kx, by = (GRAPH.lat[GRAPH.edgeTo[e]] - lat) * ky;
    double dx = bx - ax, dy = by - ay;
    double t = Math.max(0, Math.min(1, -(ax * dx + ay * dy) / (dx * dx + dy * dy)));
    return Math.hypot(ax + t * dx, ay + t * dy);
  }
}
