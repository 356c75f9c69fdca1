package linli.registry.transfer.read;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import linli.registry.crs.CoordinateSystem;
import linli.registry.transfer.ImportFileException;
import linli.registry.transfer.SourceRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.MultiPolygon;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.io.WKTReader;

/** Shapefiles written by GDAL's ogr2ogr from GeoJSON this test writes, zipped here, read back. */
class ShapefileRecordReaderTest {
  static final String POINTS = """
      {"type":"FeatureCollection","features":[
       {"type":"Feature","properties":{"名称":"八大关应急避难场所","地址":"青岛市市南区香港西路","容纳人数":1200,"面积":12.5,"启用日期":"2019-05-01"},
        "geometry":{"type":"Point","coordinates":[120.3512,36.0543]}},
       {"type":"Feature","properties":{"名称":"五四广场","地址":"市南区东海西路","容纳人数":12,"面积":3000.25,"启用日期":"2020-10-01"},
        "geometry":{"type":"Point","coordinates":[120.3845,36.062]}},
       {"type":"Feature","properties":{"名称":"无坐标站点","地址":null,"容纳人数":0,"面积":null,"启用日期":null},
        "geometry":null},
       {"type":"Feature","properties":{"名称":"李村公园","地址":"李沧区书院路","容纳人数":800,"面积":0.5,"启用日期":"2021-01-02"},
        "geometry":{"type":"Point","coordinates":[120.4301,36.1551]}}
      ]}""";

  @TempDir
  Path dir;

  @Test
  void readsAGbkPointLayerWithItsCpgAndPrj() throws Exception {
    Path layer = ogr(POINTS, "facilities", "-lco", "ENCODING=GBK", "-a_srs", "EPSG:4326");
    assertThat(Files.readString(layer.resolve("facilities.cpg")).strip()).isEqualTo("GBK");
    Path zip = TestFiles.zipLayer(layer, "facilities", dir.resolve("facilities.zip"));
    List<SourceRecord> rows;
    try (ShapefileRecordReader reader = ShapefileRecordReader.open(zip, null)) {
      assertThat(reader.declaredCrs()).isEqualTo("EPSG:4326");
      assertThat(reader.encoding()).isEqualTo("GB18030");
      assertThat(reader.layerName()).isEqualTo("facilities");
      assertThat(reader.fieldNames()).containsExactly("名称", "地址", "容纳人数", "面积", "启用日期");
      rows = TestFiles.readAll(reader);
    }
    assertPoints(rows);
    assertThat(rows).hasSize((int) TestFiles.ogrCount(layer.resolve("facilities.shp")));
  }

  @Test
  void detectsGbkOrUtf8WithoutACpg() throws Exception {
    Path gbk = ogr(POINTS, "gbk", "-lco", "ENCODING=GBK");
    try (ShapefileRecordReader r = ShapefileRecordReader.open(TestFiles.zipLayer(gbk, "gbk", dir.resolve("g.zip"), "cpg"), null)) {
      assertThat(r.encoding()).isEqualTo("GB18030");
      assertPoints(TestFiles.readAll(r));
    }
    Path utf8 = ogr(POINTS, "utf8", "-lco", "ENCODING=UTF-8");
    try (ShapefileRecordReader r = ShapefileRecordReader.open(TestFiles.zipLayer(utf8, "utf8", dir.resolve("u.zip"), "cpg"), null)) {
      assertThat(r.encoding()).isEqualTo("UTF-8");
      // GDAL cuts UTF-8 names to 10 bytes, mid-character: "容纳人数" keeps 3 whole characters.
      assertThat(r.fieldNames()).containsExactly("名称", "地址", "容纳人", "面积", "启用日");
      List<SourceRecord> rows = TestFiles.readAll(r);
      assertThat(rows).hasSize(4);
      assertThat(rows.get(0).attributes()).containsEntry("名称", "八大关应急避难场所").containsEntry("容纳人", "1200")
          .containsEntry("启用日", "2019-05-01");
      assertThat(rows).allSatisfy(row -> assertThat(row.problems()).noneMatch(v -> v.message().contains("valid")));
    }
    // The request wins over the .cpg: GBK names read as UTF-8 are not text, which is said plainly.
    Path zip = TestFiles.zipLayer(gbk, "gbk", dir.resolve("g2.zip"));
    assertThatThrownBy(() -> ShapefileRecordReader.open(zip, "UTF-8"))
        .isInstanceOf(ImportFileException.class).hasMessageContaining("field names are not valid UTF-8");
  }

  @Test
  void aCpgSayingUtf8OverGbkTextNamesTheFieldsAndTheRequestOverrides() throws Exception {
    String ascii = POINTS.replace("名称", "name").replace("地址", "address").replace("容纳人数", "capacity")
        .replace("面积", "area").replace("启用日期", "opened_on");
    Path layer = ogr(ascii, "wrongcpg", "-lco", "ENCODING=GBK");
    Files.writeString(layer.resolve("wrongcpg.cpg"), "UTF-8");
    Path zip = TestFiles.zipLayer(layer, "wrongcpg", dir.resolve("wrongcpg.zip"));
    try (ShapefileRecordReader r = ShapefileRecordReader.open(zip, null)) {
      assertThat(r.encoding()).isEqualTo("UTF-8");
      SourceRecord first = TestFiles.readAll(r).get(0);
      assertThat(first.problems()).extracting(v -> v.field()).containsExactlyInAnyOrder("name", "address");
      assertThat(first.problems()).allSatisfy(v -> assertThat(v.message()).contains("not valid UTF-8"));
    }
    try (ShapefileRecordReader r = ShapefileRecordReader.open(zip, "GBK")) {
      SourceRecord first = TestFiles.readAll(r).get(0);
      assertThat(first.problems()).isEmpty();
      assertThat(first.attributes()).containsEntry("name", "八大关应急避难场所");
    }
  }

  @Test
  void polygonsWithHolesAndIslandsInHoles() throws Exception {
    String outer = "[[120.0,36.0],[120.1,36.0],[120.1,36.1],[120.0,36.1],[120.0,36.0]]";
    String hole = "[[120.02,36.02],[120.02,36.08],[120.08,36.08],[120.08,36.02],[120.02,36.02]]";
    String island = "[[120.03,36.03],[120.07,36.03],[120.07,36.07],[120.03,36.07],[120.03,36.03]]";
    String islandHole = "[[120.04,36.04],[120.04,36.06],[120.06,36.06],[120.06,36.04],[120.04,36.04]]";
    String far = "[[121.0,36.0],[121.1,36.0],[121.1,36.1],[121.0,36.0]]";
    String geojson = "{\"type\":\"FeatureCollection\",\"features\":["
        + feature("有洞", "{\"type\":\"Polygon\",\"coordinates\":[" + outer + "," + hole + "]}") + ","
        + feature("岛中岛", "{\"type\":\"MultiPolygon\",\"coordinates\":[[" + outer + "," + hole + "],[" + island + ","
            + islandHole + "],[" + far + "]]}") + ","
        + feature("简单", "{\"type\":\"Polygon\",\"coordinates\":[" + far + "]}") + "]}";
    Path layer = ogr(geojson, "parks", "-lco", "ENCODING=UTF-8", "-a_srs", "EPSG:4490");
    List<SourceRecord> rows = TestFiles.readAll(
        ShapefileRecordReader.open(TestFiles.zipLayer(layer, "parks", dir.resolve("parks.zip")), null));
    assertThat(rows).hasSize(3);
    WKTReader wkt = new WKTReader();

    Geometry withHole = rows.get(0).geometry();
    assertThat(withHole).isInstanceOf(Polygon.class);
    assertThat(((Polygon) withHole).getNumInteriorRing()).isEqualTo(1);
    assertThat(withHole.getArea()).isCloseTo(0.01 - 0.0036, within(1e-12));
    assertThat(withHole.isValid()).isTrue();
    assertThat(withHole.getSRID()).isEqualTo(4490);

    Geometry nested = rows.get(1).geometry();
    assertThat(nested).isInstanceOf(MultiPolygon.class);
    assertThat(nested.getNumGeometries()).isEqualTo(3);
    assertThat(nested.isValid()).isTrue();
    Geometry expected = wkt.read("MULTIPOLYGON (((120 36, 120.1 36, 120.1 36.1, 120 36.1, 120 36),"
        + " (120.02 36.02, 120.02 36.08, 120.08 36.08, 120.08 36.02, 120.02 36.02)),"
        + " ((120.03 36.03, 120.07 36.03, 120.07 36.07, 120.03 36.07, 120.03 36.03),"
        + " (120.04 36.04, 120.04 36.06, 120.06 36.06, 120.06 36.04, 120.04 36.04)),"
        + " ((121 36, 121.1 36, 121.1 36.1, 121 36)))");
    assertThat(nested.norm().equalsExact(expected.norm(), 1e-12)).as(nested.toText()).isTrue();
    assertThat(rows.get(2).geometry()).isInstanceOf(Polygon.class);
    assertThat(rows.get(2).attributes()).containsEntry("名称", "简单");
    assertThat(rows).allSatisfy(r -> assertThat(r.problems()).isEmpty());
  }

  @Test
  void linesMultiPointsAndZVariants() throws Exception {
    String lines = "{\"type\":\"FeatureCollection\",\"features\":["
        + feature("单线", "{\"type\":\"LineString\",\"coordinates\":[[120.1,36.1],[120.2,36.2]]}") + ","
        + feature("多线", "{\"type\":\"MultiLineString\",\"coordinates\":[[[120.1,36.1],[120.2,36.2]],[[120.3,36.3],[120.4,36.4],[120.5,36.3]]]}")
        + "]}";
    List<SourceRecord> l = TestFiles.readAll(ShapefileRecordReader.open(
        TestFiles.zipLayer(ogr(lines, "roads", "-lco", "ENCODING=UTF-8"), "roads", dir.resolve("roads.zip")), null));
    assertThat(l.get(0).geometry().getGeometryType()).isEqualTo("LineString");
    assertThat(l.get(1).geometry().getGeometryType()).isEqualTo("MultiLineString");
    assertThat(l.get(1).geometry().getNumPoints()).isEqualTo(5);

    String z = "{\"type\":\"FeatureCollection\",\"features\":["
        + feature("高点", "{\"type\":\"Point\",\"coordinates\":[120.1,36.1,55.5]}") + ","
        + feature("低点", "{\"type\":\"Point\",\"coordinates\":[120.2,36.2,-3]}") + "]}";
    Path zLayer = ogr(z, "peaks", "-lco", "ENCODING=UTF-8");
    assertThat(TestFiles.gdal("ogrinfo", "-ro", "-so", "-al", zLayer.resolve("peaks.shp").toString()))
        .contains("3D Point");
    List<SourceRecord> zr = TestFiles.readAll(ShapefileRecordReader.open(
        TestFiles.zipLayer(zLayer, "peaks", dir.resolve("peaks.zip")), null));
    Point p = (Point) zr.get(0).geometry();
    assertThat(p.getX()).isEqualTo(120.1);
    assertThat(p.getY()).isEqualTo(36.1);
    assertThat(p.getCoordinate().getZ()).as("Z is dropped").isNaN();

    String mp = "{\"type\":\"FeatureCollection\",\"features\":["
        + feature("多点", "{\"type\":\"MultiPoint\",\"coordinates\":[[120.1,36.1],[120.2,36.2],[120.3,36.3]]}") + "]}";
    List<SourceRecord> m = TestFiles.readAll(ShapefileRecordReader.open(
        TestFiles.zipLayer(ogr(mp, "mp", "-lco", "ENCODING=UTF-8"), "mp", dir.resolve("mp.zip")), null));
    assertThat(m.get(0).geometry().getGeometryType()).isEqualTo("MultiPoint");
    assertThat(m.get(0).geometry().getNumGeometries()).isEqualTo(3);
  }

  @Test
  void prjFilesOfTheKnownCrsAndAnUnknownOne() throws Exception {
    Map<String, String> expected = new LinkedHashMap<>();
    expected.put("EPSG:4490", "EPSG:4490");
    expected.put("EPSG:4549", "EPSG:4549");
    expected.put("EPSG:3857", "EPSG:3857");
    for (Map.Entry<String, String> e : expected.entrySet()) {
      String name = "crs" + e.getKey().substring(5);
      Path layer = ogr(POINTS, name, "-lco", "ENCODING=GBK", "-a_srs", e.getKey());
      try (ShapefileRecordReader r = ShapefileRecordReader.open(
          TestFiles.zipLayer(layer, name, dir.resolve(name + ".zip")), null)) {
        assertThat(r.declaredCrs()).as(Files.readString(layer.resolve(name + ".prj"))).isEqualTo(e.getValue());
      }
    }
    Path utm = ogr(POINTS, "utm", "-lco", "ENCODING=GBK", "-a_srs", "EPSG:32650");
    Path zip = TestFiles.zipLayer(utm, "utm", dir.resolve("utm.zip"));
    assertThatThrownBy(() -> ShapefileRecordReader.open(zip, null))
        .isInstanceOf(ImportFileException.class)
        .hasMessageStartingWith("unknown CRS in .prj: PROJCS[\"WGS_1984_UTM_Zone_50N\",GEOGCS[")
        .satisfies(e -> assertThat(e.getMessage()).hasSize("unknown CRS in .prj: ".length() + 80));
  }

  @Test
  void theWktOfEveryExportCrsIsRecognisedAsItsCode() {
    for (CoordinateSystem crs : CoordinateSystem.offered(CoordinateSystem.Use.EXPORT)) {
      String code = "EPSG:" + crs.srid(); // GCJ-02 files claim WGS84
      assertThat(PrjCrs.epsg(crs.esriWkt(), "in .prj")).as(crs.code()).isEqualTo(code);
      assertThat(PrjCrs.epsg(crs.ogcWkt(), "in the GeoPackage")).as(crs.code()).isEqualTo(code);
      String unnamed = crs.esriWkt().replaceFirst("^(PROJCS|GEOGCS)\\[\"[^\"]*\"", "$1[\"custom\"");
      if (!crs.isGeographic()) {
        // A 6-degree zone by central meridian (4502-4512) is the same projection as the 3-degree
        // zone with that meridian, which its parameters alone name.
        int srid = crs.srid() >= 4502 && crs.srid() <= 4512 ? 4534 + 2 * (crs.srid() - 4502) : crs.srid();
        assertThat(PrjCrs.epsg(unnamed, "in .prj")).as("%s by its parameters", crs.code()).isEqualTo("EPSG:" + srid);
      }
    }
  }

  @Test
  void prjRecognitionAcrossWktFlavours() throws Exception {
    for (String code : new String[] {"4326", "4490", "4549", "3857", "4528", "4491", "4502", "4513", "4534", "4554"}) {
      for (String flavour : new String[] {"wkt1", "wkt2", "wkt_esri"}) {
        String wkt = TestFiles.gdal("gdalsrsinfo", "-o", flavour, "EPSG:" + code);
        assertThat(PrjCrs.epsg(wkt, "in .prj")).as(flavour + " " + code + "\n" + wkt).isEqualTo("EPSG:" + code);
      }
    }
    // Without its name, CGCS2000 GK CM 120E is still recognised by its parameters.
    String esri = TestFiles.gdal("gdalsrsinfo", "-o", "wkt_esri", "EPSG:4549")
        .replace("CGCS2000_3_Degree_GK_CM_120E", "custom");
    assertThat(PrjCrs.epsg(esri, "in .prj")).isEqualTo("EPSG:4549");
    // Every CGCS2000 Gauss-Kruger zone is: CM 117E is EPSG:4548, zone 40 (easting prefixed 40) EPSG:4528.
    String cm117 = esri.replace("PARAMETER[\"Central_Meridian\",120.0]", "PARAMETER[\"Central_Meridian\",117.0]");
    assertThat(PrjCrs.epsg(cm117, "in .prj")).isEqualTo("EPSG:4548");
    String zone40 = esri.replace("PARAMETER[\"False_Easting\",500000.0]", "PARAMETER[\"False_Easting\",40500000.0]");
    assertThat(PrjCrs.epsg(zone40, "in .prj")).isEqualTo("EPSG:4528");
    String wrongMeridian = esri.replace("PARAMETER[\"Central_Meridian\",120.0]", "PARAMETER[\"Central_Meridian\",120.5]");
    assertThatThrownBy(() -> PrjCrs.epsg(wrongMeridian, "in .prj")).hasMessageStartingWith("unknown CRS in .prj: ");
    String wrongPrefix = esri.replace("PARAMETER[\"False_Easting\",500000.0]", "PARAMETER[\"False_Easting\",39500000.0]");
    assertThatThrownBy(() -> PrjCrs.epsg(wrongPrefix, "in .prj")).as("zone 39 is CM 117E, not 120E")
        .hasMessageStartingWith("unknown CRS in .prj: ");
    assertThat(PrjCrs.epsg("PROJCS[\"x\",GEOGCS[\"y\"],AUTHORITY[\"EPSG\",\"32650\"]]", "in .prj")).isEqualTo("EPSG:32650");
    assertThat(PrjCrs.epsg("  ", "in .prj")).isNull();
    assertThatThrownBy(() -> PrjCrs.epsg("GEOGCS[\"Xian 1980\",DATUM[\"Xian_1980\"]]", "in .prj"))
        .hasMessage("unknown CRS in .prj: GEOGCS[\"Xian 1980\",DATUM[\"Xian_1980\"]]");
    assertThatThrownBy(() -> PrjCrs.epsg("garbage", "in .prj")).hasMessage("unknown CRS in .prj: garbage");
  }

  @Test
  void brokenUploads() throws Exception {
    Path layer = ogr(POINTS, "facilities", "-lco", "ENCODING=GBK");
    Path whole = TestFiles.zipLayer(layer, "facilities", dir.resolve("whole.zip"));
    byte[] bytes = Files.readAllBytes(whole);
    Path cutZip = Files.write(dir.resolve("cut.zip"), Arrays.copyOf(bytes, bytes.length / 2));
    assertThatThrownBy(() -> ShapefileRecordReader.open(cutZip, null))
        .isInstanceOf(ImportFileException.class).hasMessageContaining("incomplete or damaged");

    assertThatThrownBy(() -> ShapefileRecordReader.open(layer.resolve("facilities.shp"), null))
        .isInstanceOf(ImportFileException.class).hasMessageStartingWith("this is a lone .shp file: upload a .zip");

    Path noDbf = TestFiles.zipLayer(layer, "facilities", dir.resolve("nodbf.zip"), "dbf");
    assertThatThrownBy(() -> ShapefileRecordReader.open(noDbf, null))
        .isInstanceOf(ImportFileException.class).hasMessageStartingWith("the zip has no .dbf for facilities.shp");

    Path dbfCut = copyLayer(layer, "facilities", "dbfcut");
    Path dbf = dbfCut.resolve("facilities.dbf");
    Files.write(dbf, Arrays.copyOf(Files.readAllBytes(dbf), (int) Files.size(dbf) - 300));
    assertThatThrownBy(() -> ShapefileRecordReader.open(TestFiles.zipLayer(dbfCut, "facilities", dir.resolve("d.zip")), null))
        .isInstanceOf(ImportFileException.class).hasMessageMatching("truncated \\.dbf at record \\d");

    Path evil = dir.resolve("evil.zip");
    Map<String, Path> entries = new LinkedHashMap<>();
    entries.put("facilities.shp", layer.resolve("facilities.shp"));
    entries.put("facilities.dbf", layer.resolve("facilities.dbf"));
    entries.put("../evil.txt", layer.resolve("facilities.cpg"));
    TestFiles.zip(evil, entries);
    assertThatThrownBy(() -> ShapefileRecordReader.open(evil, null))
        .isInstanceOf(ImportFileException.class).hasMessageContaining("'../evil.txt' points outside the zip");
  }

  @Test
  void aShpCutInTheMiddleNamesTheFeature() throws Exception {
    StringBuilder g = new StringBuilder("{\"type\":\"FeatureCollection\",\"features\":[");
    for (int i = 0; i < 50; i++) {
      g.append(i > 0 ? "," : "").append(feature("点" + i, "{\"type\":\"Point\",\"coordinates\":[" + (120 + i / 100.0) + ",36.1]}"));
    }
    Path layer = ogr(g.append("]}").toString(), "pts", "-lco", "ENCODING=UTF-8");
    Path cut = copyLayer(layer, "pts", "cut");
    Path shp = cut.resolve("pts.shp");
    // 100-byte header, then 28 bytes per point record: cut inside record 18
    Files.write(shp, Arrays.copyOf(Files.readAllBytes(shp), 100 + 28 * 17 + 10));

    Path withIndex = TestFiles.zipLayer(cut, "pts", dir.resolve("with-shx.zip"));
    assertThatThrownBy(() -> ShapefileRecordReader.open(withIndex, null))
        .as("with a .shx, before any record").isInstanceOf(ImportFileException.class)
        .hasMessage("truncated .shp at feature 18");

    Path withoutIndex = TestFiles.zipLayer(cut, "pts", dir.resolve("without-shx.zip"), "shx");
    try (ShapefileRecordReader r = ShapefileRecordReader.open(withoutIndex, null)) {
      for (int i = 1; i <= 17; i++) {
        assertThat(r.next()).get().satisfies(rec -> assertThat(rec.geometry()).isNotNull());
      }
      assertThatThrownBy(r::next).isInstanceOf(ImportFileException.class).hasMessage("truncated .shp at feature 18");
    }
  }

  @Test
  void deletedRecordsLogicalAndDateFieldsFromAHandWrittenDbf() throws Exception {
    Path layer = copyLayer(ogr(POINTS, "base", "-lco", "ENCODING=UTF-8"), "base", "hand");
    Charset gbk = Charset.forName("GBK");
    DbfWriter w = new DbfWriter(gbk, 0x4D);
    w.field("名称", 'C', 40, 0).field("开放", 'L', 1, 0).field("启用日期", 'D', 8, 0).field("人数", 'N', 10, 2);
    w.record(false, "八大关", "T", "20190501", "   1200.00");
    w.record(true, "已删除", "F", "20200101", "      1.00");
    w.record(false, "空值", "?", "        ", "**********");
    w.record(false, "否", "n", "20211231", "     12.50");
    Files.write(layer.resolve("base.dbf"), w.bytes());
    Files.delete(layer.resolve("base.cpg"));
    List<SourceRecord> rows = TestFiles.readAll(
        ShapefileRecordReader.open(TestFiles.zipLayer(layer, "base", dir.resolve("hand.zip")), null));
    assertThat(rows).extracting(SourceRecord::row).containsExactly(1L, 3L, 4L);
    assertThat(rows.get(0).attributes()).containsExactly(Map.entry("名称", "八大关"), Map.entry("开放", "true"),
        Map.entry("启用日期", "2019-05-01"), Map.entry("人数", "1200"));
    assertThat(rows.get(1).attributes()).containsOnly(Map.entry("名称", "空值"));
    assertThat(rows.get(1).problems()).singleElement()
        .satisfies(v -> assertThat(v.message()).contains("no geometry")); // GDAL wrote feature 3 as a null shape
    assertThat(rows.get(2).attributes()).containsEntry("开放", "false").containsEntry("人数", "12.5")
        .containsEntry("启用日期", "2021-12-31");
  }

  @Test
  void gbkEntryNamesAndStreamInput() throws Exception {
    Path layer = ogr(POINTS, "layer", "-lco", "ENCODING=GBK", "-a_srs", "EPSG:4490");
    Map<String, Path> entries = new LinkedHashMap<>();
    for (String ext : new String[] {"shp", "shx", "dbf", "prj", "cpg"}) {
      entries.put("应急避难场所/应急避难场所." + ext.toUpperCase(), layer.resolve("layer." + ext));
    }
    Path zip = TestFiles.zip(dir.resolve("cn.zip"), entries, Charset.forName("GBK"));
    try (ShapefileRecordReader r = ShapefileRecordReader.open(Files.newInputStream(zip), null)) {
      assertThat(r.layerName()).isEqualTo("应急避难场所");
      assertThat(r.declaredCrs()).isEqualTo("EPSG:4490");
      assertPoints(TestFiles.readAll(r));
    }
  }

  private static void assertPoints(List<SourceRecord> rows) {
    assertThat(rows).hasSize(4);
    assertThat(rows).extracting(SourceRecord::row).containsExactly(1L, 2L, 3L, 4L);
    SourceRecord a = rows.get(0);
    assertThat(a.attributes()).containsExactly(Map.entry("名称", "八大关应急避难场所"),
        Map.entry("地址", "青岛市市南区香港西路"), Map.entry("容纳人数", "1200"), Map.entry("面积", "12.5"),
        Map.entry("启用日期", "2019-05-01"));
    assertThat(a.geometry()).isInstanceOf(Point.class);
    assertThat(a.geometry().getCoordinate().x).isEqualTo(120.3512);
    assertThat(a.geometry().getCoordinate().y).isEqualTo(36.0543);
    assertThat(a.problems()).isEmpty();
    assertThat(rows.get(1).attributes()).containsEntry("容纳人数", "12").containsEntry("面积", "3000.25");
    SourceRecord nullShape = rows.get(2);
    assertThat(nullShape.geometry()).isNull();
    assertThat(nullShape.attributes()).containsOnly(Map.entry("名称", "无坐标站点"), Map.entry("容纳人数", "0"));
    assertThat(nullShape.problems()).singleElement().satisfies(v -> {
      assertThat(v.row()).isEqualTo(3L);
      assertThat(v.field()).isEqualTo("geometry");
      assertThat(v.message()).contains("no geometry");
    });
    assertThat(rows.get(3).geometry().getCoordinate().x).isEqualTo(120.4301);
  }

  static String feature(String name, String geometry) {
    return "{\"type\":\"Feature\",\"properties\":{\"名称\":\"" + name + "\"},\"geometry\":" + geometry + "}";
  }

  /** ogr2ogr the GeoJSON into dir/name/name.shp; returns the folder. */
  private Path ogr(String geojson, String name, String... options) throws Exception {
    Path src = Files.writeString(dir.resolve(name + ".geojson"), geojson);
    Path out = Files.createDirectories(dir.resolve(name));
    String[] cmd = new String[6 + options.length];
    System.arraycopy(new String[] {"ogr2ogr", "-f", "ESRI Shapefile", out.resolve(name + ".shp").toString(),
        src.toString(), "-nln"}, 0, cmd, 0, 6);
    System.arraycopy(options, 0, cmd, 6, options.length);
    String[] full = Arrays.copyOf(cmd, cmd.length + 1);
    System.arraycopy(full, 6, full, 7, options.length);
    full[6] = name;
    TestFiles.gdal(full);
    return out;
  }

  private Path copyLayer(Path layer, String name, String to) throws Exception {
    Path out = Files.createDirectories(dir.resolve(to));
    try (var files = Files.list(layer)) {
      for (Path p : files.toList()) {
        Files.copy(p, out.resolve(p.getFileName()));
      }
    }
    return out;
  }

  /** A minimal dBASE III writer, to make fields and flags GDAL will not write (L, deleted rows). */
  static final class DbfWriter {
    private final Charset charset;
    private final int languageDriver;
    private final ByteArrayOutputStream fields = new ByteArrayOutputStream();
    private final ByteArrayOutputStream records = new ByteArrayOutputStream();
    private final List<Integer> lengths = new java.util.ArrayList<>();
    private int count;

    DbfWriter(Charset charset, int languageDriver) {
      this.charset = charset;
      this.languageDriver = languageDriver;
    }

    DbfWriter field(String name, char type, int length, int decimals) {
      byte[] d = new byte[32];
      byte[] n = name.getBytes(charset);
      System.arraycopy(n, 0, d, 0, Math.min(10, n.length));
      d[11] = (byte) type;
      d[16] = (byte) length;
      d[17] = (byte) decimals;
      fields.writeBytes(d);
      lengths.add(length);
      return this;
    }

    void record(boolean deleted, String... values) {
      records.write(deleted ? '*' : ' ');
      for (int i = 0; i < values.length; i++) {
        byte[] v = Arrays.copyOf(values[i].getBytes(charset), lengths.get(i));
        for (int k = values[i].getBytes(charset).length; k < v.length; k++) {
          v[k] = ' ';
        }
        records.writeBytes(v);
      }
      count++;
    }

    byte[] bytes() {
      int recordLength = 1 + lengths.stream().mapToInt(Integer::intValue).sum();
      int headerLength = 32 + fields.size() + 1;
      ByteBuffer h = ByteBuffer.allocate(32).order(ByteOrder.LITTLE_ENDIAN);
      h.put(0, (byte) 3).putInt(4, count).putShort(8, (short) headerLength).putShort(10, (short) recordLength);
      h.put(29, (byte) languageDriver);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      out.writeBytes(h.array());
      out.writeBytes(fields.toByteArray());
      out.write(0x0D);
      out.writeBytes(records.toByteArray());
      out.write(0x1A);
      return out.toByteArray();
    }
  }

}
