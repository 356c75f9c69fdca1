package linli.registry.transfer.write;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import linli.registry.crs.CoordinateSystem;
import linli.registry.testing.Gdal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ShapefileWriterTest {
  @TempDir
  Path dir;

  static Map<String, byte[]> unzip(byte[] zip) throws IOException {
    Map<String, byte[]> out = new LinkedHashMap<>();
    try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
      for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
        out.put(e.getName(), in.readAllBytes());
      }
    }
    return out;
  }

  @Test
  void zipOfShpShxDbfPrjCpgThatGdalReads() throws Exception {
    byte[] zip = WriterRun.bytes(ExportFormat.SHAPEFILE, Samples.facilitiesSchema(CoordinateSystem.CGCS2000),
        Samples.facilities(CoordinateSystem.CGCS2000));
    Map<String, byte[]> files = unzip(zip);
    assertThat(files.keySet()).containsExactly("facilities.shp", "facilities.shx", "facilities.dbf", "facilities.prj",
        "facilities.cpg");
    assertThat(new String(files.get("facilities.cpg"), StandardCharsets.US_ASCII)).isEqualTo("UTF-8");
    assertThat(files.get("facilities.shp")).hasSize(100 + 2 * 28);
    assertThat(files.get("facilities.shx")).hasSize(100 + 2 * 8);

    Path file = java.nio.file.Files.write(dir.resolve("facilities.shp.zip"), zip);
    String source = "/vsizip/" + file + "/facilities.shp";
    Gdal.Summary s = Gdal.summary(source);
    assertThat(s.featureCount()).isEqualTo(2);
    assertThat(s.geometry()).isEqualTo("Point");
    assertThat(s.epsg()).isEqualTo(4490);
    assertThat(s.fieldTypes()).containsEntry("category", "String").containsEntry("name", "String")
        .containsEntry("capacity", "Integer").containsEntry("area_m2", "Real").containsEntry("comm_code", "String")
        .containsEntry("opened_on", "Date").containsEntry("updated_at", "String").containsEntry("updated_by", "String")
        .doesNotContainKey("community_code");
    assertThat(s.text()).as("text widths are in bytes: 9 Chinese characters are 27 bytes")
        .contains("name: String (27.0)");
    List<Gdal.Feature> f = Gdal.features(source);
    assertThat(f.get(0).get("name")).isEqualTo(Samples.NAME);
    assertThat(f.get(0).get("address")).isEqualTo(Samples.ADDRESS);
    assertThat(f.get(0).get("comm_code")).isEqualTo("370202001001");
    assertThat(f.get(0).get("opened_on")).isEqualTo("2021/06/01");
    assertThat(f.get(0).get("area_m2")).isEqualTo("1800.5");
    assertThat(f.get(0).get("updated_at")).isEqualTo("2024-05-01T02:20:30.5Z");
    assertThat(f.get(0).get("extra")).isEqualTo(Samples.EXTRA);
    assertThat(f.get(1).values()).as("missing numbers and dates read back as null")
        .doesNotContainKeys("capacity", "area_m2", "opened_on");
    double[] xy = Gdal.numbers(f.get(0).wkt());
    assertThat(xy[0]).isCloseTo(120.3168123, within(1e-12));
    assertThat(xy[1]).isCloseTo(36.0645456, within(1e-12));
  }

  @ParameterizedTest
  @MethodSource("linli.registry.transfer.write.Samples#exportCrss")
  void thePrjIsRecognisedAsItsEpsgCode(CoordinateSystem crs) throws Exception {
    byte[] zip = WriterRun.bytes(ExportFormat.SHAPEFILE, Samples.facilitiesSchema(crs), Samples.facilities(crs));
    Path file = java.nio.file.Files.write(dir.resolve("f.shp.zip"), zip);
    assertThat(Gdal.summary("/vsizip/" + file + "/facilities.shp").epsg()).isEqualTo(crs.srid());
    assertThat(linli.registry.transfer.read.PrjCrs.epsg(crs.esriWkt(), "in .prj"))
        .as("the project's own importer recognises it too").isEqualTo("EPSG:" + crs.srid());
  }

  @Test
  void polygonRingsAreClockwiseOutsideAndCounterClockwiseForHoles() throws Exception {
    byte[] zip = WriterRun.bytes(ExportFormat.SHAPEFILE, Samples.communitiesSchema(CoordinateSystem.CGCS2000),
        Samples.communities());
    Map<String, byte[]> files = unzip(zip);
    List<List<Double>> areas = ringAreas(files.get("communities.shp"));
    assertThat(areas).hasSize(2);
    assertThat(areas.get(0)).hasSize(2);
    assertThat(areas.get(0).get(0)).as("outer ring clockwise").isNegative();
    assertThat(areas.get(0).get(1)).as("hole counter-clockwise").isPositive();
    assertThat(areas.get(1)).hasSize(2).allSatisfy(a -> assertThat(a).as("two outer rings, clockwise").isNegative());

    Path file = java.nio.file.Files.write(dir.resolve("communities.shp.zip"), zip);
    String source = "/vsizip/" + file + "/communities.shp";
    Gdal.Summary s = Gdal.summary(source);
    assertThat(s.geometry()).isEqualTo("Polygon");
    assertThat(s.fieldTypes()).containsKeys("code", "strt_code", "strt_name", "dist_code", "dist_name", "population",
        "workers", "smart", "ref_lon", "ref_lat");
    assertThat(s.type("population")).isEqualTo("Integer");
    assertThat(s.type("ref_lon")).isEqualTo("Real");
    List<Gdal.Feature> f = Gdal.features(source);
    assertThat(f.get(0).get("dist_name")).isEqualTo("市南区");
    assertThat(s.type("smart")).startsWith("Integer");
    assertThat(f.get(0).get("smart")).isEqualTo("1");
    assertThat(f.get(1).get("smart")).isEqualTo("0");
    assertThat(f.get(0).get("ref_lon")).isEqualTo("120.305");
    assertThat(f.get(1).values()).doesNotContainKey("ref_lon");
    assertThat(f.get(0).wkt()).as("GDAL assembles the hole into its shell").startsWith("POLYGON ((").contains("),(");
    assertThat(f.get(1).wkt()).startsWith("MULTIPOLYGON (((");
  }

  /** Signed areas (positive: counter-clockwise) of each ring of each polygon record, read straight from the .shp. */
  private static List<List<Double>> ringAreas(byte[] shp) {
    ByteBuffer b = ByteBuffer.wrap(shp);
    List<List<Double>> out = new ArrayList<>();
    int at = 100;
    while (at < shp.length) {
      b.order(ByteOrder.BIG_ENDIAN);
      int words = b.getInt(at + 4);
      b.order(ByteOrder.LITTLE_ENDIAN);
      int c = at + 8;
      assertThat(b.getInt(c)).isEqualTo(5);
      int parts = b.getInt(c + 36);
      int points = b.getInt(c + 40);
      int[] starts = new int[parts + 1];
      for (int i = 0; i < parts; i++) {
        starts[i] = b.getInt(c + 44 + 4 * i);
      }
      starts[parts] = points;
      int p0 = c + 44 + 4 * parts;
      List<Double> areas = new ArrayList<>();
      for (int r = 0; r < parts; r++) {
        double sum = 0;
        for (int i = starts[r]; i < starts[r + 1] - 1; i++) {
          double x1 = b.getDouble(p0 + 16 * i);
          double y1 = b.getDouble(p0 + 16 * i + 8);
          double x2 = b.getDouble(p0 + 16 * (i + 1));
          double y2 = b.getDouble(p0 + 16 * (i + 1) + 8);
          sum += x1 * y2 - x2 * y1;
        }
        areas.add(sum / 2);
      }
      out.add(areas);
      at += 8 + 2 * words;
    }
    return out;
  }

  @Test
  void longTextIsCutAtACharacterBoundaryWithin254Bytes() throws Exception {
    String longName = "青".repeat(100); // 300 bytes
    var rows = List.of(Samples.row(1L, Samples.geometry("POINT (120.3 36.1)", 4490), "emergency_shelter", longName,
        null, null, null, "open", null, null, null, null, "manual", "x", "{}", 1L, Samples.UPDATED, "system"));
    byte[] zip = WriterRun.bytes(ExportFormat.SHAPEFILE, Samples.facilitiesSchema(CoordinateSystem.CGCS2000), rows);
    Path file = java.nio.file.Files.write(dir.resolve("long.shp.zip"), zip);
    String source = "/vsizip/" + file + "/facilities.shp";
    assertThat(Gdal.summary(source).text()).contains("name: String (252.0)");
    assertThat(Gdal.features(source).get(0).get("name")).isEqualTo("青".repeat(84));
  }

  @Test
  void anEmptyLayerIsAValidShapefile() throws Exception {
    byte[] zip = WriterRun.bytes(ExportFormat.SHAPEFILE, Samples.communitiesSchema(CoordinateSystem.WEB_MERCATOR), List.of());
    Path file = java.nio.file.Files.write(dir.resolve("empty.shp.zip"), zip);
    Gdal.Summary s = Gdal.summary("/vsizip/" + file + "/communities.shp");
    assertThat(s.featureCount()).isZero();
    assertThat(s.epsg()).isEqualTo(3857);
  }
}
