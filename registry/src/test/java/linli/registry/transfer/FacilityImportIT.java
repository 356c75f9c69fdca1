package linli.registry.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import linli.registry.Database;
import linli.registry.Violation;
import linli.registry.city.CityLoader;
import linli.registry.crs.CoordinateSystem;
import linli.registry.crs.Gcj02;
import linli.registry.testing.FixtureCity;
import linli.registry.testing.PostgisExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The facility import pipeline on a real PostGIS: modes, idempotence, checks, atomicity. */
@ExtendWith(PostgisExtension.class)
class FacilityImportIT {
  private static final String[] HEADER = {"编号", "名称", "类别", "经度", "纬度", "容纳人数", "状态", "启用日期", "管理单位"};
  private static Database db;
  private static FacilityImporter importer;

  @BeforeAll
  static void load(Database database) throws SQLException {
    db = database;
    new CityLoader(db.dataSource()).load(FixtureCity.build());
    importer = new FacilityImporter(db.dataSource());
  }

  private static ImportRequest request(String source, boolean dryRun, boolean skip) {
    return new ImportRequest(ImportRequest.Layer.FACILITIES, null, dryRun, skip, null, source, "tester");
  }

  private static ImportReport run(ImportRequest request, RecordReader reader) throws Exception {
    return importer.run(request, reader, ImportProgress.NONE, "linli-import-test");
  }

  private static long count(String sql) throws SQLException {
    try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static String text(String sql) throws SQLException {
    try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getString(1);
    }
  }

  private static void execute(String sql) throws SQLException {
    try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  private static String[] good(int i) {
    return new String[] {"BN-" + i, "避难场所" + i, "应急避难场所", Double.toString(120.302 + i * 0.0001), "36.104",
        "1,200人", "开放", "2021年6月" + (1 + i % 28) + "日", "市南区应急局"};
  }

  /** The community each row of a source was placed in, and the one PostGIS finds for its point now. */
  private static String placedAndIntersecting(String source) throws SQLException {
    return text("SELECT string_agg(concat_ws('|', f.community_code, (SELECT min(c.code) FROM community c"
        + " WHERE ST_Intersects(c.geom, f.geom))), ',' ORDER BY f.source_id) FROM facility f WHERE f.source = '"
        + source + "'");
  }

  /** A row of its own (the other tests count rows by their source ids). */
  private static String[] located(int i) {
    String[] row = good(i);
    row[0] = "LOC-" + i;
    return row;
  }

  @Test
  void theCommunitiesAreReadAgainOnlyAfterTheyChange() throws Exception {
    FacilityImporter importer = new FacilityImporter(db.dataSource());
    ImportRequest first = request("locator-1", false, false);
    assertThat(importer.run(first, ListReader.table(HEADER, located(1)), ImportProgress.NONE, "t").errors()).isEmpty();
    assertThat(importer.communityLoads()).isEqualTo(1);
    String placed = placedAndIntersecting("locator-1");
    assertThat(placed).matches("(\\w+)\\|\\1"); // placed in the community PostGIS finds
    String community = placed.split("\\|")[0];
    ImportRequest second = request("locator-2", false, false);
    assertThat(importer.run(second, ListReader.table(HEADER, located(2)), ImportProgress.NONE, "t").errors()).isEmpty();
    assertThat(importer.communityLoads()).as("unchanged communities: the kept locator").isEqualTo(1);
    // The community moves away from the points: the next import must not place them in it.
    execute("UPDATE community SET geom = ST_Translate(geom, 0.5, 0) WHERE code = '" + community + "'");
    try {
      ImportRequest third = request("locator-3", false, false);
      importer.run(third, ListReader.table(HEADER, located(3)), ImportProgress.NONE, "t");
      assertThat(importer.communityLoads()).as("changed communities: read again").isEqualTo(2);
      String now = placedAndIntersecting("locator-3");
      assertThat(now).doesNotStartWith(community + "|");
      assertThat(now.split("\\|", -1)[0]).isEqualTo(now.split("\\|", -1).length > 1 ? now.split("\\|", -1)[1] : "");
    } finally {
      execute("UPDATE community SET geom = ST_Translate(geom, -0.5, 0) WHERE code = '" + community + "'");
    }
  }

  @Test
  void commitInsertsThenReimportIsUnchangedThenChangesUpdate() throws Exception {
    ImportReport first = run(request("bureau-a", false, false), ListReader.table(HEADER, good(1), good(2), good(3)));
    assertThat(first.errors()).isEmpty();
    assertThat(first.inserted()).isEqualTo(3);
    assertThat(first.committed()).isTrue();
    assertThat(count("SELECT count(*) FROM facility WHERE source = 'bureau-a'")).isEqualTo(3);
    assertThat(count("SELECT capacity FROM facility WHERE source_id = 'BN-1'")).isEqualTo(1200);
    // 管理单位 is the management_unit property's Chinese label: its column, not an extra key.
    assertThat(count("SELECT count(*) FROM facility WHERE source_id = 'BN-1' AND management_unit = '市南区应急局'"
        + " AND NOT extra ? '管理单位'")).isEqualTo(1);
    // Community derived from the location.
    assertThat(count("SELECT count(*) FROM facility WHERE source = 'bureau-a' AND community_code IS NOT NULL"))
        .isEqualTo(3);
    // Found in memory while reading; PostGIS must agree.
    assertThat(count("SELECT count(*) FROM facility f WHERE source = 'bureau-a' AND community_code ="
        + " (SELECT min(c.code) FROM community c WHERE ST_Intersects(c.geom, f.geom))")).isEqualTo(3);

    String tuples = "SELECT string_agg(xmin::text || '/' || version, ',' ORDER BY id) FROM facility WHERE source = 'bureau-a'";
    String before = text(tuples);
    ImportReport again = run(request("bureau-a", false, false), ListReader.table(HEADER, good(1), good(2), good(3)));
    assertThat(again.inserted()).isZero();
    assertThat(again.updated()).isZero();
    assertThat(again.unchanged()).isEqualTo(3);
    // Nothing rewritten: same row versions on disk, no new history rows.
    assertThat(text(tuples)).isEqualTo(before);
    assertThat(count("SELECT count(*) FROM facility_history h JOIN facility f ON f.id = h.facility_id"
        + " WHERE f.source = 'bureau-a'")).isEqualTo(3);

    // A deleted facility that comes again in the file is back (a new version).
    execute("UPDATE facility SET deleted = true, version = version + 1 WHERE source_id = 'BN-3'");
    ImportReport undeleted = run(request("bureau-a", false, false), ListReader.table(HEADER, good(1), good(2), good(3)));
    assertThat(undeleted.updated()).isEqualTo(1);
    assertThat(count("SELECT count(*) FROM facility WHERE source = 'bureau-a' AND NOT deleted")).isEqualTo(3);

    String[] moved = good(2);
    moved[5] = "1500";
    ImportReport changed = run(request("bureau-a", false, false), ListReader.table(HEADER, good(1), moved, good(3)));
    assertThat(changed.updated()).isEqualTo(1);
    assertThat(changed.unchanged()).isEqualTo(2);
    assertThat(count("SELECT count(*) FROM facility WHERE source = 'bureau-a'")).isEqualTo(3);
    assertThat(count("SELECT max(version) FROM facility WHERE source_id = 'BN-2'")).isEqualTo(2);
    assertThat(count("SELECT count(*) FROM facility_history h JOIN facility f ON f.id = h.facility_id"
        + " WHERE f.source_id = 'BN-2' AND h.by = 'tester'")).isEqualTo(2);
  }

  @Test
  void aDryRunWarnsOfRowsThatLookLikeAnotherSourcesFacilities() throws Exception {
    String[][] original = new String[4][];
    for (int i = 0; i < original.length; i++) {
      original[i] = good(600 + i);
      original[i][1] = "副本测试" + i;
    }
    assertThat(run(request("bureau-original", false, false), ListReader.table(HEADER, original[0], original[1],
        original[2], original[3])).inserted()).isEqualTo(4);
    // The same list under another source name: as it was, 20 m east, 100 m east, renamed.
    String[][] copy = {original[0].clone(), original[1].clone(), original[2].clone(), original[3].clone()};
    copy[1][3] = Double.toString(Double.parseDouble(copy[1][3]) + 0.00022);
    copy[2][3] = Double.toString(Double.parseDouble(copy[2][3]) + 0.0011);
    copy[3][1] = "另一个名字";
    ImportReport dry = run(request("bureau-copy", true, false), ListReader.table(HEADER, copy[0], copy[1], copy[2],
        copy[3]));
    // The oracle: same name and within 30 m on the ellipsoid (GeographicLib), row by row.
    List<Long> expected = new java.util.ArrayList<>();
    for (int r = 0; r < copy.length; r++) {
      for (String[] o : original) {
        double metres = net.sf.geographiclib.Geodesic.WGS84.Inverse(Double.parseDouble(o[4]), Double.parseDouble(o[3]),
            Double.parseDouble(copy[r][4]), Double.parseDouble(copy[r][3])).s12;
        if (o[1].equals(copy[r][1]) && metres <= FacilityImporter.COPY_METRES) {
          expected.add(r + 1L);
        }
      }
    }
    assertThat(expected).containsExactly(1L, 2L);
    assertThat(dry.warnings()).extracting(Violation::row).containsExactlyElementsOf(expected);
    assertThat(dry.warnings()).allSatisfy(w -> {
      assertThat(w.field()).isEqualTo("source");
      assertThat(w.message()).contains("bureau-original").contains("副本测试");
    });
    assertThat(dry.inserted()).as("a warning, not a rejection").isEqualTo(4);
    // Under its own source the list is an update, not a copy.
    assertThat(run(request("bureau-original", true, false), ListReader.table(HEADER, copy[0], copy[1], copy[2],
        copy[3])).warnings()).isEmpty();
  }

  @Test
  void dryRunCountsButWritesNothing() throws Exception {
    ImportReport r = run(request("bureau-dry", true, false), ListReader.table(HEADER, good(1), good(2)));
    assertThat(r.inserted()).isEqualTo(2);
    assertThat(r.committed()).isFalse();
    assertThat(count("SELECT count(*) FROM facility WHERE source = 'bureau-dry'")).isZero();
  }

  @Test
  void oneBadRowRejectsTheWholeFileAndNamesRowAndField() throws Exception {
    String[] badCategory = good(5);
    badCategory[2] = "宇宙飞船站";
    String[] badNumber = good(6);
    badNumber[5] = "很多";
    String[] outside = good(7);
    outside[3] = "116.40";
    outside[4] = "39.90";
    String[] duplicate = good(1);
    ImportReport r = run(request("bureau-bad", false, false),
        ListReader.table(HEADER, good(1), badCategory, badNumber, outside, duplicate));
    assertThat(r.committed()).isFalse();
    assertThat(r.rejected()).isEqualTo(4);
    assertThat(r.inserted()).isZero();
    assertThat(r.errors()).extracting(Violation::row, Violation::field).contains(
        org.assertj.core.groups.Tuple.tuple(2L, "category"), org.assertj.core.groups.Tuple.tuple(3L, "capacity"),
        org.assertj.core.groups.Tuple.tuple(4L, "geometry"), org.assertj.core.groups.Tuple.tuple(5L, "source_id"));
    assertThat(count("SELECT count(*) FROM facility WHERE source = 'bureau-bad'")).isZero();
  }

  @Test
  void skipWritesTheGoodRowsAndReportsTheBad() throws Exception {
    String[] bad = good(9);
    bad[3] = "not a number";
    ImportReport r = run(request("bureau-skip", false, true), ListReader.table(HEADER, good(8), bad, good(10)));
    assertThat(r.inserted()).isEqualTo(2);
    assertThat(r.rejected()).isEqualTo(1);
    assertThat(r.errors().get(0).field()).isEqualTo("lon");
    assertThat(count("SELECT count(*) FROM facility WHERE source = 'bureau-skip'")).isEqualTo(2);
  }

  @Test
  void gcj02PointsLandWithinAMetreOfTheirWgs84Originals() throws Exception {
    double lon = 120.3105;
    double lat = 36.1041;
    double[] gcj = Gcj02.fromWgs84(lon, lat);
    String[] row = good(20);
    row[3] = Double.toString(gcj[0]);
    row[4] = gcj[1] + "°";
    ImportRequest req = new ImportRequest(ImportRequest.Layer.FACILITIES, CoordinateSystem.GCJ02, false, false, null,
        "amap", "tester");
    assertThat(run(req, ListReader.table(HEADER, row)).inserted()).isEqualTo(1);
    double metres;
    try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT ST_Distance(geom::geography, ST_SetSRID(ST_MakePoint(" + lon + ", "
            + lat + "), 4490)::geography) FROM facility WHERE source = 'amap'")) {
      rs.next();
      metres = rs.getDouble(1);
    }
    assertThat(metres).isLessThan(1.0);
  }

  @Test
  void bd09PointsLandWithinAMetreOfTheirWgs84Originals() throws Exception {
    double lon = 120.3215;
    double lat = 36.1046;
    double[] bd = CoordinateSystem.BD09.wgs84ToOffset(lon, lat);
    String[] row = good(21);
    row[3] = Double.toString(bd[0]);
    row[4] = Double.toString(bd[1]);
    ImportRequest req = new ImportRequest(ImportRequest.Layer.FACILITIES, CoordinateSystem.BD09, false, false, null,
        "baidu", "tester");
    assertThat(run(req, ListReader.table(HEADER, row)).inserted()).isEqualTo(1);
    double metres;
    try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT ST_Distance(geom::geography, ST_SetSRID(ST_MakePoint(" + lon + ", "
            + lat + "), 4490)::geography) FROM facility WHERE source = 'baidu'")) {
      rs.next();
      metres = rs.getDouble(1);
    }
    assertThat(metres).isLessThan(1.0);
  }

  @Test
  void projectedCoordinatesAreTransformed() throws Exception {
    // EPSG:4549 (CGCS2000 GK CM 120E): easting 500000 lies on the central meridian.
    String[] row = good(30);
    row[3] = "527020.5";
    row[4] = "3995650.0";
    ImportRequest req = new ImportRequest(ImportRequest.Layer.FACILITIES, CoordinateSystem.CGCS2000_GK_CM_120E, false,
        false, null, "gk", "tester");
    assertThat(run(req, ListReader.table(HEADER, row)).inserted()).isEqualTo(1);
    try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT ST_X(geom), ST_Y(geom) FROM facility WHERE source = 'gk'")) {
      rs.next();
      assertThat(rs.getDouble(1)).isCloseTo(120.30, within(0.01));
      assertThat(rs.getDouble(2)).isCloseTo(36.10, within(0.01));
    }
    // Projected points find their community in SQL, after the transformation.
    assertThat(count("SELECT count(*) FROM facility f WHERE source = 'gk' AND community_code IS NOT DISTINCT FROM"
        + " (SELECT min(c.code) FROM community c WHERE ST_Intersects(c.geom, f.geom))")).isEqualTo(1);
  }

  @Test
  void aKilledImportLeavesNothingBehind() throws Exception {
    // A reader that produces rows slowly, so the import is still running when its session is killed.
    List<SourceRecord> rows = new ArrayList<>();
    for (int i = 0; i < 5_000; i++) {
      rows.add(ListReader.table(HEADER, good(100 + i)).next().orElseThrow());
    }
    var iterator = rows.iterator();
    long[] n = {0};
    RecordReader slow = new RecordReader() {
      @Override
      public Optional<SourceRecord> next() {
        if (!iterator.hasNext()) {
          return Optional.empty();
        }
        SourceRecord r = iterator.next();
        SourceRecord renumbered = new SourceRecord(++n[0], r.attributes(), null, List.of());
        if (n[0] % 100 == 0) {
          try {
            Thread.sleep(20);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }
        return Optional.of(renumbered);
      }

      @Override
      public void close() {}
    };
    // Same source_id in every row would be a duplicate: make them unique.
    CompletableFuture<ImportReport> running = CompletableFuture.supplyAsync(() -> {
      try {
        return importer.run(request("killed", false, true), slow, ImportProgress.NONE, "linli-import-kill-me");
      } catch (Exception e) {
        throw new RuntimeException(e);
      }
    });
    Thread.sleep(400);
    assertThat(count("SELECT count(*) FROM pg_stat_activity WHERE application_name = 'linli-import-kill-me'"))
        .isEqualTo(1);
    count("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = 'linli-import-kill-me'");
    assertThatThrownBy(() -> running.get(30, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class);
    assertThat(count("SELECT count(*) FROM facility WHERE source = 'killed'")).isZero();
  }

  /**
   * The registry's last guard (V30's per-statement check, as the foreign key before it): a category
   * the import checked when it started but that another session removed while the file was read is
   * refused by the INSERT itself, and the whole import is rolled back with the key named.
   */
  @Test
  void aCategoryRemovedDuringTheImportRollsBackTheWholeImport() throws Exception {
    execute("INSERT INTO category (code, name_zh, name_en, action, default_distance_m, standard, sort_order)"
        + " VALUES ('import_it_gone', '临时类别', 'removed during import', 'keep', 500, 'test', 990)");
    List<SourceRecord> rows = new ArrayList<>();
    for (int i = 1; i <= 3; i++) {
      String[] row = good(i);
      row[0] = "GONE-" + i;
      row[2] = i == 2 ? "临时类别" : "应急避难场所";
      java.util.Map<String, String> attributes = new java.util.LinkedHashMap<>();
      for (int k = 0; k < HEADER.length; k++) {
        attributes.put(HEADER[k], row[k]);
      }
      rows.add(new SourceRecord(i, attributes, null, List.of()));
    }
    java.util.Iterator<SourceRecord> records = rows.iterator();
    RecordReader removingTheCategory = new RecordReader() {
      @Override
      public Optional<SourceRecord> next() {
        if (!records.hasNext()) {
          return Optional.empty();
        }
        SourceRecord r = records.next();
        if (r.row() == 3) {
          try {
            execute("DELETE FROM category WHERE code = 'import_it_gone'");
          } catch (SQLException e) {
            throw new IllegalStateException(e);
          }
        }
        return Optional.of(r);
      }

      @Override
      public void close() {}
    };
    assertThatThrownBy(() -> run(request("bureau-gone", false, false), removingTheCategory))
        .isInstanceOf(SQLException.class)
        .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("23503"))
        .hasMessageContaining("Key (category)=(import_it_gone) is not present in table \"category\"");
    assertThat(count("SELECT count(*) FROM facility WHERE source = 'bureau-gone'")).isZero();
  }
}
