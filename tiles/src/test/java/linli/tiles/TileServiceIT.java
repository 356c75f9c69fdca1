package linli.tiles;

import static linli.registry.testing.FixtureCity.anchor;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.TimeUnit;
import linli.registry.Database;
import linli.registry.RegistryChanges;
import linli.registry.city.CityLoader;
import linli.registry.testing.FixtureCity;
import linli.registry.testing.PostgisExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Tiles from a real PostGIS, decoded by an independent reader: GDAL's MVT driver. */
@ExtendWith(PostgisExtension.class)
class TileServiceIT {
  private static Database db;
  private static TileService tiles;
  private static RegistryChanges changes;
  private static final TileCoord AT_OFFICE_0 = TileCoord.containing(anchor(0).getX(), anchor(0).getY(), 14);

  @BeforeAll
  static void load(Database database) throws SQLException {
    db = database;
    new CityLoader(db.dataSource()).load(FixtureCity.build());
    tiles = new TileService(db.dataSource(), 16 << 20);
    changes = RegistryChanges.start(db::openDirect);
    changes.subscribe(new RegistryChanges.Subscriber() {
      @Override
      public void changed(RegistryChanges.Change change) {
        tiles.changed(change.table(), change.bbox(), change.categories());
      }

      @Override
      public void connected() {
        tiles.resume();
      }

      @Override
      public void lost() {
        tiles.suspend();
      }
    });
    long deadline = System.currentTimeMillis() + 10_000;
    while (!changes.isListening() && System.currentTimeMillis() < deadline) {
      Thread.onSpinWait();
    }
    assertThat(changes.isListening()).isTrue();
  }

  @AfterAll
  static void stop() {
    changes.close();
  }

  /** Runs SQL as another client would (an import, psql), then waits as the API does after a write. */
  private static void write(String sql) throws SQLException {
    try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
      s.execute(sql);
    }
    changes.localWrite();
    changes.catchUp();
  }

  /** ogrinfo's listing of a tile written as z/x/y.pbf (so GDAL can georeference it). */
  private static String ogrinfo(Tile tile, TileCoord at) throws Exception {
    Path dir = Files.createTempDirectory("linli-tile");
    Path file = dir.resolve(at.z() + "/" + at.x() + "/" + at.y() + ".pbf");
    Files.createDirectories(file.getParent());
    Files.write(file, tile.bytes());
    Process p = new ProcessBuilder("ogrinfo", "-ro", "-al", file.toString()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    return out;
  }

  @Test
  void facilitiesTileDecodesWithItsAttributes() throws Exception {
    Tile tile = tiles.tile(new TileRequest(TileLayer.FACILITIES, AT_OFFICE_0, null, null, null));
    assertThat(tile.isEmpty()).isFalse();
    String out = ogrinfo(tile, AT_OFFICE_0);
    assertThat(out).contains("Layer name: facilities").contains("category (String) = emergency_shelter")
        .contains("name (String) = ").contains("避难场所").contains("POINT");
  }

  @Test
  void communityTileCarriesCoverageWhenAsked() throws Exception {
    Tile tile = tiles.tile(new TileRequest(TileLayer.COMMUNITIES, AT_OFFICE_0, "emergency_shelter", 500.0,
        List.of("open")));
    String out = ogrinfo(tile, AT_OFFICE_0);
    assertThat(out).contains("Layer name: communities").contains("code (String) = " + FixtureCity.communityCode(0))
        .contains("covered (").contains("nearest_m (Real) = 400").contains("POLYGON");
    // And the office coverage is measured from, as a point of its own layer.
    assertThat(out).contains("Layer name: offices").contains("office (").contains("POINT");
  }

  @Test
  void aTileFarAwayIsEmpty() throws Exception {
    Tile tile = tiles.tile(new TileRequest(TileLayer.FACILITIES, TileCoord.containing(2.35, 48.85, 14), null, null,
        null));
    assertThat(tile.isEmpty()).isTrue();
  }

  /**
   * A browser's tile (it always takes gzip): compressed once and then served as cached, with an ETag
   * of its own, and dropped with the tile by an edit; a small tile is not compressed.
   */
  @Test
  void aGzipTileIsCompressedOnceAndDroppedWithItsTile() throws Exception {
    double x = anchor(0).getX() + 0.03;
    double y = anchor(0).getY() + 0.03;
    TileRequest request = new TileRequest(TileLayer.FACILITIES, TileCoord.containing(x, y, 16), null, null, null);
    write("INSERT INTO facility (category, name, status, capacity, source, geom) SELECT 'emergency_shelter',"
        + " '压缩' || i, 'open', i, 'gzip-test', ST_SetSRID(ST_MakePoint(" + x + " + (i % 20) * 2e-5, " + y
        + " + (i / 20) * 2e-5), 4490) FROM generate_series(1, 300) i");
    try {
      Tile plain = tiles.tile(request);
      assertThat(plain.bytes().length).isGreaterThan(TileService.GZIP_MIN_BYTES);
      Tile zipped = tiles.tile(request, true);
      assertThat(zipped.gzipped()).isTrue();
      assertThat(zipped.bytes().length).isLessThan(plain.bytes().length);
      assertThat(gunzip(zipped.bytes())).isEqualTo(plain.bytes());
      assertThat(zipped.etag()).isNotEqualTo(plain.etag()).endsWith("-gzip\"")
          .startsWith(plain.etag().substring(0, plain.etag().length() - 1));
      assertThat(tiles.tile(request, true)).as("compressed once, then cached").isSameAs(zipped);
      assertThat(tiles.tile(request)).isSameAs(plain);
      // Cached large tiles are written from outside the heap (Tile.offHeap), the same bytes.
      assertThat(plain.length()).isGreaterThan(Tile.OFF_HEAP_MIN_BYTES);
      assertThat(plain.body().isDirect()).isTrue();
      assertThat(plain.bytes()).isEqualTo(new TileService(db.dataSource(), 0).tile(request).bytes()); // not caching: from SQL
      write("UPDATE facility SET name = '改名的压缩', version = version + 1 WHERE source = 'gzip-test' AND capacity = 1");
      Tile after = tiles.tile(request, true);
      assertThat(after).isNotSameAs(zipped);
      assertThat(new String(gunzip(after.bytes()), StandardCharsets.UTF_8)).contains("改名的压缩");
      assertThat(tiles.tile(request, true)).isSameAs(after);
    } finally {
      write("DELETE FROM facility WHERE source = 'gzip-test'");
    }
    Tile small = tiles.tile(new TileRequest(TileLayer.FACILITIES, AT_OFFICE_0, null, null, null), true);
    assertThat(small.bytes().length).isPositive().isLessThan(TileService.GZIP_MIN_BYTES);
    assertThat(small.gzipped()).isFalse();
  }

  private static byte[] gunzip(byte[] bytes) throws java.io.IOException {
    try (var in = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(bytes))) {
      return in.readAllBytes();
    }
  }

  @Test
  void anEditIsInTheVeryNextTile() throws Exception {
    TileRequest request = new TileRequest(TileLayer.FACILITIES, AT_OFFICE_0, null, null, null);
    Tile before = tiles.tile(request);
    assertThat(tiles.tile(request)).isSameAs(before);
    write("UPDATE facility SET name = '改名的避难场所', version = version + 1 WHERE source_id = 'a'");
    Tile after = tiles.tile(request);
    assertThat(after.etag()).isNotEqualTo(before.etag());
    assertThat(ogrinfo(after, AT_OFFICE_0)).contains("改名的避难场所").doesNotContain("避难场所a\n");
    write("UPDATE facility SET name = '避难场所a', version = version + 1 WHERE source_id = 'a'");
    assertThat(tiles.tile(request).etag()).isEqualTo(before.etag()); // the same bytes, the same tag
  }

  @Test
  void anEditDropsExactlyTheTilesItTouches() throws Exception {
    // Shelter a lies in AT_OFFICE_0; the tile of office 5 (5 km east, same zoom) shows shelter-free ground.
    TileCoord elsewhere = TileCoord.containing(anchor(5).getX(), anchor(5).getY(), 14);
    assertThat(elsewhere).isNotEqualTo(AT_OFFICE_0);
    TileRequest here = new TileRequest(TileLayer.FACILITIES, AT_OFFICE_0, null, null, null);
    TileRequest there = new TileRequest(TileLayer.FACILITIES, elsewhere, null, null, null);
    TileRequest shelterCoverage = new TileRequest(TileLayer.COMMUNITIES, elsewhere, "emergency_shelter", 500.0, null);
    TileRequest fitnessCoverage = new TileRequest(TileLayer.COMMUNITIES, elsewhere, "fitness_venue", 500.0, null);
    TileRequest plainCommunities = new TileRequest(TileLayer.COMMUNITIES, AT_OFFICE_0, null, null, null);
    Tile[] before = {tiles.tile(here), tiles.tile(there), tiles.tile(shelterCoverage), tiles.tile(fitnessCoverage),
        tiles.tile(plainCommunities)};
    write("UPDATE facility SET capacity = capacity + 1, version = version + 1 WHERE source_id = 'a'");
    assertThat(tiles.tile(here)).as("the tile holding the shelter").isNotSameAs(before[0]);
    assertThat(tiles.tile(there)).as("a facility tile elsewhere").isSameAs(before[1]);
    assertThat(tiles.tile(shelterCoverage)).as("shelter coverage anywhere").isNotSameAs(before[2]);
    assertThat(tiles.tile(fitnessCoverage)).as("another category's coverage").isSameAs(before[3]);
    assertThat(tiles.tile(plainCommunities)).as("communities without coverage").isSameAs(before[4]);
  }

  private static String mercator(double x, double y) {
    return String.format(java.util.Locale.ROOT,
        "ST_Transform(ST_SetSRID(ST_MakePoint(%.17g, %.17g), 3857), 4490)", x, y);
  }

  /**
   * A facility just beyond a tile is drawn in it (its icon reaches in), so an edit of it drops that
   * tile too: 6 px (at the map's 512 px a tile) beyond its south edge, then half a unit beyond the point buffer east of it (still
   * in the tile: the clip keeps what rounds onto its edge).
   */
  @Test
  void anEditJustBeyondATileDropsThatTile() throws Exception {
    TileRequest request = new TileRequest(TileLayer.FACILITIES, AT_OFFICE_0, null, null, null);
    double[] m = AT_OFFICE_0.mercatorBounds();
    double unit = (m[2] - m[0]) / TileSql.EXTENT;
    double midX = (m[0] + m[2]) / 2;
    double midY = (m[1] + m[3]) / 2;
    Tile before = tiles.tile(request);
    assertThat(tiles.tile(request)).as("cached").isSameAs(before);
    write("INSERT INTO facility (category, name, status, capacity, source, geom) VALUES ('fitness_venue', '南边外',"
        + " 'open', 1, 'edge-test', " + mercator(midX, m[1] - 6 * 8 * unit) + ")");
    try {
      Tile after = tiles.tile(request);
      assertThat(String.join("\n", MvtDecoder.features(after.bytes()))).as("6 px beyond the south edge")
          .containsPattern("M\\(2048,4144\\).*南边外");
      assertThat(tiles.tile(request)).isSameAs(after);
      write("UPDATE facility SET name = '南边外改名', version = version + 1 WHERE source = 'edge-test'");
      Tile renamed = tiles.tile(request);
      assertThat(renamed).isNotSameAs(after);
      assertThat(String.join("\n", MvtDecoder.features(renamed.bytes()))).contains("南边外改名");
      // Half a unit beyond the point buffer, east: rounds onto the clip box's edge, so in the tile.
      write("UPDATE facility SET name = '东边外', version = version + 1, geom = "
          + mercator(m[2] + (TileSql.POINT_BUFFER + 0.45) * unit, midY) + " WHERE source = 'edge-test'");
      Tile moved = tiles.tile(request);
      assertThat(String.join("\n", MvtDecoder.features(moved.bytes()))).doesNotContain("南边外")
          .containsPattern("M\\(" + (TileSql.EXTENT + TileSql.POINT_BUFFER) + ",2048\\).*东边外");
      assertThat(tiles.tile(request)).isSameAs(moved);
      write("UPDATE facility SET name = '东边外改名', version = version + 1 WHERE source = 'edge-test'");
      assertThat(String.join("\n", MvtDecoder.features(tiles.tile(request).bytes()))).as("the tile showing it dropped")
          .contains("东边外改名");
    } finally {
      write("DELETE FROM facility WHERE source = 'edge-test'");
    }
    assertThat(tiles.tile(request).bytes()).isEqualTo(before.bytes());
  }

  /**
   * A community's office (drawn as a circle of ~3 px) a few pixels beyond a tile is in that tile's
   * offices layer; the community's polygons are as before.
   */
  @Test
  void anOfficeJustBeyondATileIsInItsOfficesLayer() throws Exception {
    TileCoord home = TileCoord.containing(anchor(2).getX(), anchor(2).getY(), 16);
    TileRequest request = new TileRequest(TileLayer.COMMUNITIES, home, null, null, null);
    double[] m = home.mercatorBounds();
    double unit = (m[2] - m[0]) / TileSql.EXTENT;
    String code = FixtureCity.communityCode(2);
    write("UPDATE community SET ref_point = " + mercator(m[2] + 40 * unit, (m[1] + m[3]) / 2) + " WHERE code = '"
        + code + "'");
    try {
      List<String> features = MvtDecoder.features(tiles.tile(request).bytes());
      assertThat(features.stream().filter(f -> f.startsWith("offices") && f.contains(code)))
          .as("office 5 px beyond the east edge").singleElement().asString().contains("M(4136,2048)");
    } finally {
      write("UPDATE community SET ref_point = ST_SetSRID(ST_MakePoint(" + anchor(2).getX() + ", " + anchor(2).getY()
          + "), 4490) WHERE code = '" + code + "'");
    }
  }

  @Test
  void aCommunityEditDropsTheCommunityTilesOverIt() throws Exception {
    TileCoord elsewhere = TileCoord.containing(anchor(5).getX(), anchor(5).getY(), 14);
    TileRequest here = new TileRequest(TileLayer.COMMUNITIES, AT_OFFICE_0, null, null, null);
    TileRequest there = new TileRequest(TileLayer.COMMUNITIES, elsewhere, null, null, null);
    TileRequest facilities = new TileRequest(TileLayer.FACILITIES, AT_OFFICE_0, null, null, null);
    Tile[] before = {tiles.tile(here), tiles.tile(there), tiles.tile(facilities)};
    write("UPDATE community SET population = population + 1 WHERE code = '" + FixtureCity.communityCode(0) + "'");
    assertThat(tiles.tile(here)).isNotSameAs(before[0]);
    assertThat(tiles.tile(there)).isSameAs(before[1]);
    assertThat(tiles.tile(facilities)).isSameAs(before[2]);
  }

  @Test
  void aRenamedStreetIsInTheNextCommunityTileAndFacilityTilesStay() throws Exception {
    TileRequest communities = new TileRequest(TileLayer.COMMUNITIES, AT_OFFICE_0, null, null, null);
    TileRequest facilities = new TileRequest(TileLayer.FACILITIES, AT_OFFICE_0, null, null, null);
    Tile before = tiles.tile(communities);
    Tile facilitiesBefore = tiles.tile(facilities);
    String street = "(SELECT street_code FROM community WHERE code = '" + FixtureCity.communityCode(0) + "')";
    String name = "改名的街道";
    assertThat(ogrinfo(before, AT_OFFICE_0)).doesNotContain(name);
    write("UPDATE street SET name = '" + name + "' WHERE code = " + street);
    Tile after = tiles.tile(communities);
    assertThat(after).isNotSameAs(before);
    assertThat(ogrinfo(after, AT_OFFICE_0)).contains("street_name (String) = " + name);
    assertThat(tiles.tile(facilities)).as("facility tiles do not name divisions").isSameAs(facilitiesBefore);
    write("UPDATE district SET name = name || '新' WHERE code = (SELECT district_code FROM street WHERE code = "
        + street + ")");
    assertThat(ogrinfo(tiles.tile(communities), AT_OFFICE_0)).containsPattern("district_name \\(String\\) = .*新\n");
  }

  @Test
  void aNewRoadIsInTheNextRoadTileAndOtherTilesStay() throws Exception {
    TileRequest roads = new TileRequest(TileLayer.ROADS, AT_OFFICE_0, null, null, null);
    TileRequest facilities = new TileRequest(TileLayer.FACILITIES, AT_OFFICE_0, null, null, null);
    Tile before = tiles.tile(roads);
    assertThat(tiles.tile(roads)).as("road tiles are cached").isSameAs(before);
    Tile facilitiesBefore = tiles.tile(facilities);
    double lon = anchor(0).getX();
    double lat = anchor(0).getY();
    write("INSERT INTO road (highway, walkable, geom) VALUES ('tile-test-path', true, ST_SetSRID(ST_MakeLine("
        + "ST_MakePoint(" + (lon - 0.001) + ", " + lat + "), ST_MakePoint(" + (lon + 0.001) + ", " + lat + ")), 4490))");
    try {
      Tile after = tiles.tile(roads);
      assertThat(after).isNotSameAs(before);
      assertThat(ogrinfo(after, AT_OFFICE_0)).contains("highway (String) = tile-test-path");
      assertThat(tiles.tile(facilities)).as("facility tiles draw no road").isSameAs(facilitiesBefore);
    } finally {
      write("DELETE FROM road WHERE highway = 'tile-test-path'");
    }
    assertThat(tiles.tile(roads).bytes()).as("the road removed, the tile is as before").isEqualTo(before.bytes());
  }

  @Test
  void aChangeFromAnotherProcessArrivesWithoutAsking() throws Exception {
    TileRequest request = new TileRequest(TileLayer.FACILITIES, AT_OFFICE_0, null, null, null);
    Tile before = tiles.tile(request);
    try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
      s.execute("UPDATE facility SET capacity = capacity + 1, version = version + 1 WHERE source_id = 'a'");
    }
    long deadline = System.currentTimeMillis() + 5_000;
    while (tiles.tile(request) == before && System.currentTimeMillis() < deadline) {
      Thread.sleep(5);
    }
    assertThat(tiles.tile(request)).isNotSameAs(before);
  }
}
