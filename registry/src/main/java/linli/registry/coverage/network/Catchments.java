package linli.registry.coverage.network;

import java.util.Arrays;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;

/**
 * Per-source reach: for each source separately, every target within a walking-distance limit. This
 * is what a floating catchment or a candidate site's gain needs, where {@link WalkingDistance}
 * answers only "how far is the nearest source".
 *
 * <p>One Dijkstra per source, bounded by the limit, reusing its arrays (only the nodes a search
 * touched are reset), so a search costs what it explores, not the size of the graph. Distances are
 * built with exactly the operations {@link WalkingDistance#nearest} uses, and floating-point
 * addition is monotone, so a target is within the limit of some source here exactly when the
 * multi-source search puts it within the limit: catchments and coverage agree to the last bit.
 */
public final class Catchments {
  /** For source i: targets[i] (indices into the targets given) and metres[i], each within the limit. */
  public record Reach(int[][] targets, double[][] metres) {}

  private Catchments() {}

  /**
   * @param sourcesLonLat rows {lon, lat} in degrees
   * @param targetsLonLat rows {lon, lat} in degrees
   * @param maxLegMetres  longest straight leg joining a point to the network (1,000 m per the contract)
   * @param limitMetres   the walking distance a target must be within
   */
  public static Reach within(RoadGraph graph, double[][] sourcesLonLat, double[][] targetsLonLat,
      double maxLegMetres, double limitMetres) {
    return within(graph, sourcesLonLat, targetsLonLat, maxLegMetres, limitMetres, () -> false);
  }

  /**
   * As {@link #within(RoadGraph, double[][], double[][], double, double)}, asking {@code abandoned}
   * before each source's search (one search is a few milliseconds at most): once it says true, the
   * work stops with a {@link CancellationException} and nothing half done is returned.
   */
  public static Reach within(RoadGraph graph, double[][] sourcesLonLat, double[][] targetsLonLat,
      double maxLegMetres, double limitMetres, BooleanSupplier abandoned) {
    if (!(limitMetres >= 0)) {
      throw new IllegalArgumentException("limitMetres must be >= 0: " + limitMetres);
    }
    Joins sources = Joins.of(graph, sourcesLonLat, maxLegMetres);
    Joins targets = Joins.of(graph, targetsLonLat, maxLegMetres);
    TargetsByEdge byEdge = new TargetsByEdge(graph.edgeCount(), targets);
    Search search = new Search(graph);
    int[][] reached = new int[sources.size()][];
    double[][] metres = new double[sources.size()][];
    int[] stamp = new int[targets.size()];
    Arrays.fill(stamp, -1);
    int[] foundTargets = new int[targets.size()];
    double[] foundMetres = new double[targets.size()];
    for (int i = 0; i < sources.size(); i++) {
      if (abandoned.getAsBoolean()) {
        throw new CancellationException("abandoned after " + i + " of " + sources.size() + " searches");
      }
      int found = 0;
      int e = sources.edge[i];
      if (e >= 0) {
        double len = graph.edgeLength[e];
        search.run(graph.edgeFrom[e], sources.leg[i] + sources.fraction[i] * len,
            graph.edgeTo[e], sources.leg[i] + (1 - sources.fraction[i]) * len, limitMetres);
        // Targets on the source's own edge (reachable along it even when neither end is), then
        // targets on every edge leaving a node settled within the limit.
        found = collect(graph, e, sources, i, targets, byEdge, search.dist, e, limitMetres, stamp, foundTargets,
            foundMetres, found);
        for (int k = 0; k < search.settledCount; k++) {
          int node = search.settled[k];
          for (int a = graph.adjStart[node]; a < graph.adjStart[node + 1]; a++) {
            found = collect(graph, graph.adjEdge[a], sources, i, targets, byEdge, search.dist, e, limitMetres, stamp,
                foundTargets, foundMetres, found);
          }
        }
        search.reset();
      }
      reached[i] = Arrays.copyOf(foundTargets, found);
      metres[i] = Arrays.copyOf(foundMetres, found);
    }
    return new Reach(reached, metres);
  }

  /** Adds the targets on {@code edge} within the limit of source i, once each; returns the new count. */
  private static int collect(RoadGraph g, int edge, Joins sources, int i, Joins targets, TargetsByEdge byEdge,
      double[] dist, int sourceEdge, double limit, int[] stamp, int[] foundTargets, double[] foundMetres, int found) {
    double len = g.edgeLength[edge];
    for (int t = byEdge.start[edge]; t < byEdge.start[edge + 1]; t++) {
      int j = byEdge.target[t];
      if (stamp[j] == i) {
        continue;
      }
      double f = targets.fraction[j];
      // The same expression, in the same order, as WalkingDistance.nearest.
      double best = Math.min(dist[g.edgeFrom[edge]] + f * len, dist[g.edgeTo[edge]] + (1 - f) * len);
      if (edge == sourceEdge) {
        best = Math.min(best, sources.leg[i] + Math.abs(sources.fraction[i] - f) * len);
      }
      double d = best + targets.leg[j];
      if (d <= limit) {
        stamp[j] = i;
        foundTargets[found] = j;
        foundMetres[found] = d;
        found++;
      }
    }
    return found;
  }

  /** Attached targets grouped by edge (compressed rows). */
  private static final class TargetsByEdge {
    final int[] start;
    final int[] target;

    TargetsByEdge(int edges, Joins targets) {
      start = new int[edges + 1];
      int n = 0;
      for (int j = 0; j < targets.size(); j++) {
        if (targets.edge[j] >= 0) {
          start[targets.edge[j] + 1]++;
          n++;
        }
      }
      for (int e = 0; e < edges; e++) {
        start[e + 1] += start[e];
      }
      target = new int[n];
      int[] fill = Arrays.copyOf(start, edges);
      for (int j = 0; j < targets.size(); j++) {
        if (targets.edge[j] >= 0) {
          target[fill[targets.edge[j]]++] = j;
        }
      }
    }
  }

  /** A bounded Dijkstra whose arrays are reused from one source to the next (also {@link ReachedRoads}'s). */
  static final class Search {
    private final RoadGraph g;
    final double[] dist;
    private final NodeHeap heap;
    private final int[] touched;
    private int touchedCount;
    final int[] settled;
    int settledCount;

    Search(RoadGraph g) {
      this.g = g;
      dist = new double[g.nodeCount()];
      Arrays.fill(dist, Double.POSITIVE_INFINITY);
      heap = new NodeHeap(dist);
      touched = new int[g.nodeCount()];
      settled = new int[g.nodeCount()];
    }

    void run(int a, double da, int b, double db, double limit) {
      offer(a, da);
      offer(b, db);
      // As WalkingDistance.search: every node within the limit is settled, with its exact distance.
      while (!heap.isEmpty() && heap.minKey() <= limit) {
        int node = heap.removeMin();
        settled[settledCount++] = node;
        double d = dist[node];
        for (int x = g.adjStart[node], end = g.adjStart[node + 1]; x < end; x++) {
          offer(g.adjNode[x], d + g.adjLength[x]);
        }
      }
    }

    private void offer(int node, double value) {
      if (dist[node] == Double.POSITIVE_INFINITY && value < Double.POSITIVE_INFINITY) {
        touched[touchedCount++] = node;
      }
      heap.decrease(node, value);
    }

    void reset() {
      for (int k = 0; k < touchedCount; k++) {
        dist[touched[k]] = Double.POSITIVE_INFINITY;
      }
      heap.reset(touched, touchedCount);
      touchedCount = 0;
      settledCount = 0;
    }
  }
}
