package linli.registry.transfer.write;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import linli.registry.crs.CoordinateSystem;
import linli.registry.testing.Gdal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.locationtech.jts.geom.Envelope;

/**
 * The R-tree the GeoPackage writer fills itself: GDAL sees it, it holds each feature's envelope, a
 * bbox query through it finds exactly the features in the box, and its triggers follow later edits.
 */
class GeoPackageSpatialIndexTest {
  private static final int N = 10_000; // several chunks of the background R-tree, and a tree two levels deep

  @TempDir
  Path dir;

  /** N facilities at random points over Qingdao, ids 10, 13, 16, ... */
  private static Map<Long, ExportRow> rows() {
    Random random = new Random(42);
    Map<Long, ExportRow> rows = new HashMap<>();
    for (int i = 0; i < N; i++) {
      long id = 10 + 3L * i;
      double x = 119.6 + random.nextDouble() * 1.7;
      double y = 35.7 + random.nextDouble() * 1.4;
      rows.put(id, Samples.row(id, Samples.geometry("POINT (" + x + " " + y + ")", 4490), "police_office", "f" + id,
          null, null, null, "open", null, null, null, null, "manual", "s" + id, "{}", 1L, Samples.UPDATED, "system"));
    }
    return rows;
  }

  private Path write(Map<Long, ExportRow> rows) throws Exception {
    List<ExportRow> ordered = new ArrayList<>(rows.values());
    ordered.sort((a, b) -> Long.compare((Long) a.id(), (Long) b.id()));
    return WriterRun.file(ExportFormat.GEOPACKAGE, Samples.facilitiesSchema(CoordinateSystem.CGCS2000), ordered,
        dir.resolve("facilities.gpkg"));
  }

  @Test
  void gdalSeesTheIndexAndEveryBoxIsTheFeaturesEnvelope() throws Exception {
    Map<Long, ExportRow> rows = rows();
    Path file = write(rows);

    assertThat(Gdal.run("ogrinfo", "-ro", "-q", "-sql", "SELECT HasSpatialIndex('facilities', 'geom')",
        file.toString())).contains("HasSpatialIndex (Integer) = 1");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement st = c.createStatement()) {
      try (ResultSet rs = st.executeQuery("SELECT extension_name, scope FROM gpkg_extensions"
          + " WHERE table_name = 'facilities' AND column_name = 'geom'")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getString(1)).isEqualTo("gpkg_rtree_index");
        assertThat(rs.getString(2)).isEqualTo("write-only");
      }
      try (ResultSet rs = st.executeQuery("SELECT count(*) FROM sqlite_master WHERE type = 'trigger'"
          + " AND name LIKE 'rtree_facilities_geom_%'")) {
        assertThat(rs.getInt(1)).isGreaterThanOrEqualTo(3);
      }
      // SQLite's own structural check of the R-tree: nodes, parents and rowid mapping agree.
      try (ResultSet rs = st.executeQuery("SELECT rtreecheck('rtree_facilities_geom')")) {
        assertThat(rs.getString(1)).isEqualTo("ok");
      }
      int seen = 0;
      try (ResultSet rs = st.executeQuery("SELECT id, minx, maxx, miny, maxy FROM rtree_facilities_geom")) {
        while (rs.next()) {
          seen++;
          ExportRow row = rows.get(rs.getLong(1));
          assertThat(row).as("rtree id %d is a feature", rs.getLong(1)).isNotNull();
          assertBox(rs, row.geometry().getEnvelopeInternal());
        }
      }
      assertThat(seen).isEqualTo(N);
    }
  }

  /**
   * SQLite's R-tree keeps 32-bit floats and rounds outwards, by scaling with 1 -+ 2^-23 when the
   * nearest float falls inside: the box holds the envelope and is at most that step plus a float's step wider.
   */
  private static void assertBox(ResultSet rs, Envelope e) throws Exception {
    assertThat(rs.getDouble(2)).isLessThanOrEqualTo(e.getMinX()).isGreaterThanOrEqualTo(e.getMinX() - step(e.getMinX()));
    assertThat(rs.getDouble(3)).isGreaterThanOrEqualTo(e.getMaxX()).isLessThanOrEqualTo(e.getMaxX() + step(e.getMaxX()));
    assertThat(rs.getDouble(4)).isLessThanOrEqualTo(e.getMinY()).isGreaterThanOrEqualTo(e.getMinY() - step(e.getMinY()));
    assertThat(rs.getDouble(5)).isGreaterThanOrEqualTo(e.getMaxY()).isLessThanOrEqualTo(e.getMaxY() + step(e.getMaxY()));
  }

  private static double step(double d) {
    return Math.abs(d) / 8388608 + Math.ulp((float) d);
  }

  @Test
  void aBboxFilterFindsExactlyTheFeaturesInTheBox() throws Exception {
    Map<Long, ExportRow> rows = rows();
    Path file = write(rows);
    Envelope box = new Envelope(120.1, 120.6, 36.0, 36.4);
    List<Long> expected = rows.values().stream().filter(r -> box.contains(r.geometry().getCoordinate()))
        .map(r -> (Long) r.id()).sorted().toList();
    assertThat(expected).hasSizeBetween(20, N - 20);
    List<Long> found = Gdal.features(file.toString(), "-spat", "120.1", "36.0", "120.6", "36.4").stream()
        .map(Gdal.Feature::fid).sorted().toList();
    assertThat(found).isEqualTo(expected);
  }

  @Test
  void triggersKeepTheIndexInStepWithLaterEdits() throws Exception {
    Map<Long, ExportRow> rows = rows();
    Path file = write(rows);
    String f = file.toString();
    // GDAL provides the ST_ functions the spec's triggers call; plain SQL through it is what a GIS user's edit does.
    Gdal.run("ogrinfo", "-q", f, "-sql", "INSERT INTO facilities (fid, geom, name) SELECT 5, geom, 'copy' FROM facilities"
        + " WHERE fid = 10");
    assertBoxOf(file, 5, rows.get(10L).geometry().getEnvelopeInternal());
    Gdal.run("ogrinfo", "-q", f, "-sql", "UPDATE facilities SET geom = (SELECT geom FROM facilities WHERE fid = 13)"
        + " WHERE fid = 5");
    assertBoxOf(file, 5, rows.get(13L).geometry().getEnvelopeInternal());
    Gdal.run("ogrinfo", "-q", f, "-sql", "DELETE FROM facilities WHERE fid = 5");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT count(*), sum(id = 5) FROM rtree_facilities_geom")) {
      assertThat(rs.getInt(1)).isEqualTo(N);
      assertThat(rs.getInt(2)).isZero();
    }
  }

  private static void assertBoxOf(Path file, long fid, Envelope e) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT id, minx, maxx, miny, maxy FROM rtree_facilities_geom WHERE id = " + fid)) {
      assertThat(rs.next()).as("rtree row of fid %d", fid).isTrue();
      assertBox(rs, e);
    }
  }
}
