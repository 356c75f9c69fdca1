package linli.registry.coverage.network;

import java.util.Arrays;

/**
 * Monotone priority queue of (node, distance) for Dijkstra: a radix heap over the bits of
 * non-negative doubles (whose IEEE-754 bit patterns order as the values do). Keys pushed are never
 * below the last key popped, as in Dijkstra. A node is pushed again when its distance improves and
 * the older entry is skipped by the caller when popped (its key then exceeds the node's distance),
 * so there is no decrease-key and no graph-sized position array to keep up: on a province-sized
 * graph the indexed binary heap spent most of a search on cache misses into that array.
 */
final class RadixHeap {
  private static final int BUCKETS = 65;
  private final long[][] keys = new long[BUCKETS][];
  private final int[][] nodes = new int[BUCKETS][];
  private final int[] sizes = new int[BUCKETS];
  private long last;
  private int size;

  RadixHeap() {
    for (int b = 0; b < BUCKETS; b++) {
      keys[b] = new long[16];
      nodes[b] = new int[16];
    }
  }

  boolean isEmpty() {
    return size == 0;
  }

  /** Queues {@code node} at {@code distance} (&gt;= 0 and &gt;= the last popped distance). */
  void push(int node, double distance) {
    long k = Double.doubleToRawLongBits(distance + 0.0); // -0.0 would order after every positive key
    add(bucket(k), k, node);
    size++;
  }

  /** The smallest queued distance (the heap must not be empty). */
  double minKey() {
    settleFront();
    return Double.longBitsToDouble(last);
  }

  /** Removes an entry with the smallest distance and returns its node; {@link #minKey()} was its key. */
  int removeMin() {
    settleFront();
    size--;
    return nodes[0][--sizes[0]];
  }

  /** Empties the heap for another search. */
  void clear() {
    Arrays.fill(sizes, 0);
    size = 0;
    last = 0;
  }

  private int bucket(long k) {
    return k == last ? 0 : 64 - Long.numberOfLeadingZeros(k ^ last);
  }

  private void add(int b, long k, int node) {
    int n = sizes[b];
    if (n == keys[b].length) {
      keys[b] = Arrays.copyOf(keys[b], 2 * n);
      nodes[b] = Arrays.copyOf(nodes[b], 2 * n);
    }
    keys[b][n] = k;
    nodes[b][n] = node;
    sizes[b] = n + 1;
  }

  /** Makes bucket 0 hold the smallest key: the first non-empty bucket is spread below its minimum. */
  private void settleFront() {
    if (sizes[0] > 0) {
      return;
    }
    int b = 1;
    while (sizes[b] == 0) {
      b++;
    }
    long[] k = keys[b];
    int[] v = nodes[b];
    int n = sizes[b];
    long min = k[0];
    for (int i = 1; i < n; i++) {
      min = Math.min(min, k[i]);
    }
    last = min;
    sizes[b] = 0;
    // Every entry of bucket b shares the bits above b with the new minimum, so each lands below b.
    for (int i = 0; i < n; i++) {
      add(bucket(k[i]), k[i], v[i]);
    }
  }
}
