package linli.tiles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class TileCoordTest {
  @Test
  void zoomZeroIsTheWholeWorld() {
    assertThat(new TileCoord(0, 0, 0).mercatorBounds())
        .containsExactly(-TileCoord.WORLD_HALF_M, -TileCoord.WORLD_HALF_M, TileCoord.WORLD_HALF_M,
            TileCoord.WORLD_HALF_M);
  }

  @Test
  void qingdaoAtZoomTwelve() {
    // Qingdao's old town (120.32 E, 36.06 N): tile 12/3416/1607 by the slippy-map formula (asinh form, in Python).
    TileCoord tile = TileCoord.containing(120.32, 36.06, 12);
    assertThat(tile).isEqualTo(new TileCoord(12, 3416, 1607));
    double[] b = tile.mercatorBounds();
    double x = Math.toRadians(120.32) * 6378137.0;
    assertThat(x).isBetween(b[0], b[2]);
    assertThat(b[2] - b[0]).isCloseTo(9783.94, within(0.01));
  }

  @Test
  void rowsCountFromTheNorth() {
    assertThat(new TileCoord(1, 0, 0).mercatorBounds()[3]).isEqualTo(TileCoord.WORLD_HALF_M);
    assertThat(new TileCoord(1, 0, 1).mercatorBounds()[1]).isEqualTo(-TileCoord.WORLD_HALF_M);
  }

  @Test
  void refusesTilesOffTheGrid() {
    assertThatThrownBy(() -> new TileCoord(3, 8, 0)).hasMessageContaining("outside");
    assertThatThrownBy(() -> new TileCoord(-1, 0, 0)).hasMessageContaining("zoom");
    assertThatThrownBy(() -> new TileCoord(23, 0, 0)).hasMessageContaining("zoom");
  }
}
