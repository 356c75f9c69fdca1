package linli.tiles;

import java.nio.ByteBuffer;

/**
 * An encoded Mapbox Vector Tile and its ETag (empty body: nothing in the tile). {@code gzipped}:
 * the body is the tile's gzip encoding (HTTP {@code Content-Encoding: gzip}), with an ETag of its
 * own, as HTTP wants of a strong validator for another content coding.
 *
 * <p>A cached tile's body lives off the Java heap ({@link #offHeap}), within a bound
 * ({@link OffHeapBudget}): a socket writes a direct buffer as it is, while the bytes of a heap array
 * are first copied into one by the JDK, per request (measured: 12-14 % more cached 114 KB tiles a
 * second without that copy).
 */
public record Tile(ByteBuffer body, String etag, boolean gzipped) {
  /**
   * Below this a tile's body stays on the heap: Jetty gathers small writes into a buffer of its own
   * anyway, and a direct buffer costs an allocation outside the heap and a cleaner to free it.
   */
  public static final int OFF_HEAP_MIN_BYTES = 8192;

  public Tile {
    body = body.asReadOnlyBuffer();
  }

  public Tile(byte[] bytes, String etag) {
    this(ByteBuffer.wrap(bytes), etag, false);
  }

  public Tile(byte[] bytes, String etag, boolean gzipped) {
    this(ByteBuffer.wrap(bytes), etag, gzipped);
  }

  /** The body to write: a view of its own (its position moves as it is written), never a copy. */
  @Override
  public ByteBuffer body() {
    return body.duplicate();
  }

  public int length() {
    return body.remaining();
  }

  public boolean isEmpty() {
    return length() == 0;
  }

  /** A copy of the body's bytes. */
  public byte[] bytes() {
    byte[] copy = new byte[length()];
    body().get(copy);
    return copy;
  }

  /**
   * The same tile with its body copied off the heap within {@code budget}; itself when it is there
   * already, smaller than {@link #OFF_HEAP_MIN_BYTES}, or over the budget.
   */
  Tile offHeap(OffHeapBudget budget) {
    if (body.isDirect() || length() < OFF_HEAP_MIN_BYTES) {
      return this;
    }
    ByteBuffer direct = budget.copy(body());
    return direct == null ? this : new Tile(direct, etag, gzipped);
  }
}
