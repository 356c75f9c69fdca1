package linli.registry.transfer;

import static linli.registry.testing.FixtureCity.anchor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import linli.registry.Database;
import linli.registry.Violation;
import linli.registry.city.CityLoader;
import linli.registry.coverage.CommunityCoverage;
import linli.registry.coverage.CoverageAnalyzer;
import linli.registry.coverage.CoverageMode;
import linli.registry.coverage.CoverageQuery;
import linli.registry.testing.FixtureCity;
import linli.registry.testing.OsmCrossing;
import linli.registry.testing.PostgisExtension;
import linli.registry.transfer.read.RecordReaders;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** An OpenStreetMap .osm.pbf imported as roads, and walked on by network coverage. */
@ExtendWith(PostgisExtension.class)
class OsmRoadImportIT {
  private static Database db;
  @TempDir
  static Path dir;
  private static Path crossing;

  @BeforeAll
  static void load(Database database) throws Exception {
    db = database;
    new CityLoader(db.dataSource()).load(FixtureCity.build());
    crossing = OsmCrossing.pbf(dir, "crossing.osm.pbf");
  }

  private static ImportReport importRoads(Path file, String format) throws Exception {
    try (RecordReader reader = RecordReaders.open(file, format, null, ImportRequest.Layer.ROADS)) {
      return new RoadImporter(db.dataSource()).run(new ImportRequest(ImportRequest.Layer.ROADS, null, false, false,
          null, "osm", "tester"), reader, ImportProgress.NONE, "linli-road-import");
    }
  }

  private static long longValue(String sql) throws SQLException {
    try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static long roadRevision() throws SQLException {
    return longValue("SELECT revision FROM registry_revision WHERE layer = 'road'");
  }

  @Test
  void walkableWaysBecomeSegmentsCutAtTheSharedNode() throws Exception {
    long revision = roadRevision();
    ImportReport r = importRoads(crossing, null);
    assertThat(r.committed()).isTrue();
    assertThat(r.errors()).isEmpty();
    assertThat(r.rejected()).isZero();
    // The two footways, and the one left out for its missing node; the rest are not walkable.
    assertThat(r.total()).isEqualTo(3);
    assertThat(r.skipped()).isEqualTo(1);
    assertThat(r.warnings()).extracting(Violation::row, Violation::field)
        .containsExactly(tuple(OsmCrossing.MISSING_NODE, "nodes"));
    assertThat(r.inserted()).isEqualTo(4);
    assertThat(roadRevision()).isGreaterThan(revision); // the walking graph reloads

    List<String> rows = new ArrayList<>();
    String x = "ST_SetSRID(ST_MakePoint(" + OsmCrossing.junction().getX() + ", " + OsmCrossing.junction().getY()
        + "), 4490)";
    try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT highway, walkable, ST_NPoints(geom),"
            + " ST_DWithin(ST_StartPoint(geom), " + x + ", 1e-7) OR ST_DWithin(ST_EndPoint(geom), " + x + ", 1e-7)"
            + " FROM road WHERE source = 'osm' ORDER BY id")) {
      while (rs.next()) {
        rows.add(rs.getString(1) + " " + rs.getBoolean(2) + " " + rs.getInt(3) + " " + rs.getBoolean(4));
      }
    }
    // Footway 1 (A-M-X-P-C) cut at X only, footway 2 (S-X-N) at X: every segment ends at the junction.
    assertThat(rows).containsExactly("footway true 3 true", "footway true 3 true", "footway true 2 true",
        "footway true 2 true");

    // Again from the same source: replaced, not doubled.
    assertThat(importRoads(crossing, "osm.pbf").inserted()).isEqualTo(4);
    assertThat(longValue("SELECT count(*) FROM road WHERE source = 'osm'")).isEqualTo(4);
  }

  @Test
  void networkCoverageWalksThroughTheSharedNode() throws Exception {
    importRoads(crossing, null);
    CoverageQuery q = new CoverageQuery("emergency_shelter", 5000, CoverageMode.NETWORK, null, List.of("open"));
    CommunityCoverage office2 = new CoverageAnalyzer(db.dataSource()).communities(q).stream()
        .filter(c -> c.code().equals(FixtureCity.communityCode(2))).findFirst().orElseThrow();
    // Shelter b stands on footway 2's south end: from office 2 west along footway 1 to X, then 650 m south.
    // Had the footways not joined, only shelter a (400 m + 2 km) would reach it; had the motorway been
    // taken, it would be its 1.2 km diagonal.
    double expected = FixtureCity.distance(anchor(2), anchor(1)) + 650;
    assertThat(office2.nearestM()).isCloseTo(expected, within(0.5));
  }

  @Test
  void randomBytesAreAnUnreadableFileAndWriteNothing() throws Exception {
    importRoads(crossing, null);
    long revision = roadRevision();
    byte[] noise = new byte[8192];
    new Random(5).nextBytes(noise);
    Path bad = Files.write(dir.resolve("bad.osm.pbf"), noise);
    assertThatThrownBy(() -> importRoads(bad, "osm.pbf")).isInstanceOf(ImportFileException.class)
        .hasMessageStartingWith("this is not a readable OpenStreetMap .osm.pbf file");
    assertThat(longValue("SELECT count(*) FROM road WHERE source = 'osm'")).isEqualTo(4);
    assertThat(roadRevision()).isEqualTo(revision);
  }
}
