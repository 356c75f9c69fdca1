package linli.registry.coverage;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import linli.registry.coverage.network.Geodesy;
import linli.registry.coverage.network.PointGrid;
import linli.registry.coverage.network.RoadGraph;

/**
 * Candidate sites in a straight line: the uncovered communities' anchors, and road vertices within
 * the distance of one; each with the uncovered communities within the distance on the ellipsoid,
 * decided as the what-if decides added sites ({@link Geodesy}), so a suggestion's gains are what a
 * what-if with its sites reports. All in memory: the anchors are bucketed in a {@link PointGrid}, so
 * each candidate is measured only against its own and the eight neighbouring cells (on a
 * 6,000-community city the SQL join this replaced took about 40 s).
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
    PointGrid grid = new PointGrid(anchors, metres);
    List<SiteSuggester.Candidate> out = new ArrayList<>();
    for (double[] site : sites.values()) {
      List<String> codes = new ArrayList<>();
      grid.forEachNear(site[0], site[1], i -> {
        if (!Geodesy.surelyFartherThan(site[0], site[1], anchors[i][0], anchors[i][1], metres)
            && Geodesy.distance(site[0], site[1], anchors[i][0], anchors[i][1]) <= metres) {
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
}
