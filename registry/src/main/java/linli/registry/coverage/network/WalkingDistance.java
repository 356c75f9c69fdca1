package linli.registry.coverage.network;

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
    final RoadGraph graph;
    final Joins joins;
    private final double maxLegMetres;

    private Targets(RoadGraph graph, Joins joins, double maxLegMetres) {
      this.graph = graph;
      this.joins = joins;
      this.maxLegMetres = maxLegMetres;
    }

    public int size() {
      return joins.size();
    }

    /** Each target's connected component, -1 where it does not join; labelled once and kept. */
    private int[] components() {
      int[] labels = components;
      if (labels == null) {
        labels = new int[joins.size()];
        for (int j = 0; j < labels.length; j++) {
          labels[j] = joins.edge[j] < 0 ? -1 : graph.component[graph.edgeFrom[joins.edge[j]]];
        }
        components = labels;
      }
      return labels;
    }

    private volatile int[] components;
  }

  /** {@code targetsLonLat} (rows {lon, lat}) joined to the graph, each within maxLegMetres or not at all. */
  public static Targets targets(RoadGraph graph, double[][] targetsLonLat, double maxLegMetres) {
    if (!(maxLegMetres >= 0)) {
      throw new IllegalArgumentException("maxLegMetres must be >= 0: " + maxLegMetres);
    }
    return new Targets(graph, Joins.of(graph, targetsLonLat, maxLegMetres), maxLegMetres);
  }

  /**
   * Source points joined to the graph once, for several searches from the same points (a category's
   * facilities: every distance asked of it, and the what-if of a change to them).
   */
  public static final class Sources {
    final RoadGraph graph;
    final Joins joins;
    final double maxLegMetres;

    private Sources(RoadGraph graph, Joins joins, double maxLegMetres) {
      this.graph = graph;
      this.joins = joins;
      this.maxLegMetres = maxLegMetres;
    }

    public int size() {
      return joins.size();
    }

    /** Only the sources at {@code positions}, plus {@code added} (rows {lon, lat}). */
    public Sources only(int[] positions, double[][] added) {
      return new Sources(graph, joins.keeping(positions, Joins.of(graph, added, maxLegMetres)), maxLegMetres);
    }
  }

  /** {@code sourcesLonLat} (rows {lon, lat}) joined to the graph, each within maxLegMetres or not at all. */
  public static Sources sources(RoadGraph graph, double[][] sourcesLonLat, double maxLegMetres) {
    if (!(maxLegMetres >= 0)) {
      throw new IllegalArgumentException("maxLegMetres must be >= 0: " + maxLegMetres);
    }
    return new Sources(graph, Joins.of(graph, sourcesLonLat, maxLegMetres), maxLegMetres);
  }

  /** As {@link #nearest(RoadGraph, double[][], double[][], double, double)}, for targets already joined. */
  public static double[] nearest(RoadGraph graph, double[][] sourcesLonLat, Targets joinedTargets,
      double maxLegMetres, double cutoffMetres) {
    return nearest(sources(graph, sourcesLonLat, maxLegMetres), joinedTargets, cutoffMetres);
  }

  /**
   * As {@link #nearest(RoadGraph, double[][], double[][], double, double)}, for sources and targets
   * already joined (to the same graph, with the same leg).
   */
  public static double[] nearest(Sources joinedSources, Targets joinedTargets, double cutoffMetres) {
    RoadGraph graph = joinedSources.graph;
    if (joinedTargets.graph != graph || joinedTargets.maxLegMetres != joinedSources.maxLegMetres) {
      throw new IllegalArgumentException("sources and targets were joined to other graphs or with other legs");
    }
    if (!(cutoffMetres >= 0)) {
      throw new IllegalArgumentException("cutoffMetres must be >= 0: " + cutoffMetres);
    }
    Joins sources = joinedSources.joins;
    Joins targets = joinedTargets.joins;
    SearchSpace space = SearchSpace.borrow(graph);
    try {
      double[] dist = space.dist;
      RadixHeap heap = new RadixHeap();
      boolean[] sourceComponent = seed(graph, sources, space, heap);
      search(graph, space, heap, cutoffMetres);

      int[] bySourceEdge = sources.byEdge();
      double[] result = new double[targets.size()];
      // Listing the targets along a search's roads beats reading every target's edge ends only while
      // the search reached fewer nodes than there are targets.
      int[] reached = Double.isFinite(cutoffMetres) ? space.reachedNodes(targets.size()) : null;
      if (reached == null) {
        for (int j = 0; j < targets.size(); j++) {
          int e = targets.edge[j];
          result[j] = e < 0 || !sourceComponent[graph.component[graph.edgeFrom[e]]] ? Double.NaN
              : toTarget(graph, dist, sources, bySourceEdge, targets, j, cutoffMetres);
        }
        return result;
      }
      // A bounded search that stayed small (a proposed site's, a removed facility's): a target whose
      // edge has no end within the cutoff and no source is beyond it, known from its component alone;
      // only the targets on the edges the search reached are measured, instead of reading the
      // distances at the ends of every target's edge (scattered over the graph-sized array).
      int[] components = joinedTargets.components();
      for (int j = 0; j < result.length; j++) {
        result[j] = components[j] >= 0 && sourceComponent[components[j]] ? Double.POSITIVE_INFINITY : Double.NaN;
      }
      int[] byTargetEdge = targets.byEdge();
      java.util.function.IntConsumer onEdge = e -> {
        for (int k = firstWithEdge(targets, byTargetEdge, e); k < byTargetEdge.length
            && targets.edge[byTargetEdge[k]] == e; k++) {
          result[byTargetEdge[k]] = toTarget(graph, dist, sources, bySourceEdge, targets, byTargetEdge[k], cutoffMetres);
        }
      };
      for (int e : sources.edge) {
        if (e >= 0) {
          onEdge.accept(e);
        }
      }
      for (int node : reached) {
        if (dist[node] <= cutoffMetres) {
          for (int a = graph.adjStart[node]; a < graph.adjStart[node + 1]; a++) {
            onEdge.accept(graph.adjEdge[a]);
          }
        }
      }
      return result;
    } finally {
      space.release();
    }
  }

  /** Target j's distance from the search's sources (joined, in the sources' component): +Infinity beyond the cutoff. */
  static double toTarget(RoadGraph graph, double[] dist, Joins sources, int[] bySourceEdge, Joins targets,
      int j, double cutoffMetres) {
    int e = targets.edge[j];
    return toTarget(graph, dist[graph.edgeFrom[e]], dist[graph.edgeTo[e]], sources, bySourceEdge, targets, j,
        cutoffMetres);
  }

  /** The same, given the walking distances at the two ends of target j's road (a paged field's, say). */
  static double toTarget(RoadGraph graph, double atFrom, double atTo, Joins sources, int[] bySourceEdge,
      Joins targets, int j, double cutoffMetres) {
    int e = targets.edge[j];
    double len = graph.edgeLength[e];
    double f = targets.fraction[j];
    double best = Math.min(atFrom + f * len, atTo + (1 - f) * len);
    // Same edge: walking straight along it can beat leaving it (e.g. both join mid-edge).
    for (int k = firstWithEdge(sources, bySourceEdge, e); k < bySourceEdge.length
        && sources.edge[bySourceEdge[k]] == e; k++) {
      int i = bySourceEdge[k];
      best = Math.min(best, sources.leg[i] + Math.abs(sources.fraction[i] - f) * len);
    }
    double d = best + targets.leg[j];
    return d <= cutoffMetres ? d : Double.POSITIVE_INFINITY;
  }

  /**
   * Positions (ascending) of {@code among} that may lie within {@code metres} walking of one of
   * {@code from}: every one joined to an edge with an end within {@code metres} of {@code from}'s
   * nearest, or to an edge one of {@code from} is joined to. A superset of those within {@code
   * metres}: a walk between two joined points either stays on one edge (both are joined to it) or
   * passes an end of the edge it arrives by, no farther along the walk than the whole walk. One
   * search bounded by {@code metres}; it costs the roads within that distance.
   */
  public static int[] near(Sources from, Sources among, double metres) {
    RoadGraph graph = from.graph;
    if (among.graph != graph) {
      throw new IllegalArgumentException("sources joined to other graphs");
    }
    Joins others = among.joins;
    int[] byEdge = others.byEdge();
    java.util.BitSet near = new java.util.BitSet(others.size());
    java.util.function.IntConsumer onEdge = e -> {
      for (int k = firstWithEdge(others, byEdge, e); k < byEdge.length && others.edge[byEdge[k]] == e; k++) {
        near.set(byEdge[k]);
      }
    };
    SearchSpace space = SearchSpace.borrow(graph);
    try {
      RadixHeap heap = new RadixHeap();
      seed(graph, from.joins, space, heap);
      search(graph, space, heap, metres);
      for (int e : from.joins.edge) {
        if (e >= 0) {
          onEdge.accept(e);
        }
      }
      double[] dist = space.dist;
      int[] reached = space.reachedNodes(Integer.MAX_VALUE);
      if (reached == null) { // most of the graph: look at every source's edge instead
        for (int i = 0; i < others.size(); i++) {
          int e = others.edge[i];
          if (e >= 0 && (dist[graph.edgeFrom[e]] <= metres || dist[graph.edgeTo[e]] <= metres)) {
            near.set(i);
          }
        }
      } else {
        for (int node : reached) {
          if (dist[node] <= metres) {
            for (int a = graph.adjStart[node]; a < graph.adjStart[node + 1]; a++) {
              onEdge.accept(graph.adjEdge[a]);
            }
          }
        }
      }
      return near.stream().toArray();
    } finally {
      space.release();
    }
  }

  /**
   * Seeds both ends of each source's edge with leg + walk along the edge to that end; returns which
   * connected components hold a source.
   */
  private static boolean[] seed(RoadGraph graph, Joins sources, SearchSpace space, RadixHeap heap) {
    boolean[] sourceComponent = new boolean[graph.componentCount];
    for (int i = 0; i < sources.size(); i++) {
      int e = sources.edge[i];
      if (e < 0) {
        continue;
      }
      double len = graph.edgeLength[e];
      offer(space, heap, graph.edgeFrom[e], sources.leg[i] + sources.fraction[i] * len);
      offer(space, heap, graph.edgeTo[e], sources.leg[i] + (1 - sources.fraction[i]) * len);
      sourceComponent[graph.component[graph.edgeFrom[e]]] = true;
    }
    return sourceComponent;
  }

  private static void offer(SearchSpace space, RadixHeap heap, int node, double d) {
    if (d < space.dist[node]) {
      space.lower(node, d);
      heap.push(node, d);
    }
  }

  /**
   * Plain Dijkstra from the seeded heap. Stops once the smallest tentative distance exceeds the
   * cutoff: every node within the cutoff is settled by then, so distances <= cutoff are exact. A
   * node is queued again whenever its distance improves; the older entries are skipped.
   */
  private static void search(RoadGraph g, SearchSpace space, RadixHeap heap, double cutoff) {
    int[] start = g.adjStart;
    int[] next = g.adjNode;
    double[] length = g.adjLength;
    double[] dist = space.dist;
    while (!heap.isEmpty()) {
      double d = heap.minKey();
      if (d > cutoff) {
        break;
      }
      int node = heap.removeMin();
      if (d > dist[node]) {
        continue; // improved since this entry was queued
      }
      for (int a = start[node], end = start[node + 1]; a < end; a++) {
        int v = next[a];
        double through = d + length[a];
        if (through < dist[v]) {
          space.lower(v, through);
          heap.push(v, through);
        }
      }
    }
  }

  /** Index into bySourceEdge of the first source on edge e (or where it would be; its length when none is on e). */
  static int firstWithEdge(Joins sources, int[] bySourceEdge, int e) {
    if (!sources.anyOn(e)) {
      return bySourceEdge.length;
    }
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
