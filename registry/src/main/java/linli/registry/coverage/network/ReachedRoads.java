package linli.registry.coverage.network;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The road a walk from one point reaches within a limit: the reached parts of the edges, each with
 * the distance still left at its two ends for the straight leg to a target. The search is the one
 * {@link Catchments} runs per source, so a target counts as reached there exactly when its leg from
 * its join point fits in what is left here at that point.
 *
 * <p>Along an edge the walk to a point s metres from its first node is the least of a few lines of
 * slope ±1 (from either end, and along the edge from the source when the source joins that edge).
 * Each returned piece lies between two consecutive breaks of that minimum (where two lines cross,
 * where the walk reaches the limit, or where what is left reaches the longest leg), so what is
 * left varies linearly along it, by at most a metre per metre.
 */
public final class ReachedRoads {
  /**
   * A straight part of an edge, lon/lat in degrees, with what is left at each end in metres: the
   * limit minus the walk to that point, at most the longest leg a target may take; {@code edge} the
   * graph edge it lies on, {@code node1}/{@code node2} whether that end is the edge's end node (where
   * the points beyond it measure their leg to).
   */
  public record Piece(double lon1, double lat1, double left1, double lon2, double lat2, double left2, int edge,
      boolean node1, boolean node2) {}

  /** Walks that overshoot the limit by rounding only (a few ulps) still count as reaching it. */
  private static final double ROUNDING_M = 1e-9;
  /** Pieces shorter than this are merged into a neighbour (see addPieces). */
  private static final double MIN_PIECE_M = 1e-3;

  private ReachedRoads() {}

  /** Empty when the source cannot join the network within {@code maxLegMetres}. */
  public static List<Piece> from(RoadGraph graph, double lon, double lat, double maxLegMetres, double limitMetres) {
    if (!(limitMetres >= 0)) {
      throw new IllegalArgumentException("limitMetres must be >= 0: " + limitMetres);
    }
    Optional<Attachment> joined = graph.attach(lon, lat, maxLegMetres);
    if (joined.isEmpty()) {
      return List.of();
    }
    Attachment source = joined.get();
    int e0 = source.edge();
    double len0 = graph.edgeLength[e0];
    // Seeded exactly as Catchments seeds a source, so the walks agree to the last bit.
    Catchments.Search search = new Catchments.Search(graph);
    search.run(graph.edgeFrom[e0], source.legMetres() + source.fraction() * len0,
        graph.edgeTo[e0], source.legMetres() + (1 - source.fraction()) * len0, limitMetres);
    List<Piece> pieces = new ArrayList<>();
    boolean[] done = new boolean[graph.edgeCount()];
    done[e0] = true;
    double at = source.fraction() * len0;
    // The source's own edge, split at the join point: on each side the walk along the edge from it
    // is one line.
    addPieces(graph, e0, 0, at, new double[] {source.legMetres() + at}, new double[] {-1}, search.dist, limitMetres,
        maxLegMetres, pieces);
    addPieces(graph, e0, at, len0, new double[] {source.legMetres() - at}, new double[] {1}, search.dist, limitMetres,
        maxLegMetres, pieces);
    for (int k = 0; k < search.settledCount; k++) {
      int node = search.settled[k];
      for (int a = graph.adjStart[node]; a < graph.adjStart[node + 1]; a++) {
        int e = graph.adjEdge[a];
        if (!done[e]) {
          done[e] = true;
          addPieces(graph, e, 0, graph.edgeLength[e], new double[0], new double[0], search.dist, limitMetres,
              maxLegMetres, pieces);
        }
      }
    }
    return pieces;
  }

  /**
   * The reached parts of edge e between s = from and s = to (metres from its first node), where the
   * walk is the least of dist[first] + s, dist[second] + (len − s) and the extra lines c + slope·s.
   */
  private static void addPieces(RoadGraph g, int e, double from, double to, double[] extraC, double[] extraSlope,
      double[] dist, double limit, double maxLeg, List<Piece> out) {
    if (!(to > from)) {
      return;
    }
    double len = g.edgeLength[e];
    int n = 2 + extraC.length;
    double[] c = new double[n];
    double[] slope = new double[n];
    c[0] = dist[g.edgeFrom[e]];
    slope[0] = 1;
    c[1] = dist[g.edgeTo[e]] + len;
    slope[1] = -1;
    for (int i = 0; i < extraC.length; i++) {
      c[2 + i] = extraC[i];
      slope[2 + i] = extraSlope[i];
    }
    // Candidate breaks: the ends, where a rising and a falling line cross, where a line reaches the
    // limit or the limit less the longest leg (beyond which what is left is capped at that leg).
    double[] breaks = new double[2 + n * n + 2 * n];
    int b = 0;
    breaks[b++] = from;
    breaks[b++] = to;
    for (int i = 0; i < n; i++) {
      if (!Double.isFinite(c[i])) {
        continue;
      }
      for (int j = 0; j < n; j++) {
        if (slope[i] > 0 && slope[j] < 0 && Double.isFinite(c[j])) {
          breaks[b++] = (c[j] - c[i]) / 2;
        }
      }
      breaks[b++] = (limit - c[i]) / slope[i];
      breaks[b++] = (limit - maxLeg - c[i]) / slope[i];
    }
    double[] s = Arrays.stream(breaks, 0, b).filter(x -> x >= from && x <= to).sorted().distinct().toArray();
    double[] left = new double[s.length];
    for (int k = 0; k < s.length; k++) {
      double walk = Double.POSITIVE_INFINITY;
      for (int i = 0; i < n; i++) {
        walk = Math.min(walk, c[i] + slope[i] * s[k]);
      }
      left[k] = walk <= limit + ROUNDING_M ? Math.min(Math.max(limit - walk, 0), maxLeg) : Double.NaN;
    }
    double lon1 = g.lon[g.edgeFrom[e]], lat1 = g.lat[g.edgeFrom[e]];
    double dLon = g.lon[g.edgeTo[e]] - lon1, dLat = g.lat[g.edgeTo[e]] - lat1;
    // A piece shorter than a millimetre (two breaks that nearly coincide) has no direction to draw
    // its band by: it is merged into the reached piece before it on the edge, else the one after it
    // (what is left changes by at most a millimetre across it).
    int start = -1; // where the pending piece starts, -1 when none is pending
    double lastEnd = Double.NaN; // where the last piece added for this call ends
    for (int k = 0; k + 1 < s.length; k++) {
      if (Double.isNaN(left[k]) || Double.isNaN(left[k + 1])) {
        start = -1;
        continue;
      }
      if (start < 0) {
        start = k;
      }
      boolean lastOfRun = k + 2 >= s.length || Double.isNaN(left[k + 2]);
      if (s[k + 1] - s[start] < MIN_PIECE_M && !lastOfRun) {
        continue; // too short yet: carried into the next one
      }
      if (s[k + 1] - s[start] < MIN_PIECE_M && !out.isEmpty() && out.get(out.size() - 1).edge() == e
          && lastEnd == s[start]) {
        // A short last piece: the one before it on the edge reaches to its end instead.
        Piece before = out.remove(out.size() - 1);
        double t2 = s[k + 1] / len;
        out.add(new Piece(before.lon1(), before.lat1(), before.left1(), lon1 + t2 * dLon, lat1 + t2 * dLat,
            left[k + 1], e, before.node1(), s[k + 1] == len));
        lastEnd = s[k + 1];
        start = -1;
        continue;
      }
      // A share of the ground length placed linearly in lon/lat, as RoadGraph.attach places a join point.
      double t1 = s[start] / len;
      double t2 = s[k + 1] / len;
      out.add(new Piece(lon1 + t1 * dLon, lat1 + t1 * dLat, left[start], lon1 + t2 * dLon, lat1 + t2 * dLat,
          left[k + 1], e, s[start] == 0, s[k + 1] == len));
      lastEnd = s[k + 1];
      start = -1;
    }
  }
}
