package linli.registry.transfer.read;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import linli.registry.transfer.ImportFileException;
import linli.registry.transfer.SourceRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.Polygon;

/** GeoPackages written by GDAL's ogr2ogr from GeoJSON this test writes, read back through NGA. */
class GeoPackageRecordReaderTest {
  @TempDir
  Path dir;

  @Test
  void readsAttributesGeometryAndCrs() throws Exception {
    Path gpkg = dir.resolve("facilities.gpkg");
    Path src = Files.writeString(dir.resolve("in.geojson"), ShapefileRecordReaderTest.POINTS);
    TestFiles.gdal("ogr2ogr", "-f", "GPKG", gpkg.toString(), src.toString(), "-nln", "应急避难场所", "-a_srs", "EPSG:4490");
    List<SourceRecord> rows;
    try (GeoPackageRecordReader reader = new GeoPackageRecordReader(gpkg, null)) {
      assertThat(reader.table()).isEqualTo("应急避难场所");
      assertThat(reader.declaredCrs()).isEqualTo("EPSG:4490");
      rows = TestFiles.readAll(reader);
    }
    assertThat(rows).hasSize((int) TestFiles.ogrCount(gpkg)).hasSize(4);
    assertThat(rows).extracting(SourceRecord::row).containsExactly(1L, 2L, 3L, 4L);
    SourceRecord a = rows.get(0);
    assertThat(a.attributes()).as("the fid is not an attribute").containsExactly(
        Map.entry("名称", "八大关应急避难场所"), Map.entry("地址", "青岛市市南区香港西路"),
        Map.entry("容纳人数", "1200"), Map.entry("面积", "12.5"), Map.entry("启用日期", "2019-05-01"));
    assertThat(a.geometry()).isInstanceOf(Point.class);
    assertThat(a.geometry().getCoordinate().x).isEqualTo(120.3512);
    assertThat(a.geometry().getCoordinate().y).isEqualTo(36.0543);
    assertThat(a.geometry().getSRID()).isEqualTo(4490);
    assertThat(rows.get(1).attributes()).containsEntry("容纳人数", "12").containsEntry("面积", "3000.25");
    assertThat(rows.get(2).geometry()).isNull();
    assertThat(rows.get(2).problems()).singleElement()
        .satisfies(v -> assertThat(v.message()).isEqualTo("the feature has no geometry"));
    assertThat(rows.get(2).attributes()).containsOnly(Map.entry("名称", "无坐标站点"), Map.entry("容纳人数", "0"));
  }

  @Test
  void projectedPolygonsAndANamedTable() throws Exception {
    Path gpkg = dir.resolve("two.gpkg");
    Path pts = Files.writeString(dir.resolve("pts.geojson"), ShapefileRecordReaderTest.POINTS);
    TestFiles.gdal("ogr2ogr", "-f", "GPKG", gpkg.toString(), pts.toString(), "-nln", "first");
    String polygon = "{\"type\":\"FeatureCollection\",\"features\":[" + ShapefileRecordReaderTest.feature("公园",
        "{\"type\":\"Polygon\",\"coordinates\":[[[500000,4000000],[500100,4000000],[500100,4000100],[500000,4000100],[500000,4000000]],"
            + "[[500020,4000020],[500020,4000040],[500040,4000040],[500040,4000020],[500020,4000020]]]}") + "]}";
    Path poly = Files.writeString(dir.resolve("poly.geojson"), polygon);
    TestFiles.gdal("ogr2ogr", "-f", "GPKG", "-update", gpkg.toString(), poly.toString(), "-nln", "parks",
        "-a_srs", "EPSG:4549");
    try (GeoPackageRecordReader reader = new GeoPackageRecordReader(gpkg, "parks")) {
      assertThat(reader.declaredCrs()).isEqualTo("EPSG:4549");
      List<SourceRecord> rows = TestFiles.readAll(reader);
      assertThat(rows).hasSize(1);
      Polygon p = (Polygon) rows.get(0).geometry();
      assertThat(p.getNumInteriorRing()).isEqualTo(1);
      assertThat(p.getArea()).isCloseTo(100 * 100 - 20 * 20, within(1e-6));
    }
    try (GeoPackageRecordReader reader = new GeoPackageRecordReader(gpkg, null)) {
      assertThat(reader.table()).isEqualTo("first");
      assertThat(reader.declaredCrs()).isEqualTo("EPSG:4326");
    }
    assertThatThrownBy(() -> new GeoPackageRecordReader(gpkg, "roads"))
        .isInstanceOf(ImportFileException.class)
        .hasMessage("the GeoPackage has no feature table named 'roads' (it has: first, parks)");
  }

  @Test
  void zIsDropped() throws Exception {
    Path gpkg = dir.resolve("z.gpkg");
    Path src = Files.writeString(dir.resolve("z.geojson"), "{\"type\":\"FeatureCollection\",\"features\":["
        + ShapefileRecordReaderTest.feature("线", "{\"type\":\"LineString\",\"coordinates\":[[120,36,5],[121,37,6]]}")
        + "]}");
    TestFiles.gdal("ogr2ogr", "-f", "GPKG", gpkg.toString(), src.toString());
    assertThat(TestFiles.gdal("ogrinfo", "-ro", "-so", "-al", gpkg.toString())).contains("3D Line String");
    SourceRecord r = TestFiles.readAll(new GeoPackageRecordReader(gpkg, null)).get(0);
    assertThat(r.geometry().toText()).isEqualTo("LINESTRING (120 36, 121 37)");
    assertThat(r.geometry().getCoordinates()).allSatisfy(c -> assertThat(c.getZ()).isNaN());
  }

  @Test
  void anEmptyTableHasNoRecords() throws Exception {
    Path gpkg = dir.resolve("empty.gpkg");
    Path src = Files.writeString(dir.resolve("in.geojson"), ShapefileRecordReaderTest.POINTS);
    TestFiles.gdal("ogr2ogr", "-f", "GPKG", gpkg.toString(), src.toString(), "-nln", "empty", "-where", "0 = 1");
    assertThat(TestFiles.ogrCount(gpkg)).isZero();
    try (GeoPackageRecordReader reader = new GeoPackageRecordReader(gpkg, null)) {
      assertThat(reader.next()).isEmpty();
      assertThat(reader.next()).isEmpty();
    }
  }

  @Test
  void somethingElseIsAFileError() throws Exception {
    Path notGpkg = Files.writeString(dir.resolve("x.gpkg"), "名称,地址\n");
    assertThatThrownBy(() -> new GeoPackageRecordReader(notGpkg, null)).isInstanceOf(ImportFileException.class);
  }
}
