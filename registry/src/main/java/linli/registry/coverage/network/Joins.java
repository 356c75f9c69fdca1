package linli.registry.coverage.network;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.IntStream;

/** Attachments of many points as parallel arrays; edge -1 means "cannot join". */
final class Joins {
  final int[] edge;
  final double[] fraction;
  final double[] leg;

  private Joins(int n) {
    edge = new int[n];
    fraction = new double[n];
    leg = new double[n];
  }

  int size() {
    return edge.length;
  }

  static Joins of(RoadGraph graph, double[][] points, double maxLeg) {
    Joins joins = new Joins(points.length);
    for (double[] p : points) {
      if (p == null || p.length < 2) {
        throw new IllegalArgumentException("each point must be {lon, lat}");
      }
    }
    // Points attach independently and the graph is immutable: spread them over the cores.
    IntStream.range(0, points.length).parallel().forEach(i -> {
      Optional<Attachment> a = graph.attach(points[i][0], points[i][1], maxLeg);
      joins.edge[i] = a.map(Attachment::edge).orElse(-1);
      joins.fraction[i] = a.map(Attachment::fraction).orElse(Double.NaN);
      joins.leg[i] = a.map(Attachment::legMetres).orElse(Double.NaN);
    });
    return joins;
  }

  /** Only the joins at {@code positions}, in that order. */
  Joins only(int[] positions) {
    Joins out = new Joins(positions.length);
    for (int k = 0; k < positions.length; k++) {
      out.edge[k] = edge[positions[k]];
      out.fraction[k] = fraction[positions[k]];
      out.leg[k] = leg[positions[k]];
    }
    return out;
  }

  /** These joins followed by {@code more}. */
  Joins plus(Joins more) {
    Joins out = new Joins(size() + more.size());
    System.arraycopy(edge, 0, out.edge, 0, size());
    System.arraycopy(fraction, 0, out.fraction, 0, size());
    System.arraycopy(leg, 0, out.leg, 0, size());
    System.arraycopy(more.edge, 0, out.edge, size(), more.size());
    System.arraycopy(more.fraction, 0, out.fraction, size(), more.size());
    System.arraycopy(more.leg, 0, out.leg, size(), more.size());
    return out;
  }

  /**
   * {@code only(positions).plus(more)}, its {@link #byEdge()} taken from these joins' order when
   * that is known and {@code positions} ascend (a category after an edit: the kept facilities' order
   * by edge stays, the few new ones are merged in), instead of sorting them all again.
   */
  Joins keeping(int[] positions, Joins more) {
    Joins out = only(positions).plus(more);
    int[] sorted = byEdge;
    if (sorted == null) {
      return out;
    }
    int[] renumbered = new int[size()];
    Arrays.fill(renumbered, -1);
    for (int k = 0; k < positions.length; k++) {
      if (k > 0 && positions[k] <= positions[k - 1]) {
        return out; // not ascending: the order by (edge, index) would not carry over
      }
      renumbered[positions[k]] = k;
    }
    int[] added = more.sortedByEdge();
    int[] merged = new int[sorted.length + added.length];
    int n = 0;
    int a = 0;
    for (int i : sorted) {
      int k = renumbered[i];
      if (k < 0) {
        continue;
      }
      // Points of the same edge: the kept ones first, their new indices being the lower.
      while (a < added.length && more.edge[added[a]] < out.edge[k]) {
        merged[n++] = positions.length + added[a++];
      }
      merged[n++] = k;
    }
    while (a < added.length) {
      merged[n++] = positions.length + added[a++];
    }
    out.byEdge = Arrays.copyOf(merged, n);
    return out;
  }

  /** {@link #sortedByEdge()}, sorted once and kept: a category's facilities and the communities are asked again. */
  int[] byEdge() {
    int[] sorted = byEdge;
    if (sorted == null) {
      sorted = sortedByEdge();
      byEdge = sorted;
    }
    return sorted;
  }

  private volatile int[] byEdge;

  /** Whether a point is joined to edge e: most edges have none, and then no search of {@link #byEdge()} is needed. */
  boolean anyOn(int e) {
    java.util.BitSet edges = joinedEdges;
    if (edges == null) {
      edges = new java.util.BitSet();
      for (int x : edge) {
        if (x >= 0) {
          edges.set(x);
        }
      }
      joinedEdges = edges;
    }
    return edges.get(e);
  }

  private volatile java.util.BitSet joinedEdges;

  /** Indices of attached points ordered by edge (then index), for same-edge lookups. */
  int[] sortedByEdge() {
    long[] keyed = new long[edge.length];
    int n = 0;
    for (int i = 0; i < edge.length; i++) {
      if (edge[i] >= 0) {
        keyed[n++] = ((long) edge[i] << 32) | i;
      }
    }
    Arrays.sort(keyed, 0, n);
    int[] order = new int[n];
    for (int k = 0; k < n; k++) {
      order[k] = (int) keyed[k];
    }
    return order;
  }
}
