package linli.tiles;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class TileSqlTest {
  private static final TileCoord TILE = new TileCoord(14, 13668, 6428);

  @Test
  void theEnvelopeIsTheTileInWebMercatorBoundAsParameters() {
    TileSql.Statement s = TileSql.build(new TileRequest(TileLayer.FACILITIES, TILE, null, null, null));
    double[] b = TILE.mercatorBounds();
    // Then the box its points are filtered on: the tile and the point buffer (64 of 4096 units) each way.
    double d = (b[2] - b[0]) / 64;
    assertThat(s.parameters()).hasSize(8).startsWith(b[0], b[1], b[2], b[3]);
    assertThat((double) s.parameters().get(4)).isCloseTo(b[0] - d, org.assertj.core.data.Offset.offset(1e-6));
    assertThat((double) s.parameters().get(7)).isCloseTo(b[3] + d, org.assertj.core.data.Offset.offset(1e-6));
    assertThat(s.sql()).contains("f.geom && ST_Transform(e.near, 4490)").contains("4096, 64, true)");
    assertThat(s.sql()).contains("ST_AsMVT(rows, 'facilities', 4096, 'geom')").contains("NOT f.deleted");
  }

  @Test
  void roadTilesHoldTheWalkableRoadsFromTheirMinZoom() {
    TileSql.Statement s = TileSql.build(new TileRequest(TileLayer.ROADS, TILE, null, null, null));
    assertThat(s.sql()).contains("ST_AsMVT(rows, 'roads', 4096, 'geom')").contains("r.walkable").contains("highway");
    assertThat(TileLayer.ROADS.fields()).containsExactly("id", "highway");
    assertThat(TileLayer.ROADS.drawnAt(12)).isFalse();
    assertThat(TileLayer.ROADS.drawnAt(13)).isTrue();
    assertThat(TileLayer.FACILITIES.drawnAt(3)).as("a hint only").isTrue();
  }

  @Test
  void aCategoryIsBoundNeverSpliced() {
    TileSql.Statement s = TileSql.build(new TileRequest(TileLayer.FACILITIES, TILE, "x' OR 1=1 --", null, null));
    assertThat(s.sql()).doesNotContain("OR 1=1").contains("f.category = ?");
    assertThat(s.parameters()).contains("x' OR 1=1 --");
  }

  @Test
  void communityTilesCarryCoverageOnlyWhenAsked() {
    TileSql.Statement plain = TileSql.build(new TileRequest(TileLayer.COMMUNITIES, TILE, null, null, null));
    assertThat(plain.sql()).doesNotContain("covered");
    TileSql.Statement coverage = TileSql.build(
        new TileRequest(TileLayer.COMMUNITIES, TILE, "emergency_shelter", 500.0, List.of("open")));
    assertThat(coverage.sql()).contains("facility_nearest_m").contains("AS covered").contains("AS nearest_m");
    assertThat(coverage.parameters()).containsSubsequence(500.0, "emergency_shelter").hasSize(4 + 4 + 3);
    // Both carry the offices coverage is measured from, as a second layer.
    assertThat(plain.sql()).contains("ST_AsMVT(offices, 'offices'").contains("c.anchor");
    assertThat(coverage.sql()).contains("ST_AsMVT(offices, 'offices'").contains("ST_AsMVT(rows, 'communities'");
    // Polygons keep the tile's box and buffer; the offices, points, take the point buffer's.
    assertThat(plain.sql()).contains("c.geom && ST_Transform(e.env, 4490)").contains("c.anchor && ST_Transform(e.near, 4490)")
        .contains("ST_Transform(c.geom, 3857), e.env, 4096, 64, true)")
        .contains("ST_Transform(c.anchor, 3857), e.env, 4096, 64, true)");
  }

  @Test
  void roadTilesKeepTheTilesBoxAndBuffer() {
    TileSql.Statement s = TileSql.build(new TileRequest(TileLayer.ROADS, TILE, null, null, null));
    assertThat(s.parameters()).hasSize(4);
    assertThat(s.sql()).doesNotContain("near").contains("e.env, 4096, 64, true)");
  }

  @Test
  void theCacheKeyDistinguishesEverythingThatChangesTheBytes() {
    TileRequest a = new TileRequest(TileLayer.COMMUNITIES, TILE, "emergency_shelter", 500.0, null);
    TileRequest b = new TileRequest(TileLayer.COMMUNITIES, TILE, "emergency_shelter", 800.0, null);
    TileRequest c = new TileRequest(TileLayer.COMMUNITIES, new TileCoord(14, 13668, 6429), "emergency_shelter", 500.0,
        null);
    assertThat(a.key()).isNotEqualTo(b.key()).isNotEqualTo(c.key());
    TileRequest closed = new TileRequest(TileLayer.COMMUNITIES, TILE, "emergency_shelter", 500.0, List.of("closed"));
    assertThat(closed.key()).isNotEqualTo(a.key());
    TileRequest shelters = new TileRequest(TileLayer.FACILITIES, TILE, "emergency_shelter", null, null);
    assertThat(new TileRequest(TileLayer.FACILITIES, TILE, null, null, null).key()).isNotEqualTo(shelters.key());
  }

  @Test
  void whatDoesNotChangeTheBytesDoesNotChangeTheKey() {
    // Facilities are drawn whatever their status (it is an attribute of each); plain community
    // tiles carry no coverage, so category, distance and statuses do not show in them.
    assertThat(new TileRequest(TileLayer.FACILITIES, TILE, "emergency_shelter", 500.0, List.of("open", "closed")).key())
        .isEqualTo(new TileRequest(TileLayer.FACILITIES, TILE, "emergency_shelter", null, null).key());
    assertThat(new TileRequest(TileLayer.COMMUNITIES, TILE, "emergency_shelter", null, List.of("planned")).key())
        .isEqualTo(new TileRequest(TileLayer.COMMUNITIES, TILE, null, null, null).key());
  }
}
