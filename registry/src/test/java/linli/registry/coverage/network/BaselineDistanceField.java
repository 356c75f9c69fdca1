package linli.registry.coverage.network;

import java.util.Arrays;

/**
 * The kept search as main had it before copy-on-write pages (commit 0a529c0, verbatim but for the
 * name): each change clones both arrays and renumbers every node's source. Only for {@link
 * FieldEditBenchmark}, side by side with {@link DistanceField}.
 *
 * <p>Originally:
 * A multi-source search kept whole: every node's walking distance from the nearest source and which
 * source that is. Every distance asked of a category is read off it ({@link #distances}), and it
 * follows a change to its sources by searching only where the change matters ({@link #changed}):
 * the nodes whose nearest source went, and the nodes a new source is nearer to. A facility edit
 * then costs the roads around that facility instead of a search over the whole graph.
 *
 * <p>Invariant: each node's distance is the length of a walk from its source (a path whose every
 * node is labelled with that source when the search set it), so the nodes labelled with a removed
 * source are exactly the ones whose distance may no longer be walked; every other node keeps an
 * exact distance, because removing sources only lengthens walks.
 */
final class BaselineDistanceField {
  private final WalkingDistance.Sources sources;
  private final double[] dist;
  /** Per node, the position in {@link #sources} of its nearest source; -1 where none reaches. */
  private final int[] from;

  private BaselineDistanceField(WalkingDistance.Sources sources, double[] dist, int[] from) {
    this.sources = sources;
    this.dist = dist;
    this.from = from;
  }

  /** One search over the whole graph from every source at once. */
  static BaselineDistanceField of(WalkingDistance.Sources sources) {
    RoadGraph graph = sources.graph;
    double[] dist = new double[graph.nodeCount()];
    Arrays.fill(dist, Double.POSITIVE_INFINITY);
    int[] from = new int[graph.nodeCount()];
    Arrays.fill(from, -1);
    RadixHeap heap = new RadixHeap();
    for (int i = 0; i < sources.size(); i++) {
      seed(graph, sources.joins, i, dist, from, heap);
    }
    settle(graph, dist, from, heap);
    return new BaselineDistanceField(sources, dist, from);
  }

  /** The sources this field was searched from. */
  public WalkingDistance.Sources sources() {
    return sources;
  }

  /**
   * Each target's walking distance from its nearest source, as {@link WalkingDistance#nearest}
   * without a cutoff answers it: exact, NaN where the target or every source of its connected part
   * of the network cannot join.
   */
  public double[] distances(WalkingDistance.Targets targets) {
    RoadGraph graph = sources.graph;
    if (targets.graph != graph) {
      throw new IllegalArgumentException("targets joined to another graph");
    }
    Joins joins = sources.joins;
    int[] bySourceEdge = joins.byEdge();
    double[] out = new double[targets.size()];
    for (int j = 0; j < out.length; j++) {
      double d = targets.joins.edge[j] < 0 ? Double.NaN
          : WalkingDistance.toTarget(graph, dist, joins, bySourceEdge, targets.joins, j, Double.POSITIVE_INFINITY);
      out[j] = Double.isInfinite(d) ? Double.NaN : d; // no source in the target's part of the network
    }
    return out;
  }

  /**
   * The field of {@code after}, which must be {@code sources().only(kept, added)} for some added
   * points: its source k &lt; kept.length is this field's source kept[k], the rest are new. The nodes
   * whose nearest source is not kept are searched again from their neighbours outside that region
   * and from the sources joined to their roads; the new sources' searches go only where they are
   * nearer than the sources already there. This field is left as it is (it may be in use).
   */
  BaselineDistanceField changed(WalkingDistance.Sources after, int[] kept) {
    if (after.graph != sources.graph || after.size() < kept.length) {
      throw new IllegalArgumentException("not a change of this field's sources");
    }
    RoadGraph graph = sources.graph;
    int[] remap = new int[sources.size()];
    Arrays.fill(remap, -1);
    boolean same = kept.length == sources.size() && after.size() == kept.length;
    for (int k = 0; k < kept.length; k++) {
      remap[kept[k]] = k;
      same &= kept[k] == k;
    }
    if (same) {
      return new BaselineDistanceField(after, dist, from);
    }
    double[] d = dist.clone();
    int[] f = from.clone();
    int[] lost = new int[64];
    int lostCount = 0;
    for (int v = 0; v < f.length; v++) {
      if (f[v] >= 0) {
        f[v] = remap[f[v]];
        if (f[v] < 0) {
          d[v] = Double.POSITIVE_INFINITY;
          if (lostCount == lost.length) {
            lost = Arrays.copyOf(lost, 2 * lostCount);
          }
          lost[lostCount++] = v;
        }
      }
    }
    RadixHeap heap = new RadixHeap();
    int[] bySourceEdge = after.joins.byEdge();
    for (int i = 0; i < lostCount; i++) {
      int v = lost[i];
      for (int a = graph.adjStart[v]; a < graph.adjStart[v + 1]; a++) {
        int u = graph.adjNode[a];
        if (f[u] >= 0) { // a neighbour that kept its source: walk on from it
          offer(v, d[u] + graph.adjLength[a], f[u], d, f, heap);
        }
        int e = graph.adjEdge[a];
        for (int k = WalkingDistance.firstWithEdge(after.joins, bySourceEdge, e); k < bySourceEdge.length
            && after.joins.edge[bySourceEdge[k]] == e; k++) {
          seed(graph, after.joins, bySourceEdge[k], d, f, heap); // a source joined to the lost node's road
        }
      }
    }
    for (int i = kept.length; i < after.size(); i++) {
      seed(graph, after.joins, i, d, f, heap);
    }
    settle(graph, d, f, heap);
    return new BaselineDistanceField(after, d, f);
  }

  /** Offers both ends of source i's road: its leg plus the walk along the road to that end. */
  private static void seed(RoadGraph graph, Joins joins, int i, double[] dist, int[] from, RadixHeap heap) {
    int e = joins.edge[i];
    if (e < 0) {
      return;
    }
    double len = graph.edgeLength[e];
    offer(graph.edgeFrom[e], joins.leg[i] + joins.fraction[i] * len, i, dist, from, heap);
    offer(graph.edgeTo[e], joins.leg[i] + (1 - joins.fraction[i]) * len, i, dist, from, heap);
  }

  private static void offer(int node, double d, int source, double[] dist, int[] from, RadixHeap heap) {
    if (d < dist[node]) {
      dist[node] = d;
      from[node] = source;
      heap.push(node, d);
    }
  }

  /** Dijkstra from the queued nodes; a node reached more cheaply takes the source it was reached from. */
  private static void settle(RoadGraph graph, double[] dist, int[] from, RadixHeap heap) {
    int[] start = graph.adjStart;
    int[] next = graph.adjNode;
    double[] length = graph.adjLength;
    while (!heap.isEmpty()) {
      double d = heap.minKey();
      int node = heap.removeMin();
      if (d > dist[node]) {
        continue; // improved since this entry was queued
      }
      int source = from[node];
      for (int a = start[node], end = start[node + 1]; a < end; a++) {
        int v = next[a];
        double through = d + length[a];
        if (through < dist[v]) {
          dist[v] = through;
          from[v] = source;
          heap.push(v, through);
        }
      }
    }
  }
}
