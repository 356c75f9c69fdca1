package linli.registry.coverage;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import linli.registry.coverage.network.Geodesy;
import linli.registry.coverage.network.RoadGraph;

/**
 * Candidate sites in a straight line: the uncovered communities' anchors, and road vertices within
 * the distance of one; each with the uncovered communities within the distance on the ellipsoid,
 * decided as the what-if decides added sites ({@link Geodesy}), so a suggestion's gains are what a
 * what-if with its sites reports. All in memory: the anchors are bucketed in a grid of cells at
 * least the distance wide, so each candidate is measured only against its own and the eight
 * neighbouring cells (on a 6,000-community city the SQL join this replaced took about 40 s).
 */
final class StraightCandidates {
  private final NetworkCoverage network;

  StraightCandidates(NetworkCoverage network) {
    this.network = network;
  }

  List<SiteSuggester.Candidate> candidates(CoverageQuery query, List<CommunityCoverage> uncovered)
      throws SQLException {
    double metres = query.distanceM();
    double[][] anchors = uncovered.stream().map(c -> new double[] {c.anchorLon(), c.anchorLat()})
        .toArray(double[][]::new);
    Map<List<Double>, double[]> sites = new LinkedHashMap<>(); // anchors first; one candidate per spot
    for (double[] a : anchors) {
      sites.putIfAbsent(List.of(a[0], a[1]), a);
    }
    RoadGraph graph = network.graph();
    for (double[] v : graph.nodesNear(anchors, metres)) {
      sites.putIfAbsent(List.of(v[0], v[1]), v);
    }
    Grid grid = new Grid(anchors, metres);
    List<SiteSuggester.Candidate> out = new ArrayList<>();
    for (double[] site : sites.values()) {
      List<String> codes = new ArrayList<>();
      grid.forEachNear(site, i -> {
        if (Geodesy.distance(site[0], site[1], anchors[i][0], anchors[i][1]) <= metres) {
          codes.add(uncovered.get(i).code());
        }
      });
      if (!codes.isEmpty()) {
        codes.sort(null);
        out.add(new SiteSuggester.Candidate(site[0], site[1], List.copyOf(codes)));
      }
    }
    return out;
  }

  /** Points bucketed by cells of at least {@code metres} on the ground in both directions. */
  private static final class Grid {
    private final double cellLon;
    private final double cellLat;
    private final Map<Long, List<Integer>> cells = new HashMap<>();

    Grid(double[][] points, double metres) {
      double maxAbsLat = 0;
      for (double[] p : points) {
        maxAbsLat = Math.max(maxAbsLat, Math.abs(p[1]));
      }
      // A degree of latitude is >= 110,574 m; of longitude, at least this a degree north of every point.
      cellLat = metres / 110_000 + 1e-9;
      cellLon = metres / Math.max(1, Geodesy.metresPerDegreeLon(Math.min(89, maxAbsLat + 1)) * 0.99) + 1e-9;
      for (int i = 0; i < points.length; i++) {
        cells.computeIfAbsent(key(Math.floor(points[i][0] / cellLon), Math.floor(points[i][1] / cellLat)),
            k -> new ArrayList<>()).add(i);
      }
    }

    void forEachNear(double[] p, java.util.function.IntConsumer action) {
      double cx = Math.floor(p[0] / cellLon);
      double cy = Math.floor(p[1] / cellLat);
      for (int dx = -1; dx <= 1; dx++) {
        for (int dy = -1; dy <= 1; dy++) {
          for (int i : cells.getOrDefault(key(cx + dx, cy + dy), List.of())) {
            action.accept(i);
          }
        }
      }
    }

    private static long key(double x, double y) {
      return ((long) x << 32) ^ ((long) y & 0xffffffffL);
    }
  }
}
