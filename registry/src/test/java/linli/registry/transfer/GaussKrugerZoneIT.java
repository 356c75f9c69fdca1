package linli.registry.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import linli.registry.Database;
import linli.registry.city.CityLoader;
import linli.registry.crs.CoordinateSystem;
import linli.registry.testing.FixtureCity;
import linli.registry.testing.PostgisExtension;
import linli.registry.transfer.read.RecordReaders;
import linli.registry.transfer.write.ExportQuery;
import linli.registry.transfer.write.ExportLayer;
import linli.registry.transfer.write.LayerExporter;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Qingdao's Gauss-Krüger zone with the zone number prefixed to the easting (EPSG:4528, 3-degree zone
 * 40, eastings 40xxxxxx) through real files, with GDAL/PROJ as the independent party: points
 * projected by ogr2ogr import to within a centimetre of their CGCS2000 originals, and an export
 * in EPSG:4528 holds what ogr2ogr itself projects them to.
 */
@ExtendWith(PostgisExtension.class)
class GaussKrugerZoneIT {
  /** Known CGCS2000 points inside the fixture city, by source_id. */
  private static final double[][] POINTS = {{120.3056, 36.1045}, {120.3279, 36.1031}, {120.3512, 36.1077}};
  private static Database db;

  @TempDir
  static Path dir;

  @BeforeAll
  static void load(Database database) throws SQLException {
    db = database;
    new CityLoader(db.dataSource()).load(FixtureCity.build());
  }

  @Test
  void aShapefileInZone40IsRecognisedAndLandsWithinACentimetre() throws Exception {
    Path geojson = originals();
    Path shp = dir.resolve("zone40");
    gdal("ogr2ogr", "-s_srs", "EPSG:4490", "-t_srs", "EPSG:4528", "-lco", "ENCODING=UTF-8", shp.toString(),
        geojson.toString(), "-nln", "zone40");
    Path zip = zip(shp, "zone40", dir.resolve("zone40.zip"));
    assertThat(Files.readString(shp.resolve("zone40.prj"))).startsWith("PROJCS[\"CGCS2000_3_Degree_GK_Zone_40\"");

    ImportReport report;
    try (RecordReader reader = RecordReaders.open(zip, "shp", null)) {
      assertThat(reader.declaredCrs()).isEqualTo("EPSG:4528");
      report = new FacilityImporter(db.dataSource()).run(new ImportRequest(ImportRequest.Layer.FACILITIES, null,
          false, false, null, "zone40", "tester"), reader, ImportProgress.NONE, "linli-gk-test");
    }
    assertThat(report.errors()).isEmpty();
    assertThat(report.inserted()).isEqualTo(POINTS.length);
    for (int i = 0; i < POINTS.length; i++) {
      double metres = number("SELECT ST_Distance(geom::geography, ST_SetSRID(ST_MakePoint(" + POINTS[i][0] + ", "
          + POINTS[i][1] + "), 4490)::geography) FROM facility WHERE source = 'zone40' AND source_id = 'GK-" + i + "'");
      assertThat(metres).as("point %d", i).isLessThan(0.01);
    }
  }

  @Test
  void aCsvWithPrefixedEastingsNamedByCrsImportsToo() throws Exception {
    Path csv = dir.resolve("zone40.csv");
    gdal("ogr2ogr", "-s_srs", "EPSG:4490", "-t_srs", "EPSG:4528", "-f", "CSV", "-lco", "GEOMETRY=AS_XY",
        csv.toString(), originals().toString());
    assertThat(Files.readAllLines(csv).get(1)).as("X first, with the zone prefix").startsWith("405");
    ImportReport report;
    CoordinateSystem zone40 = CoordinateSystem.parse("EPSG:4528", CoordinateSystem.Use.IMPORT).orElseThrow();
    try (RecordReader reader = RecordReaders.open(csv, "csv", null)) {
      report = new FacilityImporter(db.dataSource()).run(new ImportRequest(ImportRequest.Layer.FACILITIES, zone40,
          false, false, null, "zone40-csv", "tester"), reader, ImportProgress.NONE, "linli-gk-test");
    }
    assertThat(report.errors()).isEmpty();
    assertThat(report.inserted()).isEqualTo(POINTS.length);
    for (int i = 0; i < POINTS.length; i++) {
      double metres = number("SELECT ST_Distance(geom::geography, ST_SetSRID(ST_MakePoint(" + POINTS[i][0] + ", "
          + POINTS[i][1] + "), 4490)::geography) FROM facility WHERE source = 'zone40-csv' AND source_id = 'GK-" + i
          + "'");
      assertThat(metres).as("point %d", i).isLessThan(0.01);
    }
  }

  @Test
  void anExportInZone40HoldsWhatGdalProjects() throws Exception {
    try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
      for (int i = 0; i < POINTS.length; i++) {
        s.execute("INSERT INTO facility (category, name, status, source, source_id, geom) VALUES ("
            + "'emergency_shelter', 'export " + i + "', 'open', 'zone40-export', 'GK-" + i + "',"
            + " ST_SetSRID(ST_MakePoint(" + POINTS[i][0] + ", " + POINTS[i][1] + "), 4490))");
      }
    }
    CoordinateSystem zone40 = CoordinateSystem.parse("EPSG:4528", CoordinateSystem.Use.EXPORT).orElseThrow();
    Path zip = dir.resolve("facilities-EPSG4528.shp.zip");
    try (OutputStream out = Files.newOutputStream(zip)) {
      new LayerExporter(db.dataSource()).export(ExportQuery.all(ExportLayer.FACILITIES).withCrs(zone40), "shp.zip",
          out);
    }
    String info = gdal("ogrinfo", "-ro", "-al", "-where", "source = 'zone40-export'",
        "/vsizip/" + zip + "/facilities.shp");
    assertThat(info).contains("CGCS2000 / 3-degree Gauss-Kruger zone 40").contains("ID[\"EPSG\",4528]");
    Path expected = dir.resolve("expected.csv");
    gdal("ogr2ogr", "-s_srs", "EPSG:4490", "-t_srs", "EPSG:4528", "-f", "CSV", "-lco", "GEOMETRY=AS_XY",
        expected.toString(), originals().toString());
    List<String> lines = Files.readAllLines(expected);
    for (int i = 0; i < POINTS.length; i++) {
      String[] xy = lines.get(i + 1).split(",");
      double x = Double.parseDouble(xy[0]);
      double y = Double.parseDouble(xy[1]);
      assertThat(x).isGreaterThan(40_000_000);
      Matcher m = Pattern.compile("source_id \\(String\\) = GK-" + i + "\\b[\\s\\S]*?POINT \\(([0-9.]+) ([0-9.]+)\\)")
          .matcher(info);
      assertThat(m.find()).as("GK-%d in\n%s", i, info).isTrue();
      assertThat(Math.hypot(Double.parseDouble(m.group(1)) - x, Double.parseDouble(m.group(2)) - y))
          .as("GK-%d", i).isLessThan(0.01);
    }
  }

  /** The points as GeoJSON (CGCS2000 lon/lat; GDAL reads GeoJSON as CRS84 and is told EPSG:4490). */
  private static Path originals() throws Exception {
    List<String> features = new ArrayList<>();
    for (int i = 0; i < POINTS.length; i++) {
      features.add(String.format(Locale.ROOT, "{\"type\":\"Feature\",\"properties\":{\"source_id\":\"GK-%d\","
          + "\"name\":\"高斯点%d\",\"category\":\"应急避难场所\"},\"geometry\":{\"type\":\"Point\",\"coordinates\":[%s,%s]}}",
          i, i, POINTS[i][0], POINTS[i][1]));
    }
    Path file = dir.resolve("originals.geojson");
    Files.writeString(file, "{\"type\":\"FeatureCollection\",\"features\":[" + String.join(",", features) + "]}");
    return file;
  }

  private static Path zip(Path layerDir, String name, Path zip) throws Exception {
    try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
      for (String ext : new String[] {"shp", "shx", "dbf", "prj", "cpg"}) {
        Path part = layerDir.resolve(name + "." + ext);
        if (Files.exists(part)) {
          out.putNextEntry(new ZipEntry(name + "." + ext));
          Files.copy(part, out);
          out.closeEntry();
        }
      }
    }
    return zip;
  }

  private static String gdal(String... command) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(String.join(" ", command) + "\n" + out).isZero();
    return out;
  }

  private static double number(String sql) throws SQLException {
    try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      assertThat(rs.next()).as(sql).isTrue();
      return rs.getDouble(1);
    }
  }
}
