package linli.tiles;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** A tile's body: off the heap when large, and every writer gets a view of its own. */
class TileTest {
  private static final OffHeapBudget BUDGET = new OffHeapBudget(1 << 20);

  private static byte[] bytes(int n) {
    byte[] b = new byte[n];
    new Random(n).nextBytes(b);
    return b;
  }

  @Test
  void aLargeTileMovesOffTheHeapWithItsBytesEtagAndEncoding() {
    byte[] content = bytes(Tile.OFF_HEAP_MIN_BYTES + 1);
    Tile onHeap = new Tile(content, "\"e-gzip\"", true);
    Tile off = onHeap.offHeap(BUDGET);
    assertThat(onHeap.body().isDirect()).isFalse();
    assertThat(off.body().isDirect()).isTrue();
    assertThat(off.bytes()).isEqualTo(content);
    assertThat(off.etag()).isEqualTo("\"e-gzip\"");
    assertThat(off.gzipped()).isTrue();
    assertThat(off.offHeap(BUDGET)).isSameAs(off);
  }

  @Test
  void aSmallTileStaysOnTheHeap() {
    Tile small = new Tile(bytes(Tile.OFF_HEAP_MIN_BYTES - 1), "\"s\"");
    assertThat(small.offHeap(BUDGET)).isSameAs(small);
    Tile empty = new Tile(new byte[0], "\"0\"");
    assertThat(empty.offHeap(BUDGET)).isSameAs(empty);
    assertThat(empty.isEmpty()).isTrue();
  }

  @Test
  void eachWriterGetsItsOwnViewAndNoneCanChangeTheTile() {
    byte[] content = bytes(20_000);
    Tile tile = new Tile(content, "\"v\"").offHeap(BUDGET);
    ByteBuffer first = tile.body();
    first.get(new byte[12_345]); // a writer half way through
    ByteBuffer second = tile.body();
    assertThat(second.position()).isZero();
    assertThat(second.remaining()).isEqualTo(content.length);
    assertThat(second.isReadOnly()).isTrue();
    assertThat(tile.bytes()).isEqualTo(content);
    content[0]++; // the array it was made from changes: the off-heap tile does not
    assertThat(tile.bytes()[0]).isEqualTo((byte) (content[0] - 1));
  }
}
