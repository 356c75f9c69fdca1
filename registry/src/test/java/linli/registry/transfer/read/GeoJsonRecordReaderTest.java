package linli.registry.transfer.read;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedWriter;
import java.io.ByteArrayInputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import linli.registry.transfer.ImportFileException;
import linli.registry.transfer.SourceRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.io.WKTReader;

class GeoJsonRecordReaderTest {
  @TempDir
  Path dir;

  @Test
  void propertiesBecomeTextAndEveryGeometryTypeConverts() throws Exception {
    String json = """
        {"type":"FeatureCollection","name":"设施",
         "features":[
          {"type":"Feature","id":7,"properties":{"名称":"八大关\\"站\\"\\u00e9\\ud83d\\ude00","容纳人数":12.0,"面积":12.50,
             "大数":1e3,"开放":true,"关闭":false,"空":null,"空串":"","标签":["a",1,{"b":null}],"信息":{"层":2,"名":"x\\ny"}},
           "geometry":{"type":"Point","coordinates":[120.3512,36.0543,10.0]}},
          {"type":"Feature","properties":{},"geometry":{"type":"MultiPoint","coordinates":[[120,36],[121,37]]}},
          {"type":"Feature","properties":null,"geometry":{"type":"LineString","coordinates":[[120,36],[121,37]]}},
          {"type":"Feature","properties":{"a":1},"geometry":{"type":"MultiLineString","coordinates":[[[120,36],[121,37]],[[122,38],[123,39]]]}},
          {"type":"Feature","properties":{"a":2},"geometry":{"type":"Polygon","coordinates":[
             [[120,36],[120.1,36],[120.1,36.1],[120,36.1],[120,36]],[[120.02,36.02],[120.02,36.05],[120.05,36.05],[120.02,36.02]]]}},
          {"type":"Feature","properties":{"a":3},"geometry":{"type":"MultiPolygon","coordinates":[
             [[[120,36],[120.1,36],[120.1,36.1],[120,36]]],[[[121,36],[121.1,36],[121.1,36.1],[121,36]]]]}},
          {"type":"Feature","properties":{"a":4},"geometry":{"type":"GeometryCollection","geometries":[
             {"type":"Point","coordinates":[120,36]},{"type":"LineString","coordinates":[[120,36],[121,37]]}]}},
          {"type":"Feature","properties":{"a":5},"geometry":null},
          {"type":"Feature","properties":{"a":6},"geometry":{"type":"Point","coordinates":["x",1]}},
          {"type":"Feature","properties":{"a":7},"geometry":{"type":"Point","coordinates":[]}}
         ]}
        """;
    Path file = Files.writeString(dir.resolve("all.geojson"), json);
    List<SourceRecord> rows;
    try (GeoJsonRecordReader reader = new GeoJsonRecordReader(file, null)) {
      assertThat(reader.declaredCrs()).isNull();
      assertThat(reader.encoding()).isEqualTo("UTF-8");
      rows = TestFiles.readAll(reader);
    }
    assertThat(rows).hasSize(10);
    assertThat(rows).extracting(SourceRecord::row).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L);
    SourceRecord a = rows.get(0);
    assertThat(a.attributes()).containsExactly(
        Map.entry("名称", "八大关\"站\"é😀"), Map.entry("容纳人数", "12"), Map.entry("面积", "12.5"),
        Map.entry("大数", "1000"), Map.entry("开放", "true"), Map.entry("关闭", "false"),
        Map.entry("标签", "[\"a\",1,{\"b\":null}]"), Map.entry("信息", "{\"层\":2,\"名\":\"x\\ny\"}"));
    assertThat(a.geometry().getCoordinate().x).isEqualTo(120.3512);
    assertThat(a.geometry().getCoordinate().getZ()).isNaN();
    assertThat(a.problems()).isEmpty();
    assertThat(rows.get(1).geometry().getGeometryType()).isEqualTo("MultiPoint");
    assertThat(rows.get(2).geometry().getGeometryType()).isEqualTo("LineString");
    assertThat(rows.get(2).attributes()).isEmpty();
    assertThat(rows.get(3).geometry().getGeometryType()).isEqualTo("MultiLineString");
    Geometry polygon = rows.get(4).geometry();
    assertThat(polygon).isInstanceOf(Polygon.class);
    assertThat(((Polygon) polygon).getNumInteriorRing()).isEqualTo(1);
    assertThat(polygon.equalsExact(new WKTReader().read("POLYGON ((120 36, 120.1 36, 120.1 36.1, 120 36.1, 120 36),"
        + " (120.02 36.02, 120.02 36.05, 120.05 36.05, 120.02 36.02))"))).isTrue();
    assertThat(rows.get(5).geometry().getGeometryType()).isEqualTo("MultiPolygon");
    assertThat(rows.get(6).geometry().getGeometryType()).isEqualTo("GeometryCollection");
    assertThat(rows.get(7).geometry()).isNull();
    assertThat(rows.get(7).problems()).singleElement().satisfies(v -> {
      assertThat(v.row()).isEqualTo(8L);
      assertThat(v.field()).isEqualTo("geometry");
      assertThat(v.message()).isEqualTo("the feature has no geometry");
    });
    assertThat(rows.get(8).problems()).singleElement()
        .satisfies(v -> assertThat(v.message()).contains("a position must be [x, y] numbers"));
    assertThat(rows.get(9).problems()).singleElement()
        .satisfies(v -> assertThat(v.message()).contains("empty"));
  }

  @Test
  void bareFeatureAndBareGeometry() throws Exception {
    Path feature = Files.writeString(dir.resolve("f.json"),
        "{\"properties\":{\"名称\":\"甲\"},\"geometry\":{\"type\":\"Point\",\"coordinates\":[120,36]},\"type\":\"Feature\"}");
    List<SourceRecord> f = TestFiles.readAll(new GeoJsonRecordReader(feature, null));
    assertThat(f).singleElement().satisfies(r -> {
      assertThat(r.row()).isEqualTo(1);
      assertThat(r.attributes()).containsExactly(Map.entry("名称", "甲"));
      assertThat(r.geometry().toText()).isEqualTo("POINT (120 36)");
    });
    Path geometry = Files.writeString(dir.resolve("g.json"), " \n{\"type\":\"LineString\",\"coordinates\":[[120,36],[121,37]]}\n");
    assertThat(TestFiles.readAll(new GeoJsonRecordReader(geometry, null))).singleElement()
        .satisfies(r -> assertThat(r.geometry().getGeometryType()).isEqualTo("LineString"));
    Path empty = Files.writeString(dir.resolve("e.json"), "{\"type\":\"FeatureCollection\",\"features\":[]}");
    assertThat(TestFiles.readAll(new GeoJsonRecordReader(empty, null))).isEmpty();
  }

  @Test
  void crsMembers() throws Exception {
    String body = ",\"features\":[{\"type\":\"Feature\",\"properties\":{},\"geometry\":{\"type\":\"Point\",\"coordinates\":[500000,4000000]}}]";
    assertThat(crs("{\"type\":\"FeatureCollection\",\"crs\":{\"type\":\"name\",\"properties\":{\"name\":\"urn:ogc:def:crs:EPSG::4549\"}}" + body + "}"))
        .isEqualTo("EPSG:4549");
    assertThat(crs("{\"type\":\"FeatureCollection\",\"crs\":{\"type\":\"name\",\"properties\":{\"name\":\"EPSG:4490\"}}" + body + "}"))
        .isEqualTo("EPSG:4490");
    assertThat(crs("{\"type\":\"FeatureCollection\",\"crs\":{\"type\":\"EPSG\",\"properties\":{\"code\":3857}}" + body + "}"))
        .isEqualTo("EPSG:3857");
    assertThat(crs("{\"type\":\"FeatureCollection\",\"crs\":{\"type\":\"name\",\"properties\":{\"name\":\"urn:ogc:def:crs:OGC:1.3:CRS84\"}}" + body + "}"))
        .isNull();
    assertThatThrownBy(() -> crs("{\"crs\":{\"type\":\"name\",\"properties\":{\"name\":\"Xian 1980\"}}" + body + "}"))
        .isInstanceOf(ImportFileException.class).hasMessageStartingWith("unknown CRS in the GeoJSON \"crs\" member: ");
    assertThatThrownBy(() -> crs("{\"crs\":{\"type\":\"EPSG\",\"properties\":{\"code\":99999999999}}" + body + "}"))
        .isInstanceOf(ImportFileException.class)
        .hasMessage("unknown CRS in the GeoJSON \"crs\" member: {\"type\":\"EPSG\",\"properties\":{\"code\":99999999999}}");
    // A code too long for an int is an unknown CRS too, named as such (it used to escape as a NumberFormatException).
    for (String name : List.of("urn:ogc:def:crs:EPSG::99999999999", "EPSG:99999999999",
        "http://www.opengis.net/def/crs/EPSG/0/99999999999")) {
      assertThatThrownBy(() -> crs("{\"crs\":{\"type\":\"name\",\"properties\":{\"name\":\"" + name + "\"}}" + body + "}"))
          .isInstanceOf(ImportFileException.class).hasMessageStartingWith("unknown CRS in the GeoJSON \"crs\" member: ");
    }
    Path late = Files.writeString(dir.resolve("late.json"), "{\"type\":\"FeatureCollection\"" + body
        + ",\"crs\":{\"type\":\"name\",\"properties\":{\"name\":\"EPSG:4549\"}}}");
    assertThatThrownBy(() -> TestFiles.readAll(new GeoJsonRecordReader(late, null)))
        .isInstanceOf(ImportFileException.class).hasMessageContaining("move the \"crs\" member before \"features\"");
  }

  @Test
  void gdalsOldStyleGeoJsonDeclaresItsCrs() throws Exception {
    Path src = Files.writeString(dir.resolve("in.geojson"), ShapefileRecordReaderTest.POINTS);
    Path out = dir.resolve("gdal.geojson");
    TestFiles.gdal("ogr2ogr", "-f", "GeoJSON", out.toString(), src.toString(), "-a_srs", "EPSG:4490");
    try (GeoJsonRecordReader reader = new GeoJsonRecordReader(out, null)) {
      assertThat(reader.declaredCrs()).isEqualTo("EPSG:4490");
      List<SourceRecord> rows = TestFiles.readAll(reader);
      assertThat(rows).hasSize((int) TestFiles.ogrCount(out));
      assertThat(rows.get(0).attributes()).containsEntry("名称", "八大关应急避难场所").containsEntry("容纳人数", "1200")
          .containsEntry("启用日期", "2019-05-01");
      assertThat(rows.get(0).geometry().getSRID()).isEqualTo(4490);
    }
  }

  @Test
  void gbkGeoJsonIsDetected() throws Exception {
    byte[] gbk = ShapefileRecordReaderTest.POINTS.getBytes(Charset.forName("GBK"));
    try (GeoJsonRecordReader reader = new GeoJsonRecordReader(new ByteArrayInputStream(gbk), null)) {
      assertThat(reader.encoding()).isEqualTo("GB18030");
      assertThat(reader.next()).get().satisfies(r -> assertThat(r.attributes()).containsEntry("名称", "八大关应急避难场所"));
    }
    byte[] bom = ("\uFEFF" + ShapefileRecordReaderTest.POINTS).getBytes(StandardCharsets.UTF_8);
    assertThat(TestFiles.readAll(new GeoJsonRecordReader(new ByteArrayInputStream(bom), null))).hasSize(4);
  }

  @Test
  void malformedJsonNamesLineAndColumn() throws Exception {
    Path bad = Files.writeString(dir.resolve("bad.json"),
        "{\"type\":\"FeatureCollection\",\"features\":[\n{\"type\":\"Feature\",\"properties\":{\"a\":1,}}]}");
    assertThatThrownBy(() -> TestFiles.readAll(new GeoJsonRecordReader(bad, null)))
        .isInstanceOf(ImportFileException.class).hasMessageStartingWith("the GeoJSON is malformed at line 2, column 39: ")
        .hasMessageContaining("Unexpected character ('}'");
    Path cut = Files.writeString(dir.resolve("cut.json"),
        "{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\",\"properties\":{},\"geometry\":null},{\"type\":\"Fea");
    assertThatThrownBy(() -> TestFiles.readAll(new GeoJsonRecordReader(cut, null)))
        .isInstanceOf(ImportFileException.class).hasMessage("the GeoJSON is malformed at line 1, column 104:"
            + " Unexpected end-of-input: was expecting closing quote for a string value");
    Path array = Files.writeString(dir.resolve("array.json"), "[1,2]");
    assertThatThrownBy(() -> new GeoJsonRecordReader(array, null)).hasMessageContaining("does not start with a JSON object");
    Path csv = Files.writeString(dir.resolve("csv.json"), "名称,经度,纬度\n甲,120,36\n");
    assertThatThrownBy(() -> new GeoJsonRecordReader(csv, null))
        .hasMessage("not GeoJSON: the file does not start with a JSON object");
    Path blank = Files.writeString(dir.resolve("blank.json"), " \n\t");
    assertThatThrownBy(() -> new GeoJsonRecordReader(blank, null)).hasMessage("the file is empty");
    Path untyped = Files.writeString(dir.resolve("untyped.json"), "{\"name\":\"x\"}");
    assertThatThrownBy(() -> new GeoJsonRecordReader(untyped, null))
        .hasMessage("not GeoJSON: the top-level object has no \"type\"");
    Path trailing = Files.writeString(dir.resolve("trailing.json"), "{\"type\":\"FeatureCollection\",\"features\":[]}\n]");
    assertThatThrownBy(() -> TestFiles.readAll(new GeoJsonRecordReader(trailing, null)))
        .hasMessage("the GeoJSON is malformed at line 2, column 1: unexpected text after the end of the GeoJSON object");
    Path topo = Files.writeString(dir.resolve("topo.json"), "{\"type\":\"Topology\",\"objects\":{}}");
    assertThatThrownBy(() -> new GeoJsonRecordReader(topo, null)).hasMessageContaining("TopoJSON");
    Path deep = Files.writeString(dir.resolve("deep.json"), "{\"type\":\"Feature\",\"properties\":" + "[".repeat(5000));
    assertThatThrownBy(() -> new GeoJsonRecordReader(deep, null))
        .hasMessageStartingWith("the GeoJSON is malformed at line 1, column ")
        .hasMessageEndingWith(": Document nesting depth (257) exceeds the maximum allowed (256)");
  }

  @Test
  void numbersKeepEveryDigit() throws Exception {
    Path file = Files.writeString(dir.resolve("numbers.json"), """
        {"type":"Feature","properties":{"经度":120.31681234567,"编码":370202001001002003,
          "大整数":123456789012345678901234567890,"面积":12.50,"负":-0.000125,
          "嵌套":{"x":120.31681234567,"big":123456789012345678901234567890,"z":12.50,"e":1e3}},
         "geometry":{"type":"Point","coordinates":[120.31681234567,36.06712345678901]}}
        """);
    SourceRecord r = TestFiles.readAll(new GeoJsonRecordReader(file, null)).get(0);
    assertThat(r.attributes()).containsExactly(Map.entry("经度", "120.31681234567"),
        Map.entry("编码", "370202001001002003"), Map.entry("大整数", "123456789012345678901234567890"),
        Map.entry("面积", "12.5"), Map.entry("负", "-0.000125"),
        // Nested values are their JSON: every digit and trailing zero kept; an exponent in Java's spelling.
        Map.entry("嵌套", "{\"x\":120.31681234567,\"big\":123456789012345678901234567890,\"z\":12.50,\"e\":1E+3}"));
    assertThat(r.geometry().getCoordinate().x).isEqualTo(120.31681234567);
    assertThat(r.geometry().getCoordinate().y).isEqualTo(36.06712345678901);
  }

  @Test
  void aRepeatedKeyKeepsItsFirstPlaceAndLastValue() throws Exception {
    Path file = Files.writeString(dir.resolve("dup.json"), """
        {"type":"FeatureCollection","features":[{"type":"Feature","properties":{"a":"1","b":"2","a":"3"},
          "geometry":{"type":"Point","coordinates":[1,1]},"geometry":{"type":"Point","coordinates":[120,36]}}]}
        """);
    SourceRecord r = TestFiles.readAll(new GeoJsonRecordReader(file, null)).get(0);
    assertThat(r.attributes()).containsExactly(Map.entry("a", "3"), Map.entry("b", "2"));
    assertThat(r.geometry().toText()).isEqualTo("POINT (120 36)");
  }

  @Test
  void aFeatureThatIsNotOneIsARowProblemNotAFileError() throws Exception {
    Path file = Files.writeString(dir.resolve("odd.json"), """
        {"type":"FeatureCollection","features":[
          1,
          {"type":"Feature","properties":["a"],"geometry":{"type":"Point","coordinates":[120,36]}},
          {"type":"Point","coordinates":[120,36]},
          {"type":7,"properties":{"a":"x"},"geometry":{"type":"Point","coordinates":[120,36]}},
          {"type":"Feature","properties":{"a":"y"},"geometry":{"type":"Circle","coordinates":[120,36]}},
          {"type":"Feature","properties":{"a":"z"},"geometry":{"type":"Point","coordinates":[1e400,36]}}
        ]}
        """);
    List<SourceRecord> rows = TestFiles.readAll(new GeoJsonRecordReader(file, null));
    assertThat(rows).extracting(SourceRecord::row).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
    assertThat(rows).flatExtracting(SourceRecord::problems)
        .extracting(v -> v.row() + " " + v.field() + ": " + v.message())
        .containsExactly(
            "1 null: the feature is not a JSON object",
            "2 null: the feature's \"properties\" is not an object",
            "3 null: expected a Feature but found the type \"Point\"",
            "3 geometry: the feature has no geometry",
            "4 null: expected a Feature but found the type \"7\"",
            "5 geometry: the geometry cannot be read: unknown geometry type \"Circle\"",
            "6 geometry: the geometry cannot be read: a position is out of range");
    assertThat(rows.get(1).geometry().toText()).isEqualTo("POINT (120 36)");
    assertThat(rows.get(3).attributes()).containsExactly(Map.entry("a", "x"));
  }

  @Test
  void featuresOneAfterAnotherWithoutACollectionAreRefused() throws Exception {
    // GeoJSON text sequences / newline-delimited features were never read: the first object is the whole file.
    String feature = "{\"type\":\"Feature\",\"properties\":{},\"geometry\":{\"type\":\"Point\",\"coordinates\":[120,36]}}";
    Path file = Files.writeString(dir.resolve("seq.json"), feature + "\n" + feature + "\n");
    assertThatThrownBy(() -> new GeoJsonRecordReader(file, null)).isInstanceOf(ImportFileException.class)
        .hasMessage("the GeoJSON is malformed at line 2, column 1: unexpected text after the end of the GeoJSON object");
    Path noFeatures = Files.writeString(dir.resolve("none.json"), "{\"type\":\"FeatureCollection\",\"name\":\"空\"}");
    assertThat(TestFiles.readAll(new GeoJsonRecordReader(noFeatures, null))).isEmpty();
  }

  @Test
  void aLargeFileIsStreamed() throws Exception {
    Path file = dir.resolve("large.geojson");
    int n = 200_000;
    try (BufferedWriter w = Files.newBufferedWriter(file)) {
      w.write("{\"type\":\"FeatureCollection\",\"features\":[\n");
      for (int i = 1; i <= n; i++) {
        w.write("{\"type\":\"Feature\",\"properties\":{\"名称\":\"社区服务站" + i + "\",\"地址\":\"青岛市某区某路" + i
            + "号\",\"容纳人数\":" + (i % 500) + "},\"geometry\":{\"type\":\"Point\",\"coordinates\":["
            + (120 + i * 1e-6) + "," + (36 + i * 1e-6) + "]}}" + (i < n ? ",\n" : "\n"));
      }
      w.write("]}\n");
    }
    assertThat(Files.size(file)).isGreaterThan(30L * 1024 * 1024);
    // The first three features come without reading the rest of the file.
    long start = System.nanoTime();
    try (GeoJsonRecordReader reader = new GeoJsonRecordReader(file, null)) {
      for (int i = 1; i <= 3; i++) {
        SourceRecord r = reader.next().orElseThrow();
        assertThat(r.row()).isEqualTo(i);
        assertThat(r.attributes()).containsEntry("名称", "社区服务站" + i);
      }
    }
    assertThat((System.nanoTime() - start) / 1_000_000).as("ms for 3 features").isLessThan(2_000);
    // All of them in a 32 MiB JVM, from a file larger than that heap.
    assertThat(TestFiles.countInSmallHeap(file, "geojson", 32)).isEqualTo(n);
  }

  private String crs(String json) throws Exception {
    Path file = Files.writeString(dir.resolve("crs.json"), json);
    try (GeoJsonRecordReader reader = new GeoJsonRecordReader(file, null)) {
      String crs = reader.declaredCrs();
      assertThat(TestFiles.readAll(reader)).hasSize(1);
      return crs;
    }
  }
}
