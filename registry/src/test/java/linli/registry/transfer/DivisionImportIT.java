package linli.registry.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.assertj.core.groups.Tuple.tuple;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import linli.registry.Database;
import linli.registry.Violation;
import linli.registry.crs.CoordinateSystem;
import linli.registry.crs.Gcj02;
import linli.registry.transfer.read.RecordReaders;
import linli.registry.testing.PostgisExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Districts and streets as layers of their own: imported from every format, upserted by code, and
 * registered by the community files that name them. The first test runs against the empty registry
 * the class starts with: before, a community file into it had every row rejected.
 */
@ExtendWith(PostgisExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DivisionImportIT {
  private static Database db;
  @TempDir
  static Path dir;

  @BeforeAll
  static void start(Database database) {
    db = database;
  }

  /** A square of 0.01° at column {@code x}, row {@code y} from 120.3 E, 36.0 N. */
  private static String square(int x, int y) {
    double x0 = 120.3 + x * 0.01;
    double y0 = 36.0 + y * 0.01;
    return "[[[%s,%s],[%s,%s],[%s,%s],[%s,%s],[%s,%s]]]".formatted(x0, y0, x0 + 0.01, y0, x0 + 0.01, y0 + 0.01, x0,
        y0 + 0.01, x0, y0);
  }

  private static String feature(String properties, String polygon) {
    return "{\"type\":\"Feature\",\"properties\":{" + properties + "},\"geometry\":"
        + (polygon == null ? "null" : "{\"type\":\"Polygon\",\"coordinates\":" + polygon + "}") + "}";
  }

  private static Path geojson(String name, String... features) throws Exception {
    return Files.writeString(dir.resolve(name + ".geojson"),
        "{\"type\":\"FeatureCollection\",\"features\":[" + String.join(",", features) + "]}");
  }

  private static ImportReport run(ImportRequest.Layer layer, Path file, String format, CoordinateSystem crs)
      throws Exception {
    ImportRequest request = new ImportRequest(layer, crs, false, false, null, "test", "tester");
    try (RecordReader reader = RecordReaders.open(file, format, null)) {
      return layer == ImportRequest.Layer.COMMUNITIES
          ? new CommunityImporter(db.dataSource()).run(request, reader, ImportProgress.NONE, "linli-test")
          : new DivisionImporter(db.dataSource()).run(request, reader, ImportProgress.NONE, "linli-test");
    }
  }

  private static String one(String sql) throws SQLException {
    try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      return rs.next() ? rs.getString(1) : null;
    }
  }

  private static long count(String sql) throws SQLException {
    return Long.parseLong(one(sql));
  }

  @Test
  @Order(1)
  void aCommunityFileNamingItsStreetsAndDistrictsRegistersThemInAnEmptyRegistry() throws Exception {
    assertThat(count("SELECT count(*) FROM district")).isZero();
    assertThat(count("SELECT count(*) FROM street")).isZero();
    String names = "\"street_code\":\"370281001\",\"street_name\":\"城东街道\","
        + "\"district_code\":\"370281\",\"district_name\":\"胶州市\"";
    Path file = geojson("communities",
        feature("\"code\":\"370281001001\",\"name\":\"东关社区\",\"population\":1200," + names, square(0, 0)),
        feature("\"code\":\"370281001002\",\"name\":\"西关社区\",\"population\":800," + names, square(1, 0)),
        feature("\"code\":\"370281102001\",\"name\":\"李哥庄村\",\"street_code\":\"370281102\","
            + "\"street_name\":\"李哥庄镇\",\"district_code\":\"370281\",\"district_name\":\"胶州市\"", square(0, 1)));
    ImportReport r = run(ImportRequest.Layer.COMMUNITIES, file, null, null);
    assertThat(r.errors()).isEmpty();
    assertThat(r.inserted()).isEqualTo(3);
    assertThat(r.createdDivisions().districts()).containsExactly(new CreatedDivisions.Division("370281", "胶州市"));
    assertThat(r.createdDivisions().streets()).containsExactly(
        new CreatedDivisions.Division("370281001", "城东街道"), new CreatedDivisions.Division("370281102", "李哥庄镇"));
    assertThat(one("SELECT kind FROM street WHERE code = '370281102'")).isEqualTo("镇");
    // No boundary was given: each is the union of its communities, and follows them.
    assertThat(one("SELECT geom_derived::text FROM district WHERE code = '370281'")).isEqualTo("true");
    assertThat(Double.parseDouble(one("SELECT ST_Area(geom) FROM district WHERE code = '370281'")))
        .isCloseTo(3e-4, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(Double.parseDouble(one("SELECT ST_Area(geom) FROM street WHERE code = '370281001'")))
        .isCloseTo(2e-4, org.assertj.core.data.Offset.offset(1e-9));
    try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
      s.execute("DELETE FROM community WHERE code = '370281001002'");
    }
    assertThat(Double.parseDouble(one("SELECT ST_Area(geom) FROM district WHERE code = '370281'")))
        .isCloseTo(2e-4, org.assertj.core.data.Offset.offset(1e-9));
  }

  @Test
  @Order(2)
  void aMissingStreetWithoutANameIsARowErrorSayingWhichColumnToAdd() throws Exception {
    Path file = geojson("unnamed",
        feature("\"code\":\"370299001001\",\"name\":\"无名街道的社区\",\"street_code\":\"370299001\"", square(5, 5)));
    ImportReport r = run(ImportRequest.Layer.COMMUNITIES, file, null, null);
    assertThat(r.committed()).isFalse();
    assertThat(r.errors()).extracting(Violation::row, Violation::field).containsExactly(tuple(1L, "street_code"));
    assertThat(r.errors().get(0).message()).contains("no street 370299001 is registered")
        .contains("street_name").contains("district_name");
    assertThat(count("SELECT count(*) FROM street WHERE code = '370299001'")).isZero();
  }

  @Test
  @Order(3)
  void districtsAndStreetsComeFromGeoJsonUpsertedByCode() throws Exception {
    Path districts = geojson("districts",
        feature("\"code\":\"370202\",\"name\":\"市南区\"", square(0, 3)),
        feature("\"区县代码\":\"370203\",\"区县名称\":\"市北区\"", null));
    ImportReport d = run(ImportRequest.Layer.DISTRICTS, districts, null, null);
    assertThat(d.errors()).isEmpty();
    assertThat(d.inserted()).isEqualTo(2);
    assertThat(one("SELECT geom_derived::text FROM district WHERE code = '370202'")).isEqualTo("false");
    assertThat(one("SELECT geom IS NULL FROM district WHERE code = '370203'")).isEqualTo("t");

    // The street's district is named in the file and not registered: the import registers it.
    Path streets = geojson("streets",
        feature("\"code\":\"370202001\",\"name\":\"八大关街道\"", square(0, 3)),
        feature("\"code\":\"370203001\",\"name\":\"台东街道\",\"district_code\":\"370203\"", null),
        feature("\"code\":\"370211001\",\"name\":\"黄岛街道\",\"district_code\":\"370211\","
            + "\"district_name\":\"黄岛区\"", null));
    ImportReport s = run(ImportRequest.Layer.STREETS, streets, null, null);
    assertThat(s.errors()).isEmpty();
    assertThat(s.inserted()).isEqualTo(3);
    assertThat(s.createdDivisions().districts()).containsExactly(new CreatedDivisions.Division("370211", "黄岛区"));
    assertThat(one("SELECT district_code || ' ' || kind FROM street WHERE code = '370203001'"))
        .isEqualTo("370203 街道");

    // Again, renamed: updated, the boundary kept (the row gives none).
    ImportReport again = run(ImportRequest.Layer.DISTRICTS, geojson("renamed",
        feature("\"code\":\"370202\",\"name\":\"市南区（新）\"", null)), null, null);
    assertThat(again.updated()).isEqualTo(1);
    assertThat(one("SELECT name || ' ' || geom_derived::text || ' ' || (geom IS NOT NULL) FROM district"
        + " WHERE code = '370202'")).isEqualTo("市南区（新） false true");
  }

  @Test
  @Order(4)
  void districtsAndStreetsComeFromCsvWithWktOrWithoutGeometry() throws Exception {
    Path csv = Files.writeString(dir.resolve("districts.csv"), """
        代码,名称,wkt
        370212,崂山区,"POLYGON((120.5 36.1, 120.6 36.1, 120.6 36.2, 120.5 36.1))"
        370213,李沧区,
        """);
    ImportReport d = run(ImportRequest.Layer.DISTRICTS, csv, "csv", null);
    assertThat(d.errors()).isEmpty();
    assertThat(d.inserted()).isEqualTo(2);
    assertThat(one("SELECT geom_derived::text FROM district WHERE code = '370212'")).isEqualTo("false");
    Path streets = Files.writeString(dir.resolve("streets.csv"), """
        街道代码,街道名称,区县代码
        370212001,沙子口街道,370212
        370213001,李村街道,
        """);
    ImportReport s = run(ImportRequest.Layer.STREETS, streets, "csv", null);
    assertThat(s.errors()).isEmpty();
    assertThat(s.inserted()).isEqualTo(2);
    assertThat(one("SELECT district_code FROM street WHERE code = '370213001'")).isEqualTo("370213");
  }

  @Test
  @Order(5)
  void badCodesMissingNamesAndUnknownDistrictsAreRowErrorsNamingTheField() throws Exception {
    Path csv = Files.writeString(dir.resolve("bad-streets.csv"), """
        code,name,district_code
        37021400,短代码,370214
        370214001,,370214
        370215001,未知区的街道,370215
        """);
    ImportReport r = run(ImportRequest.Layer.STREETS, csv, "csv", null);
    assertThat(r.committed()).isFalse();
    assertThat(r.errors()).extracting(Violation::row, Violation::field)
        .as("rows as a spreadsheet shows the CSV: the header is row 1")
        .containsExactly(tuple(2L, "code"), tuple(3L, "name"), tuple(4L, "district_code"));
    assertThat(r.errors().get(2).message()).contains("no district 370215 is registered").contains("district_name");
  }

  @Test
  @Order(6)
  void conflictingNamesForOneCodeAreARowErrorAndNothingIsWritten() throws Exception {
    Path districts = Files.writeString(dir.resolve("conflict.csv"), """
        code,name
        370281,胶州市
        370283,平度市
        370283,平度县
        """);
    ImportReport d = run(ImportRequest.Layer.DISTRICTS, districts, "csv", null);
    assertThat(d.committed()).isFalse();
    assertThat(d.errors()).extracting(Violation::row, Violation::field).containsExactly(tuple(4L, "name"));
    assertThat(d.errors().get(0).message()).contains("平度市").contains("平度县").contains("row 3");
    assertThat(count("SELECT count(*) FROM district WHERE code = '370283'")).isZero();

    // The same in a community file: two names for one street, nothing written, nothing registered.
    String base = "\"district_code\":\"370285\",\"district_name\":\"莱西市\",\"street_code\":\"370285001\",";
    Path communities = geojson("conflicting-communities",
        feature("\"code\":\"370285001001\",\"name\":\"甲社区\"," + base + "\"street_name\":\"水集街道\"", square(8, 0)),
        feature("\"code\":\"370285001002\",\"name\":\"乙社区\"," + base + "\"street_name\":\"望城街道\"", square(9, 0)));
    ImportReport c = run(ImportRequest.Layer.COMMUNITIES, communities, null, null);
    assertThat(c.committed()).isFalse();
    assertThat(c.errors()).extracting(Violation::row, Violation::field).containsExactly(tuple(2L, "street_name"));
    assertThat(c.createdDivisions().streets()).isEmpty();
    assertThat(count("SELECT count(*) FROM district WHERE code = '370285'")).isZero();
    assertThat(count("SELECT count(*) FROM community WHERE code LIKE '370285%'")).isZero();
  }

  /** The same districts as Shapefile, GeoPackage and XLSX (written by GDAL), in Gauss–Krüger metres. */
  @Test
  @Order(7)
  void everyFormatAndProjectedCoordinatesAreRead() throws Exception {
    Path source = geojson("gk-source",
        feature("\"code\":\"370214\",\"name\":\"城阳区\"", square(2, 8)),
        feature("\"code\":\"370215\",\"name\":\"即墨区\"", square(3, 8)));
    Path gpkg = dir.resolve("districts.gpkg");
    ogr2ogr("-f", "GPKG", "-s_srs", "EPSG:4490", "-t_srs", "EPSG:4549", gpkg.toString(), source.toString());
    Path shpDir = Files.createDirectories(dir.resolve("shp"));
    ogr2ogr("-f", "ESRI Shapefile", "-s_srs", "EPSG:4490", "-t_srs", "EPSG:4549",
        shpDir.resolve("districts.shp").toString(), source.toString());
    Path zip = dir.resolve("districts.zip");
    try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip)); var files = Files.list(shpDir)) {
      for (Path p : files.toList()) {
        out.putNextEntry(new ZipEntry(p.getFileName().toString()));
        Files.copy(p, out);
        out.closeEntry();
      }
    }
    Path xlsx = dir.resolve("districts.xlsx");
    ogr2ogr("-f", "XLSX", xlsx.toString(), source.toString());

    for (Object[] c : List.of(new Object[] {gpkg, "gpkg"}, new Object[] {zip, "shp"}, new Object[] {xlsx, "xlsx"})) {
      try (Connection co = db.dataSource().getConnection(); Statement s = co.createStatement()) {
        s.execute("DELETE FROM district WHERE code IN ('370214', '370215')");
      }
      ImportReport r = run(ImportRequest.Layer.DISTRICTS, (Path) c[0], (String) c[1], null);
      assertThat(r.errors()).as((String) c[1]).isEmpty();
      assertThat(r.inserted()).as((String) c[1]).isEqualTo(2);
      if (!c[1].equals("xlsx")) {
        // Back in CGCS2000 degrees, within a few millimetres.
        assertThat(Double.parseDouble(one("SELECT ST_XMin(geom) FROM district WHERE code = '370215'")))
            .as((String) c[1]).isCloseTo(120.33, org.assertj.core.data.Offset.offset(1e-7));
      }
    }
  }

  /** A boundary in GCJ-02 or Web Mercator is stored in CGCS2000, as a community's would be. */
  @Test
  @Order(8)
  void boundariesInGcj02AndWebMercatorAreConverted() throws Exception {
    Path gcj = Files.writeString(dir.resolve("gcj.csv"), """
        code,name,wkt
        370216,GCJ区,"POLYGON((120.5 36.5, 120.51 36.5, 120.51 36.51, 120.5 36.5))"
        """);
    assertThat(run(ImportRequest.Layer.DISTRICTS, gcj, "csv", CoordinateSystem.GCJ02).errors()).isEmpty();
    double[] wgs = Gcj02.toWgs84(120.5, 36.5);
    assertThat(Double.parseDouble(one("SELECT ST_XMin(geom) FROM district WHERE code = '370216'")))
        .isCloseTo(wgs[0], org.assertj.core.data.Offset.offset(1e-9));
    assertThat(wgs[0]).isNotCloseTo(120.5, org.assertj.core.data.Offset.offset(1e-5));

    String metres = one("SELECT ST_AsText(ST_Transform(ST_GeomFromText("
        + "'POLYGON((120.6 36.5, 120.61 36.5, 120.61 36.51, 120.6 36.5))', 4490), 3857))");
    Path mercator = Files.writeString(dir.resolve("mercator.csv"), "code,name,wkt\n370217,墨卡托区,\"" + metres + "\"\n");
    assertThat(run(ImportRequest.Layer.DISTRICTS, mercator, "csv", CoordinateSystem.WEB_MERCATOR).errors()).isEmpty();
    assertThat(Double.parseDouble(one("SELECT ST_XMin(geom) FROM district WHERE code = '370217'")))
        .isCloseTo(120.6, org.assertj.core.data.Offset.offset(1e-7));
  }

  @Test
  @Order(9)
  void aCommunityFileDoesNotRenameARegisteredStreetButWarns() throws Exception {
    Path file = geojson("renaming", feature("\"code\":\"370281001003\",\"name\":\"新社区\","
        + "\"street_code\":\"370281001\",\"street_name\":\"城东新街道\"", square(2, 0)));
    ImportReport r = run(ImportRequest.Layer.COMMUNITIES, file, null, null);
    assertThat(r.errors()).isEmpty();
    assertThat(r.inserted()).isEqualTo(1);
    assertThat(r.warnings()).extracting(Violation::row, Violation::field).containsExactly(tuple(1L, "street_name"));
    assertThat(r.warnings().get(0).message()).contains("城东街道").contains("城东新街道");
    assertThat(one("SELECT name FROM street WHERE code = '370281001'")).isEqualTo("城东街道");
  }

  private static void ogr2ogr(String... args) throws Exception {
    if (!Files.isExecutable(Path.of("/usr/bin/ogr2ogr"))) {
      fail("GDAL's ogr2ogr is required for this test (apt-get install gdal-bin)");
    }
    List<String> cmd = new ArrayList<>(List.of("/usr/bin/ogr2ogr"));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out;
    try (InputStream in = p.getInputStream()) {
      out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      fail("ogr2ogr did not finish");
    }
    assertThat(p.exitValue()).as(out).isZero();
  }
}
