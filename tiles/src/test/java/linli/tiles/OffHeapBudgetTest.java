package linli.tiles;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Tiles off the heap stay within their budget, counted until the collector has freed them: a tile
 * over it stays on the heap, and the room comes back once dropped tiles are collected.
 */
class OffHeapBudgetTest {
  private static final int SIZE = Tile.OFF_HEAP_MIN_BYTES * 2;

  private static Tile tile(int i) {
    byte[] bytes = new byte[SIZE];
    bytes[0] = (byte) i;
    return new Tile(bytes, "\"" + i + "\"");
  }

  @Test
  void aTileOverTheBudgetStaysOnTheHeapUntilDroppedOnesAreCollected() throws Exception {
    OffHeapBudget budget = new OffHeapBudget(3L * SIZE);
    List<Tile> cached = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      cached.add(tile(i).offHeap(budget));
    }
    assertThat(cached).allMatch(t -> t.body().isDirect());
    assertThat(budget.held()).isEqualTo(3L * SIZE);
    Tile over = tile(3).offHeap(budget);
    assertThat(over.body().isDirect()).as("over the budget").isFalse();
    assertThat(over.bytes()[0]).isEqualTo((byte) 3);
    assertThat(budget.held()).isEqualTo(3L * SIZE);

    cached.remove(0); // dropped from the cache: its memory counts until the collector frees it
    assertThat(budget.held()).isEqualTo(3L * SIZE);
    long deadline = System.nanoTime() + 20_000_000_000L;
    while (budget.held() > 2L * SIZE && System.nanoTime() < deadline) {
      System.gc();
      Thread.sleep(20);
    }
    assertThat(budget.held()).as("freed by the collector").isEqualTo(2L * SIZE);
    assertThat(tile(4).offHeap(budget).body().isDirect()).isTrue();
    assertThat(cached).hasSize(2); // still held, so still counted
  }
}
