package linli.tiles;

import static linli.registry.testing.FixtureCity.anchor;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import linli.registry.Database;
import linli.registry.RegistryChanges;
import linli.registry.city.CityLoader;
import linli.registry.testing.FixtureCity;
import linli.registry.testing.PostgisExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Facilities tiles encoded in the JVM ({@link FacilityTileStore}) against the same tiles from
 * {@code ST_AsMVT} ({@link TileSql}), both decoded by {@link MvtDecoder} and compared feature by
 * feature (coordinates, attributes and their MVT types); then edits, each of which must be in the
 * very next tile, from SQL while memory catches up and from memory afterwards.
 */
@ExtendWith(PostgisExtension.class)
class FacilityTilesFromMemoryIT {
  private static Database db;
  private static FacilityTileStore store;
  private static TileService memory;
  private static TileService sql;
  private static RegistryChanges changes;
  /** While true, the feed's changes do not reach {@link #memory} (a lost connection). */
  private static volatile boolean deaf;
  private static final List<String> CATEGORIES = List.of("emergency_shelter", "police_office", "fitness_venue");
  private static final TileCoord HOME = TileCoord.containing(anchor(0).getX(), anchor(0).getY(), 14);

  @BeforeAll
  static void load(Database database) throws Exception {
    db = database;
    new CityLoader(db.dataSource()).load(FixtureCity.build());
    addFacilities();
    store = new FacilityTileStore(db.dataSource());
    memory = new TileService(db.dataSource(), 0, store);
    sql = new TileService(db.dataSource(), 0);
    changes = RegistryChanges.start(db::openDirect);
    changes.subscribe(new RegistryChanges.Subscriber() {
      @Override
      public void changed(RegistryChanges.Change change) {
        if (!deaf) {
          memory.changed(change);
        }
      }

      @Override
      public void connected() {
        memory.resume();
      }

      @Override
      public void lost() {
        memory.suspend();
      }
    });
    awaitCurrent();
  }

  @AfterAll
  static void stop() {
    changes.close();
    memory.close();
  }

  private static void awaitCurrent() throws InterruptedException {
    long deadline = System.currentTimeMillis() + 30_000;
    while (!store.current() && System.currentTimeMillis() < deadline) {
      Thread.sleep(5);
    }
    assertThat(store.current()).as("facilities in memory, up to date").isTrue();
  }

  private static void execute(String statement) throws SQLException {
    try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
      s.execute(statement);
    }
  }

  /** Runs SQL as another client would, then catches the feed up as the API does after a write. */
  private static void write(String statement) throws SQLException {
    execute(statement);
    changes.localWrite();
    changes.catchUp();
  }

  private static double[] select(String query) throws SQLException {
    try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(query)) {
      rs.next();
      double[] out = new double[rs.getMetaData().getColumnCount()];
      for (int i = 0; i < out.length; i++) {
        out[i] = rs.getDouble(i + 1);
      }
      return out;
    }
  }

  private static String insert(String category, String name, String status, Integer capacity, String geom) {
    return "INSERT INTO facility (category, name, status, capacity, source, geom) VALUES ('" + category + "', "
        + (name.contains("'") ? "$n$" + name + "$n$" : "'" + name + "'") + ", '" + status + "', " + capacity
        + ", 'tile-test', " + geom + ")";
  }

  private static String lonLat(double lon, double lat) {
    return String.format(Locale.ROOT, "ST_SetSRID(ST_MakePoint(%.17g, %.17g), 4490)", lon, lat);
  }

  private static String mercator(double x, double y) {
    return String.format(Locale.ROOT, "ST_Transform(ST_SetSRID(ST_MakePoint(%.17g, %.17g), 3857), 4490)", x, y);
  }

  /**
   * Facilities around the fixture city: random ones of three categories (some without capacity,
   * names in Chinese, with quotes, emoji and an empty-looking space), and ones placed on the
   * borders of {@link #HOME} and its neighbours: on the float boundary of the envelope test, a
   * hair inside and outside it, on the Web Mercator edge and at half units of the tile grid.
   */
  private static void addFacilities() throws SQLException {
    List<String> rows = new ArrayList<>();
    Random random = new Random(15);
    String[] names = {"避难场所", "派出所 \"东\"", "健身'广场", "老年🙂驿站", " ", "Fitness venue 7", "社区卫生服务站（北）"};
    String[] statuses = {"open", "closed", "planned", "building"};
    for (int i = 0; i < 600; i++) {
      double lon = anchor(0).getX() - 0.15 + random.nextDouble() * 0.4;
      double lat = anchor(0).getY() - 0.15 + random.nextDouble() * 0.3;
      rows.add(insert(CATEGORIES.get(i % 3), names[i % names.length] + i, statuses[i % 4],
          i % 5 == 0 ? null : (Integer) (i * 37 % 3000), lonLat(lon, lat)));
    }
    for (TileCoord t : List.of(HOME, new TileCoord(HOME.z() + 2, HOME.x() * 4 + 1, HOME.y() * 4 + 2),
        new TileCoord(HOME.z() - 3, HOME.x() / 8, HOME.y() / 8))) {
      double[] m = t.mercatorBounds();
      double midX = (m[0] + m[2]) / 2;
      double midY = (m[1] + m[3]) / 2;
      // The box the query's && test filters on: the tile widened by the point buffer.
      double[] near = TileSql.pointBounds(t);
      // That box in degrees as PostGIS computes it for the && test.
      double[] env = select(String.format(Locale.ROOT,
          "SELECT ST_XMin(g), ST_YMin(g), ST_XMax(g), ST_YMax(g) FROM (SELECT ST_Transform(ST_MakeEnvelope("
              + "%.17g, %.17g, %.17g, %.17g, 3857), 4490)::box2d AS g) b", near[0], near[1], near[2], near[3]));
      double[] mid = select("SELECT ST_X(g), ST_Y(g) FROM (SELECT " + mercator(midX, midY) + " AS g) p");
      int n = 0;
      for (int side = 0; side < 4; side++) {
        boolean vertical = side % 2 == 0; // west and east: lon varies
        double edge = env[side];
        float down = FacilityTileStore.floatDown(edge);
        float up = FacilityTileStore.floatUp(edge);
        double[] at = {edge, down, up, Math.nextDown(down), Math.nextUp(up), Math.nextDown(Math.nextDown(down)),
            Math.nextUp(Math.nextUp(up)), (double) Math.nextDown(down) - 1e-12, (double) Math.nextUp(up) + 1e-12,
            edge - 1e-9, edge + 1e-9, edge - 2e-5, edge + 2e-5};
        for (double v : at) {
          double lon = vertical ? v : mid[0] + n * 1e-6;
          double lat = vertical ? mid[1] + n * 1e-6 : v;
          rows.add(insert(CATEGORIES.get(n % 3), "边界" + t + "-" + side + "-" + n, "open", n, lonLat(lon, lat)));
          n++;
        }
        // On the filter box's Web Mercator edge itself, through the transforms, and half a unit
        // either side of it (the clip box's edge: rint rounds halves to even).
        double res = (m[2] - m[0]) / TileSql.EXTENT;
        for (double off : new double[] {0, -0.5 * res, 0.5 * res}) {
          double out = side < 2 ? -off : off; // west and south: outwards is down
          double ex = side == 0 ? near[0] + out : side == 2 ? near[2] + out : midX + n;
          double ey = side == 1 ? near[1] + out : side == 3 ? near[3] + out : midY + n;
          rows.add(insert(CATEGORIES.get(n % 3), "墨卡托边" + t + "-" + n, "open", null, mercator(ex, ey)));
          n++;
        }
        // And on the tile's own edge (no longer a boundary: in both tiles it separates).
        double tx = side == 0 ? m[0] : side == 2 ? m[2] : midX + n;
        double ty = side == 1 ? m[1] : side == 3 ? m[3] : midY + n;
        rows.add(insert(CATEGORIES.get(n % 3), "瓦片边" + t + "-" + n, "open", null, mercator(tx, ty)));
        n++;
      }
      // Half units of the tile grid (rint rounds them to even), and the corners.
      double res = (m[2] - m[0]) / TileSql.EXTENT;
      for (int k = 0; k < 12; k++) {
        rows.add(insert(CATEGORIES.get(k % 3), "半格" + t + "-" + k, "open", k,
            mercator(m[0] + (k * 331 + 0.5) * res, m[3] - (k * 293 + 0.5) * res)));
      }
      for (double[] corner : new double[][] {{m[0], m[1]}, {m[0], m[3]}, {m[2], m[1]}, {m[2], m[3]},
          {near[0], near[1]}, {near[0], near[3]}, {near[2], near[1]}, {near[2], near[3]}}) {
        rows.add(insert("police_office", "角" + t, "open", 1, mercator(corner[0], corner[1])));
      }
    }
    try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
      for (String row : rows) {
        s.addBatch(row);
      }
      s.executeBatch();
    }
  }

  /** The tiles compared: z6..z16 around the city, 3×3 at each zoom, and the children of HOME. */
  private static List<TileCoord> tiles() {
    Set<TileCoord> out = new LinkedHashSet<>();
    for (int z = 6; z <= 16; z++) {
      TileCoord c = TileCoord.containing(anchor(0).getX(), anchor(0).getY(), z);
      for (int dx = -1; dx <= 1; dx++) {
        for (int dy = -1; dy <= 1; dy++) {
          out.add(new TileCoord(z, c.x() + dx, c.y() + dy));
        }
      }
    }
    for (int dx = 0; dx < 4; dx++) {
      for (int dy = 0; dy < 4; dy++) {
        out.add(new TileCoord(HOME.z() + 2, HOME.x() * 4 + dx, HOME.y() * 4 + dy));
      }
    }
    return new ArrayList<>(out);
  }

  private static List<String> viaSql(TileCoord coord, String category) throws SQLException {
    return MvtDecoder.features(sql.tile(new TileRequest(TileLayer.FACILITIES, coord, category, null, null)).bytes());
  }

  private static List<String> viaMemory(TileCoord coord, String category) {
    byte[] bytes = store.tile(coord, category);
    assertThat(bytes).as("memory is up to date").isNotNull();
    return MvtDecoder.features(bytes);
  }

  @Test
  void everyTileFromMemoryDecodesAsTheSqlOne() throws Exception {
    int compared = 0;
    int features = 0;
    List<String> categories = new ArrayList<>(CATEGORIES);
    categories.add(null);
    categories.add("elderly_care"); // none of them in this city
    for (TileCoord coord : tiles()) {
      for (String category : categories) {
        List<String> expected = viaSql(coord, category);
        assertThat(viaMemory(coord, category)).as("tile %s of %s", coord, category).isEqualTo(expected);
        compared++;
        features += expected.size();
      }
    }
    assertThat(compared).isGreaterThan(500);
    assertThat(features).isGreaterThan(5_000);
  }

  @Test
  void theBorderTilesHoldTheirBorderPointsAsSqlDoes() throws Exception {
    // The facilities placed on HOME's borders: a tile and its four neighbours, each way.
    int border = 0;
    for (int dx = -1; dx <= 1; dx++) {
      for (int dy = -1; dy <= 1; dy++) {
        TileCoord t = new TileCoord(HOME.z(), HOME.x() + dx, HOME.y() + dy);
        List<String> expected = viaSql(t, null);
        assertThat(viaMemory(t, null)).as("tile %s", t).isEqualTo(expected);
        border += (int) expected.stream().filter(f -> f.contains("边界") || f.contains("墨卡托边")).count();
      }
    }
    // A point on the float boundary is in both tiles it separates.
    assertThat(border).isGreaterThan(4 * 13);
  }

  /**
   * The map draws a facility as a circle of up to 6.5 px on each tile's canvas: one a few pixels
   * beyond a tile (at 512 px a tile, as the map draws them) is in that tile too, from SQL and from memory, at its
   * coordinates beyond the extent, or the tile's canvas would cut its circle in half.
   */
  @Test
  void aFacilityAFewPixelsBeyondATileIsInItToo() throws Exception {
    TileCoord t = new TileCoord(HOME.z() + 2, HOME.x() * 4 + 2, HOME.y() * 4 + 1);
    double[] m = t.mercatorBounds();
    double px = (m[2] - m[0]) / 512; // one pixel of the map's 512 px tile: 8 units
    double midX = (m[0] + m[2]) / 2;
    double midY = (m[1] + m[3]) / 2;
    write(insert("fitness_venue", "东边外三像素", "open", 1, mercator(m[2] + 3 * px, midY)) + "; "
        + insert("fitness_venue", "南边外六像素", "open", 1, mercator(midX, m[1] - 6 * px)) + "; "
        + insert("fitness_venue", "西北角外", "open", 1, mercator(m[0] - 5 * px, m[3] + 5 * px)) + "; "
        + insert("fitness_venue", "西边外十像素", "open", 1, mercator(m[0] - 10 * px, midY)));
    try {
      awaitCurrent();
      for (String category : java.util.Arrays.asList(null, "fitness_venue")) {
        List<String> fromSql = viaSql(t, category);
        String tile = String.join("\n", fromSql);
        assertThat(tile).as("from SQL, %s", category).containsPattern("M\\(4120,2048\\).*东边外三像素")
            .containsPattern("M\\(2048,4144\\).*南边外六像素").containsPattern("M\\(-40,-40\\).*西北角外")
            .as("beyond the icon's reach").doesNotContain("西边外十像素");
        assertThat(viaMemory(t, category)).as("from memory, %s", category).isEqualTo(fromSql);
      }
      // And in the tile it lies in, as before.
      TileCoord east = new TileCoord(t.z(), t.x() + 1, t.y());
      assertThat(String.join("\n", viaSql(east, null))).containsPattern("M\\(24,2048\\).*东边外三像素");
      assertThat(viaMemory(east, null)).isEqualTo(viaSql(east, null));
    } finally {
      write("DELETE FROM facility WHERE category = 'fitness_venue' AND name IN ('东边外三像素', '南边外六像素',"
          + " '西北角外', '西边外十像素')");
      awaitCurrent();
    }
  }

  @Test
  void editsAreInTheVeryNextTile() throws Exception {
    TileCoord at = HOME;
    long wholeReads = store.wholeReads();
    long categoryReads = store.categoryReads();
    String here = lonLat(anchor(0).getX() + 0.0003, anchor(0).getY() + 0.0002);
    String there = lonLat(anchor(0).getX() + 0.0011, anchor(0).getY() - 0.0004);
    List<String> edits = List.of(
        insert("fitness_venue", "新健身点", "planned", null, here),
        "UPDATE facility SET geom = " + there + ", version = version + 1 WHERE name = '新健身点'",
        "UPDATE facility SET status = 'open', capacity = 88, version = version + 1 WHERE name = '新健身点'",
        "UPDATE facility SET category = 'police_office', name = '新派出所', version = version + 1 WHERE name = '新健身点'",
        "UPDATE facility SET deleted = true, version = version + 1 WHERE name = '新派出所'",
        // An import of many (more than the 128 ids a change names): its category read again.
        "INSERT INTO facility (category, name, status, capacity, source, geom) SELECT 'emergency_shelter', '导入' || i,"
            + " 'open', i, 'tile-test-import', ST_SetSRID(ST_MakePoint(" + anchor(0).getX() + " + i * 1e-5, "
            + anchor(0).getY() + " - i * 1e-5), 4490) FROM generate_series(1, 300) i",
        "DELETE FROM facility WHERE source = 'tile-test-import' AND capacity % 2 = 0");
    for (String edit : edits) {
      for (String category : java.util.Arrays.asList(null, "police_office", "fitness_venue")) {
        memory.tile(new TileRequest(TileLayer.FACILITIES, at, category, null, null));
      }
      store.hold(true);
      try {
        long fromSql = memory.renderStats().fromSql();
        write(edit);
        assertThat(store.tile(at, null)).as("memory behind: no tile from it, after %s", edit).isNull();
        for (String category : java.util.Arrays.asList(null, "police_office", "fitness_venue")) {
          TileRequest request = new TileRequest(TileLayer.FACILITIES, at, category, null, null);
          assertThat(MvtDecoder.features(memory.tile(request).bytes())).as("after %s", edit)
              .isEqualTo(viaSql(at, category));
        }
        assertThat(memory.renderStats().fromSql()).isEqualTo(fromSql + 3);
      } finally {
        store.hold(false);
      }
      awaitCurrent();
      long fromMemory = memory.renderStats().fromMemory();
      for (String category : java.util.Arrays.asList(null, "police_office", "fitness_venue", "emergency_shelter")) {
        TileRequest request = new TileRequest(TileLayer.FACILITIES, at, category, null, null);
        assertThat(MvtDecoder.features(memory.tile(request).bytes())).as("from memory after %s", edit)
            .isEqualTo(viaSql(at, category));
      }
      assertThat(memory.renderStats().fromMemory()).isEqualTo(fromMemory + 4);
    }
    String tile = String.join("\n", viaMemory(at, null));
    assertThat(tile).doesNotContain("新派出所").doesNotContain("新健身点").contains("导入1").doesNotContain("导入2\"");
    assertThat(store.patches()).as("named changes patched").isGreaterThanOrEqualTo(5);
    // The import and the large delete name no rows: their category read again, not everything.
    assertThat(store.categoryReads()).as("categories read again").isEqualTo(categoryReads + 2);
    assertThat(store.wholeReads()).as("nothing read whole").isEqualTo(wholeReads);
  }

  @Test
  void aFeedLostAndBackReadsEverythingAgain() throws Exception {
    long whole = store.wholeReads();
    byte[] before = store.tile(HOME, null);
    deaf = true;
    try {
      memory.suspend();
      assertThat(store.tile(HOME, null)).as("no tile from memory while the feed is lost").isNull();
      long fromSql = memory.renderStats().fromSql();
      write("UPDATE facility SET name = '失联时改名', version = version + 1 WHERE source = 'fixture' AND source_id = 'a'");
      assertThat(MvtDecoder.features(memory.tile(new TileRequest(TileLayer.FACILITIES, HOME, null, null, null))
          .bytes()).toString()).contains("失联时改名");
      assertThat(memory.renderStats().fromSql()).isEqualTo(fromSql + 1);
    } finally {
      deaf = false;
    }
    memory.resume();
    awaitCurrent();
    assertThat(store.wholeReads()).isEqualTo(whole + 1);
    assertThat(viaMemory(HOME, null).toString()).contains("失联时改名");
    assertThat(viaMemory(HOME, null)).isEqualTo(viaSql(HOME, null));
    write("UPDATE facility SET name = '避难场所a', version = version + 1 WHERE source = 'fixture' AND source_id = 'a'");
    awaitCurrent();
    // The same rows, read whole and patched, give the same bytes (and ETag) as before.
    assertThat(store.tile(HOME, null)).isEqualTo(before);
  }

  @Test
  void aTileFarAwayIsEmptyFromMemoryToo() throws Exception {
    TileCoord far = TileCoord.containing(2.35, 48.85, 14);
    assertThat(store.tile(far, null)).isEmpty();
    assertThat(MvtDecoder.features(new byte[0])).isEmpty();
    assertThat(new String(MvtLayerWriter.stringValue("邻里"), StandardCharsets.UTF_8)).endsWith("邻里");
  }
}
