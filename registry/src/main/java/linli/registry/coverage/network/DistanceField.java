package linli.registry.coverage.network;

import java.util.Arrays;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * A multi-source search kept whole: every node's walking distance from the nearest source and which
 * source that is. Every distance asked of a category is read off it ({@link #distances}), and it
 * follows a change to its sources by searching only where the change matters ({@link #changed}):
 * the nodes whose nearest source went, and the nodes a new source is nearer to. A facility edit
 * then costs the roads around that facility instead of a search over the whole graph.
 *
 * <p>Invariant: each node's distance is the length of a walk from its source along the search's
 * shortest-path tree, every node of which carries that source's label (a node whose tree parent is
 * relabelled by a nearer source is itself reached more cheaply through it, and relabelled too). So
 * the nodes labelled with a source are connected, through nodes with its label, to the ends of the
 * road it is joined to; those of a removed source are found by walking from there ({@link #changed})
 * and are exactly the ones whose distance may no longer be walked; every other node keeps an exact
 * distance, because removing sources only lengthens walks.
 *
 * <p>Storage is shared between a field and the fields changed from it: distances and labels are
 * kept in pages of {@value #PAGE_SIZE} nodes, and a changed field copies only the pages it writes
 * (copy on write), sharing the others with the field it was changed from, which is never written
 * (it may be in use by other readers). A label is a source's <em>slot</em>, not its position in
 * {@link #sources()}: a kept source keeps its slot whatever positions shift, so no node is
 * relabelled for a change elsewhere. Slots are never reused along a chain of changes (a new
 * source takes a slot after every earlier one), so a label left in a shared page can never be
 * mistaken for a later source; which slots are of this field's sources is kept beside the pages,
 * a bit per slot (a few KB, copied per change).
 */
public final class DistanceField {
  static final int PAGE_BITS = 12;
  static final int PAGE_SIZE = 1 << PAGE_BITS;
  private static final int PAGE_MASK = PAGE_SIZE - 1;

  private final WalkingDistance.Sources sources;
  private final int nodeCount;
  /** Per node (page {@code v >> PAGE_BITS}, offset {@code v & PAGE_MASK}), the walking distance from its nearest source. */
  private final double[][] dist;
  /** Per node, the slot of its nearest source; -1 where none reaches. */
  private final int[][] from;
  /** Per source position in {@link #sources}, its slot. */
  private final int[] slotOf;
  /** The next unused slot: every label in the pages (this field's and its ancestors') is below it. */
  private final int nextSlot;
  /** Which slots are of this field's sources (bit {@code slot & 63} of word {@code slot >> 6}). */
  private final long[] live;

  private DistanceField(WalkingDistance.Sources sources, int nodeCount, double[][] dist, int[][] from, int[] slotOf,
      int nextSlot, long[] live) {
    this.sources = sources;
    this.nodeCount = nodeCount;
    this.dist = dist;
    this.from = from;
    this.slotOf = slotOf;
    this.nextSlot = nextSlot;
    this.live = live;
  }

  private static boolean isLive(long[] live, int slot) {
    return (live[slot >>> 6] & (1L << slot)) != 0;
  }

  /** One search over the whole graph from every source at once; source i takes slot i. */
  public static DistanceField of(WalkingDistance.Sources sources) {
    RoadGraph graph = sources.graph;
    int n = graph.nodeCount();
    int pages = (n + PAGE_SIZE - 1) >>> PAGE_BITS;
    double[][] dist = new double[pages][];
    int[][] from = new int[pages][];
    for (int p = 0; p < pages; p++) {
      int size = Math.min(PAGE_SIZE, n - (p << PAGE_BITS));
      dist[p] = new double[size];
      Arrays.fill(dist[p], Double.POSITIVE_INFINITY);
      from[p] = new int[size];
      Arrays.fill(from[p], -1);
    }
    int[] slotOf = new int[sources.size()];
    Arrays.setAll(slotOf, i -> i);
    long[] live = new long[(sources.size() + 63) >>> 6];
    for (int i = 0; i < sources.size(); i++) {
      live[i >>> 6] |= 1L << i;
    }
    Writer w = new Writer(graph, dist, from, true);
    for (int i = 0; i < sources.size(); i++) {
      w.seed(sources.joins, i, i);
    }
    w.settle();
    return new DistanceField(sources, n, dist, from, slotOf, sources.size(), live);
  }

  /** The sources this field was searched from. */
  public WalkingDistance.Sources sources() {
    return sources;
  }

  /** Node v's walking distance from its nearest source (+Infinity where none reaches). */
  double dist(int v) {
    return dist[v >>> PAGE_BITS][v & PAGE_MASK];
  }

  /** The position in {@link #sources()} of node v's nearest source, -1 where none reaches (for tests: a linear lookup). */
  int source(int v) {
    int slot = from[v >>> PAGE_BITS][v & PAGE_MASK];
    if (slot < 0) {
      return -1;
    }
    for (int i = 0; i < slotOf.length; i++) {
      if (slotOf[i] == slot) {
        return i;
      }
    }
    throw new IllegalStateException("node " + v + " is labelled with slot " + slot + ", of no source of this field");
  }

  /**
   * Whether every node's label is the slot of one of this field's sources or -1 (for tests: the
   * removed sources' nodes were all found, so no dead label stays where a later change would trust it).
   */
  boolean labelsLive() {
    for (int[] page : from) {
      for (int slot : page) {
        if (slot >= 0 && !isLive(live, slot)) {
          return false;
        }
      }
    }
    return true;
  }

  /**
   * The bytes held by {@code fields}, each page counted once however many of them share it (the
   * pages, their tables, the slots): a kept search and the ones changed from it share most pages.
   */
  public static long bytes(Collection<DistanceField> fields) {
    Map<Object, Boolean> seen = new IdentityHashMap<>();
    long bytes = 0;
    for (DistanceField f : fields) {
      bytes += 16 + 8L * f.dist.length + 4L * f.slotOf.length + 8L * f.live.length + 80;
      for (int p = 0; p < f.dist.length; p++) {
        if (seen.put(f.dist[p], Boolean.TRUE) == null) {
          bytes += 16 + 8L * f.dist[p].length;
        }
        if (seen.put(f.from[p], Boolean.TRUE) == null) {
          bytes += 16 + 4L * f.from[p].length;
        }
      }
    }
    return bytes;
  }

  /** The bytes this field holds, its pages counted whole (shared or not); counted once, when made. */
  public long bytes() {
    long bytes = this.bytes;
    if (bytes == 0) {
      bytes = bytes(java.util.List.of(this));
      this.bytes = bytes;
    }
    return bytes;
  }

  private volatile long bytes;

  /** How many of this field's pages are not {@code other}'s (for tests and benchmarks: what a change copied). */
  int pagesNotIn(DistanceField other) {
    int n = 0;
    for (int p = 0; p < dist.length; p++) {
      n += (dist[p] != other.dist[p] ? 1 : 0) + (from[p] != other.from[p] ? 1 : 0);
    }
    return n;
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
    Joins t = targets.joins;
    double[] out = new double[targets.size()];
    for (int j = 0; j < out.length; j++) {
      int e = t.edge[j];
      double d = e < 0 ? Double.NaN : WalkingDistance.toTarget(graph, dist(graph.edgeFrom[e]), dist(graph.edgeTo[e]),
          joins, bySourceEdge, t, j, Double.POSITIVE_INFINITY);
      out[j] = Double.isInfinite(d) ? Double.NaN : d; // no source in the target's part of the network
    }
    return out;
  }

  /**
   * The field of {@code after}, which must be {@code sources().only(kept, added)} for some added
   * points: its source k &lt; kept.length is this field's source kept[k], the rest are new. The nodes
   * labelled with a source not kept are found by walking from the ends of its road through nodes
   * labelled with a source no longer there (no node is read but those and their neighbours), and searched again from their neighbours outside that region and from the
   * sources joined to their roads; the new sources' searches go only where they are nearer than the
   * sources already there. This field is left as it is (it may be in use): the new one shares the
   * pages it does not write.
   */
  public DistanceField changed(WalkingDistance.Sources after, int[] kept) {
    if (after.graph != sources.graph || after.size() < kept.length) {
      throw new IllegalArgumentException("not a change of this field's sources");
    }
    RoadGraph graph = sources.graph;
    int added = after.size() - kept.length;
    if ((long) nextSlot + added > Integer.MAX_VALUE) {
      return of(after); // slots run out after two billion added sources: start the chain again
    }
    boolean[] stays = new boolean[sources.size()];
    int[] slots = new int[after.size()];
    for (int k = 0; k < kept.length; k++) {
      if (stays[kept[k]]) {
        throw new IllegalArgumentException("source " + kept[k] + " kept twice");
      }
      stays[kept[k]] = true;
      slots[k] = slotOf[kept[k]];
    }
    for (int k = kept.length; k < slots.length; k++) {
      slots[k] = nextSlot + (k - kept.length);
    }
    if (kept.length == sources.size() && added == 0) {
      return new DistanceField(after, nodeCount, dist, from, slots, nextSlot, live);
    }
    long[] alive = Arrays.copyOf(live, (int) (((long) nextSlot + added + 63) >>> 6));
    for (int i = 0; i < stays.length; i++) {
      if (!stays[i]) {
        alive[slotOf[i] >>> 6] &= ~(1L << slotOf[i]);
      }
    }
    for (int k = kept.length; k < slots.length; k++) {
      alive[slots[k] >>> 6] |= 1L << slots[k];
    }
    Writer w = new Writer(graph, dist.clone(), from.clone(), false);

    // The nodes labelled with a removed source: from the ends of its road, through nodes with a label
    // of no source now (a removed one's; or, should a tie in floating point have left a node the label
    // of a source its tree parent no longer has, one removed earlier: its nodes go too, and are found again).
    int[] lost = new int[64];
    int lostCount = 0;
    Joins before = sources.joins;
    for (int i = 0; i < stays.length; i++) {
      int e = stays[i] ? -1 : before.edge[i];
      if (e < 0) {
        continue;
      }
      for (int side = 0; side < 2; side++) {
        int end = side == 0 ? graph.edgeFrom[e] : graph.edgeTo[e];
        int label = w.from(end);
        if (label >= 0 && !isLive(alive, label)) {
          w.set(end, Double.POSITIVE_INFINITY, -1);
          if (lostCount == lost.length) {
            lost = Arrays.copyOf(lost, 2 * lostCount);
          }
          lost[lostCount++] = end;
        }
      }
    }
    for (int walked = 0; walked < lostCount; walked++) {
      int v = lost[walked];
      for (int a = graph.adjStart[v]; a < graph.adjStart[v + 1]; a++) {
        int u = graph.adjNode[a];
        int label = w.from(u);
        if (label >= 0 && !isLive(alive, label)) {
          w.set(u, Double.POSITIVE_INFINITY, -1);
          if (lostCount == lost.length) {
            lost = Arrays.copyOf(lost, 2 * lostCount);
          }
          lost[lostCount++] = u;
        }
      }
    }

    int[] bySourceEdge = after.joins.byEdge();
    for (int i = 0; i < lostCount; i++) {
      int v = lost[i];
      for (int a = graph.adjStart[v]; a < graph.adjStart[v + 1]; a++) {
        int u = graph.adjNode[a];
        int label = w.from(u);
        if (label >= 0) { // a neighbour that kept its source: walk on from it
          w.offer(v, w.dist(u) + graph.adjLength[a], label);
        }
        int e = graph.adjEdge[a];
        for (int k = WalkingDistance.firstWithEdge(after.joins, bySourceEdge, e); k < bySourceEdge.length
            && after.joins.edge[bySourceEdge[k]] == e; k++) {
          w.seed(after.joins, bySourceEdge[k], slots[bySourceEdge[k]]); // a source joined to the lost node's road
        }
      }
    }
    for (int i = kept.length; i < after.size(); i++) {
      w.seed(after.joins, i, slots[i]);
    }
    w.settle();
    return new DistanceField(after, nodeCount, w.dist, w.from, slots, nextSlot + added, alive);
  }

  /**
   * Writes to a field's pages while it is searched: a page not yet owned (shared with the field it
   * was changed from) is copied on its first write.
   */
  private static final class Writer {
    final RoadGraph graph;
    final double[][] dist;
    final int[][] from;
    /** Per page, whether this field's copy may be written (its own), else it is still shared. */
    final boolean[] owned;
    final RadixHeap heap = new RadixHeap();

    Writer(RoadGraph graph, double[][] dist, int[][] from, boolean ownsAll) {
      this.graph = graph;
      this.dist = dist;
      this.from = from;
      this.owned = new boolean[dist.length];
      if (ownsAll) {
        Arrays.fill(owned, true);
      }
    }

    double dist(int v) {
      return dist[v >>> PAGE_BITS][v & PAGE_MASK];
    }

    int from(int v) {
      return from[v >>> PAGE_BITS][v & PAGE_MASK];
    }

    void set(int v, double d, int slot) {
      int p = v >>> PAGE_BITS;
      if (!owned[p]) {
        dist[p] = dist[p].clone();
        from[p] = from[p].clone();
        owned[p] = true;
      }
      dist[p][v & PAGE_MASK] = d;
      from[p][v & PAGE_MASK] = slot;
    }

    /** Offers both ends of source i's road: its leg plus the walk along the road to that end. */
    void seed(Joins joins, int i, int slot) {
      int e = joins.edge[i];
      if (e < 0) {
        return;
      }
      double len = graph.edgeLength[e];
      offer(graph.edgeFrom[e], joins.leg[i] + joins.fraction[i] * len, slot);
      offer(graph.edgeTo[e], joins.leg[i] + (1 - joins.fraction[i]) * len, slot);
    }

    void offer(int node, double d, int slot) {
      if (d < dist(node)) {
        set(node, d, slot);
        heap.push(node, d);
      }
    }

    /** Dijkstra from the queued nodes; a node reached more cheaply takes the source it was reached from. */
    void settle() {
      int[] start = graph.adjStart;
      int[] next = graph.adjNode;
      double[] length = graph.adjLength;
      while (!heap.isEmpty()) {
        double d = heap.minKey();
        int node = heap.removeMin();
        if (d > dist(node)) {
          continue; // improved since this entry was queued
        }
        int slot = from(node);
        for (int a = start[node], end = start[node + 1]; a < end; a++) {
          int v = next[a];
          double through = d + length[a];
          if (through < dist(v)) {
            set(v, through, slot);
            heap.push(v, through);
          }
        }
      }
    }
  }
}
