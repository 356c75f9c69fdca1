package linli.registry.coverage.network;

import java.util.Arrays;

/**
 * A search's distance per node, lent out and taken back so that searches on one graph reuse it:
 * only the nodes a search reached are reset afterwards. A search bounded by a few hundred metres
 * (a proposed site's what-if) then costs what it explores, not an array the size of a province's
 * graph (tens of megabytes to allocate and fill per question).
 */
final class SearchSpace {
  /** Spaces kept for reuse per graph (searches run on the cores); more at once allocate their own. */
  private static final int KEPT = Math.max(2, Runtime.getRuntime().availableProcessors());
  private final RoadGraph graph;
  final double[] dist;
  private int[] reached = new int[1024];
  private int reachedCount;
  /** Past a quarter of the graph the nodes reached are no longer listed: the whole array is reset. */
  private boolean overflowed;

  private SearchSpace(RoadGraph graph) {
    this.graph = graph;
    this.dist = new double[graph.nodeCount()];
    Arrays.fill(dist, Double.POSITIVE_INFINITY);
  }

  static SearchSpace borrow(RoadGraph graph) {
    SearchSpace kept = graph.searchSpaces.poll();
    return kept != null ? kept : new SearchSpace(graph);
  }

  /** Sets a node's distance below its current one. */
  void lower(int node, double d) {
    if (dist[node] == Double.POSITIVE_INFINITY && !overflowed) {
      if (reachedCount == reached.length) {
        if (reachedCount >= dist.length / 4) {
          overflowed = true;
        } else {
          reached = Arrays.copyOf(reached, Math.min(2 * reachedCount, dist.length / 4 + 1));
        }
      }
      if (!overflowed) {
        reached[reachedCount++] = node;
      }
    }
    dist[node] = d;
  }

  /** The nodes this search has lowered so far (settled or queued), or null if more than {@code atMost}. */
  int[] reachedNodes(int atMost) {
    return overflowed || reachedCount > atMost ? null : Arrays.copyOf(reached, reachedCount);
  }

  /** Resets what the search reached and hands the space back for the next search. */
  void release() {
    if (overflowed) {
      Arrays.fill(dist, Double.POSITIVE_INFINITY);
      overflowed = false;
    } else {
      for (int i = 0; i < reachedCount; i++) {
        dist[reached[i]] = Double.POSITIVE_INFINITY;
      }
    }
    reachedCount = 0;
    if (graph.searchSpaces.size() < KEPT) {
      graph.searchSpaces.offer(this);
    }
  }
}
