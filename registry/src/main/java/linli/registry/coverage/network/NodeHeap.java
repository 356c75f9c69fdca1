package linli.registry.coverage.network;

/**
 * Indexed binary min-heap of node ids keyed by an external distance array, with decrease-key. Two int
 * arrays sized to the graph: no boxing, no stale entries (unlike a lazy-deletion PriorityQueue).
 */
final class NodeHeap {
  private static final int ABSENT = -1;
  private static final int REMOVED = -2;
  private final double[] key;
  private final int[] heap;
  private final int[] position;
  private int size;

  NodeHeap(double[] key) {
    this.key = key;
    this.heap = new int[key.length];
    this.position = new int[key.length];
    java.util.Arrays.fill(position, ABSENT);
  }

  /** Forgets the given nodes (queued or settled) and empties the heap, for reuse by another search. */
  void reset(int[] nodes, int count) {
    for (int i = 0; i < count; i++) {
      position[nodes[i]] = ABSENT;
    }
    size = 0;
  }

  boolean isEmpty() {
    return size == 0;
  }

  double minKey() {
    return key[heap[0]];
  }

  /** Lowers key[node] to value if that improves it; ignores nodes already removed (settled). */
  void decrease(int node, double value) {
    int p = position[node];
    if (p == REMOVED || value >= key[node]) {
      return;
    }
    key[node] = value;
    if (p == ABSENT) {
      p = size++;
    }
    siftUp(p, node);
  }

  int removeMin() {
    int top = heap[0];
    position[top] = REMOVED;
    int last = heap[--size];
    if (size > 0) {
      siftDown(0, last);
    }
    return top;
  }

  private void siftUp(int p, int node) {
    double k = key[node];
    while (p > 0) {
      int parent = (p - 1) >>> 1;
      int other = heap[parent];
      if (key[other] <= k) {
        break;
      }
      heap[p] = other;
      position[other] = p;
      p = parent;
    }
    heap[p] = node;
    position[node] = p;
  }

  private void siftDown(int p, int node) {
    double k = key[node];
    int half = size >>> 1;
    while (p < half) {
      int child = 2 * p + 1;
      int right = child + 1;
      if (right < size && key[heap[right]] < key[heap[child]]) {
        child = right;
      }
      if (k <= key[heap[child]]) {
        break;
      }
      heap[p] = heap[child];
      position[heap[p]] = p;
      p = child;
    }
    heap[p] = node;
    position[node] = p;
  }
}
