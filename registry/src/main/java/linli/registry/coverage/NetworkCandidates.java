package linli.registry.coverage;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import linli.registry.coverage.network.Catchments;

/**
 * Candidate sites along the road network: the uncovered communities' anchors, and road vertices
 * within the distance (in a straight line, which a walk cannot beat) of one; each with the uncovered
 * communities its bounded search reaches within the walking distance.
 */
final class NetworkCandidates {
  private final NetworkCoverage network;

  NetworkCandidates(NetworkCoverage network) {
    this.network = network;
  }

  List<SiteSuggester.Candidate> candidates(CoverageQuery query, Set<String> uncoveredCodes, BooleanSupplier abandoned)
      throws SQLException {
    NetworkCoverage.Inputs in = network.inputs(query);
    List<NetworkCoverage.Anchor> uncovered = in.anchors().stream().filter(a -> uncoveredCodes.contains(a.code()))
        .toList();
    double[][] targets = uncovered.stream().map(a -> new double[] {a.lon(), a.lat()}).toArray(double[][]::new);
    // Anchors first, then vertices; a vertex at an anchor's very spot is one candidate.
    Map<List<Double>, double[]> sites = new LinkedHashMap<>();
    for (double[] t : targets) {
      sites.putIfAbsent(List.of(t[0], t[1]), t);
    }
    for (double[] v : in.graph().nodesNear(targets, query.distanceM())) {
      sites.putIfAbsent(List.of(v[0], v[1]), v);
    }
    double[][] points = sites.values().toArray(double[][]::new);
    Catchments.Reach reach = Catchments.within(in.graph(), points, targets, NetworkCoverage.MAX_LEG_M,
        query.distanceM(), abandoned);
    List<SiteSuggester.Candidate> out = new ArrayList<>();
    for (int s = 0; s < points.length; s++) {
      int[] reached = reach.targets()[s];
      if (reached.length > 0) {
        List<String> codes = new ArrayList<>(reached.length);
        for (int t : reached) {
          codes.add(uncovered.get(t).code());
        }
        codes.sort(null);
        out.add(new SiteSuggester.Candidate(points[s][0], points[s][1], List.copyOf(codes)));
      }
    }
    return out;
  }
}
