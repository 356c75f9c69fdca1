package linli.tiles;

import java.lang.ref.Cleaner;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A bound on the memory outside the Java heap that cached tiles hold ({@link Tile#offHeap}).
 *
 * <p>A direct buffer's memory is freed only when the collector finds the buffer unreachable, and a
 * tile that lived long in the cache is found only by an old-generation collection, which a server
 * may not run for hours: without a bound, the tiles dropped from a 128 MB cache could pile up outside
 * the heap until the JVM's own limit (by default the size of the heap) forced a full collection, or
 * a container's memory limit killed the process. So copies are counted until the collector has freed
 * them, and a tile that would go over the limit stays on the heap (written with a copy per request,
 * as before, until the collector catches up).
 */
final class OffHeapBudget {
  private static final Cleaner FREED = Cleaner.create();

  private final long limit;
  private final AtomicLong held = new AtomicLong();

  OffHeapBudget(long limit) {
    this.limit = limit;
  }

  /** A direct copy of {@code heap}'s remaining bytes, or null when that would go over the limit. */
  ByteBuffer copy(ByteBuffer heap) {
    int n = heap.remaining();
    if (held.addAndGet(n) > limit) {
      held.addAndGet(-n);
      return null;
    }
    ByteBuffer direct;
    try {
      direct = ByteBuffer.allocateDirect(n);
    } catch (OutOfMemoryError e) {
      // The JVM's limit on direct memory (-XX:MaxDirectMemorySize) was reached: stay on the heap.
      held.addAndGet(-n);
      return null;
    }
    direct.put(heap).flip();
    FREED.register(direct, () -> held.addAndGet(-n));
    return direct;
  }

  /** Bytes copied off the heap and not yet freed by the collector (cached or dropped). */
  long held() {
    return held.get();
  }
}
