package linli.registry.coverage.network;

import java.util.Arrays;

/**
 * Multi-source walking distance: one Dijkstra search seeded from all sources at once (a virtual
 * super-source), so the cost is one graph traversal however many facilities a category has.
 */
public final class WalkingDistance {
  private WalkingDistance() {}

  /**
   * For each target point, the walking distance in metres from the nearest source: source access leg +
   * shortest path along edges + target egress leg. A source and a target on the same edge also get
   * the direct route along that edge.
   *
   * <p>NaN when the target or every source cannot join the network within maxLegMetres (1,000 m per
   * the contract), or when no source joins the target's connected component ("no path"; known from
   * component labels, so it is NaN whatever the cutoff).
   *
   * <p>With a finite cutoffMetres the search stops expanding beyond it: a target whose distance is
   * &lt;= cutoff still gets its exact distance, every other reachable target gets +Infinity. With
   * {@code Double.POSITIVE_INFINITY} every reachable target gets its exact distance.
   *
   * @param sourcesLonLat rows {lon, lat} in degrees
   * @param targetsLonLat rows {lon, lat} in degrees
   */
  public static double[] nearest(RoadGraph graph, double[][] sourcesLonLat, double[][] targetsLonLat,
      double maxLegMetres, double cutoffMetres) {
    if (!(maxLegMetres >= 0)) {
      throw new IllegalArgumentException("maxLegMetres must be >= 0: " + maxLegMetres);
    }
    if (!(cutoffMetres >= 0)) {
      throw new IllegalArgumentException("cutoffMetres must be >= 0: " + cutoffMetres);
    }
    return nearest(graph, sourcesLonLat, targets(graph, targetsLonLat, maxLegMetres), maxLegMetres, cutoffMetres);
  }

  /**
   * Target points joined to the graph once, for several searches over the same targets (life
   * circles ask every required category about the same communities).
   */
  public static final class Targets {
    private final RoadGraph graph;
    private final Joins joins;
    private final double maxLegMetres;

    private Targets(RoadGraph graph, Joins joins, double maxLegMetres) {
      this.graph = graph;
      this.joins = joins;
      this.maxLegMetres = maxLegMetres;
    }

    public int size() {
      return joins.size();
    }
  }

  /** {@code targetsLonLat} (rows {lon, lat}) joined to the graph, each within maxLegMetres or not at all. */
  public static Targets targets(RoadGraph graph, double[][] targetsLonLat, double maxLegMetres) {
    if (!(maxLegMetres >= 0)) {
      throw new IllegalArgumentException("maxLegMetres must be >= 0: " + maxLegMetres);
    }
    return new Targets(graph, Joins.of(graph, targetsLonLat, maxLegMetres), maxLegMetres);
  }

  /** As {@link #nearest(RoadGraph, double[][], double[][], double, double)}, for targets already joined. */
  public static double[] nearest(RoadGraph graph, double[][] sourcesLonLat, Targets joinedTargets,
      double maxLegMetres, double cutoffMetres) {
    if (joinedTargets.graph != graph || joinedTargets.maxLegMetres != maxLegMetres) {
      throw new IllegalArgumentException("targets were joined to another graph or with another leg");
    }
    if (!(cutoffMetres >= 0)) {
      throw new IllegalArgumentException("cutoffMetres must be >= 0: " + cutoffMetres);
    }
    Joins sources = Joins.of(graph, sourcesLonLat, maxLegMetres);
    Joins targets = joinedTargets.joins;

    // Seed both ends of each source's edge with leg + walk along the edge to that end.
    double[] dist = new double[graph.nodeCount()];
    Arrays.fill(dist, Double.POSITIVE_INFINITY);
    NodeHeap heap = new NodeHeap(dist);
    boolean[] sourceComponent = new boolean[graph.componentCount];
    for (int i = 0; i < sources.size(); i++) {
      int e = sources.edge[i];
      if (e < 0) {
        continue;
      }
      double len = graph.edgeLength[e];
      heap.decrease(graph.edgeFrom[e], sources.leg[i] + sources.fraction[i] * len);
      heap.decrease(graph.edgeTo[e], sources.leg[i] + (1 - sources.fraction[i]) * len);
      sourceComponent[graph.component[graph.edgeFrom[e]]] = true;
    }
    search(graph, dist, heap, cutoffMetres);

    int[] bySourceEdge = sources.sortedByEdge();
    double[] result = new double[targets.size()];
    for (int j = 0; j < targets.size(); j++) {
      int e = targets.edge[j];
      if (e < 0 || !sourceComponent[graph.component[graph.edgeFrom[e]]]) {
        result[j] = Double.NaN;
        continue;
      }
      double len = graph.edgeLength[e];
      double f = targets.fraction[j];
      double best = Math.min(dist[graph.edgeFrom[e]] + f * len, dist[graph.edgeTo[e]] + (1 - f) * len);
      // Same edge: walking straight along it can beat leaving it (e.g. both join mid-edge).
      for (int k = firstWithEdge(sources, bySourceEdge, e); k < bySourceEdge.length
          && sources.edge[bySourceEdge[k]] == e; k++) {
        int i = bySourceEdge[k];
        best = Math.min(best, sources.leg[i] + Math.abs(sources.fraction[i] - f) * len);
      }
      double d = best + targets.leg[j];
      result[j] = d <= cutoffMetres ? d : Double.POSITIVE_INFINITY;
    }
    return result;
  }

  /**
   * Plain Dijkstra from the seeded heap. Stops once the smallest tentative distance exceeds the
   * cutoff: every node within the cutoff is settled by then, so distances <= cutoff are exact.
   */
  private static void search(RoadGraph g, double[] dist, NodeHeap heap, double cutoff) {
    int[] start = g.adjStart;
    int[] next = g.adjNode;
    double[] length = g.adjLength;
    while (!heap.isEmpty() && heap.minKey() <= cutoff) {
      int node = heap.removeMin();
      double d = dist[node];
      for (int a = start[node], end = start[node + 1]; a < end; a++) {
        heap.decrease(next[a], d + length[a]);
      }
    }
  }

  /** Index into bySourceEdge of the first source on edge e (or where it would be). */
  private static int firstWithEdge(Joins sources, int[] bySourceEdge, int e) {
    int lo = 0, hi = bySourceEdge.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (sources.edge[bySourceEdge[mid]] < e) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }
}
