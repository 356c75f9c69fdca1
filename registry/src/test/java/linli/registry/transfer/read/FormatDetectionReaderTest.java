package linli.registry.transfer.read;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.OutputStream;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import linli.registry.transfer.ImportFileException;
import linli.registry.transfer.RecordReader;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link RecordReaders#open}: the format from the content, not from the (often lost) file name. */
class FormatDetectionReaderTest {
  @TempDir
  Path dir;

  @Test
  void detectsEachFormatFromItsBytes() throws Exception {
    Path csv = Files.write(dir.resolve("upload1.bin"), "名称,地址\n甲,乙\n".getBytes(Charset.forName("GBK")));
    assertOpens(csv, CsvRecordReader.class, "csv");

    Path geojson = Files.writeString(dir.resolve("upload2.bin"), "\uFEFF \n" + ShapefileRecordReaderTest.POINTS);
    assertOpens(geojson, GeoJsonRecordReader.class, "geojson");

    Path xlsx = dir.resolve("upload3.bin");
    try (XSSFWorkbook wb = new XSSFWorkbook(); OutputStream out = Files.newOutputStream(xlsx)) {
      var s = wb.createSheet();
      s.createRow(0).createCell(0).setCellValue("名称");
      s.createRow(1).createCell(0).setCellValue("甲");
      wb.write(out);
    }
    assertOpens(xlsx, XlsxRecordReader.class, "xlsx");

    Path src = Files.writeString(dir.resolve("in.geojson"), ShapefileRecordReaderTest.POINTS);
    Path layer = Files.createDirectories(dir.resolve("layer"));
    TestFiles.gdal("ogr2ogr", "-f", "ESRI Shapefile", layer.resolve("f.shp").toString(), src.toString(),
        "-lco", "ENCODING=GBK", "-a_srs", "EPSG:4326");
    Path shp = TestFiles.zipLayer(layer, "f", dir.resolve("upload4.bin"));
    assertOpens(shp, ShapefileRecordReader.class, "shp");

    Path gpkg = dir.resolve("upload5.bin");
    TestFiles.gdal("ogr2ogr", "-f", "GPKG", gpkg.toString() + ".gpkg", src.toString());
    Files.move(Path.of(gpkg + ".gpkg"), gpkg);
    assertOpens(gpkg, GeoPackageRecordReader.class, "gpkg");

    try (RecordReader r = RecordReaders.open(shp, null, null)) {
      assertThat(r.declaredCrs()).isEqualTo("EPSG:4326");
      assertThat(r.next()).get().satisfies(rec -> assertThat(rec.attributes()).containsEntry("名称", "八大关应急避难场所"));
    }
  }

  @Test
  void explicitFormatsAndAliases() throws Exception {
    Path json = Files.writeString(dir.resolve("x.txt"), "{\"type\":\"Point\",\"coordinates\":[1,2]}");
    Path braces = Files.writeString(dir.resolve("y.geojson"), "{名称},地址\n甲,乙\n");
    try (RecordReader r = RecordReaders.open(braces, "csv", null)) {
      assertThat(r).isInstanceOf(CsvRecordReader.class); // the user's choice wins over the content
      assertThat(r.next()).get().satisfies(rec -> assertThat(rec.attributes()).containsEntry("{名称}", "甲"));
    }
    assertThatThrownBy(() -> RecordReaders.open(json, "csv", null).next())
        .isInstanceOf(ImportFileException.class).hasMessageStartingWith("the CSV is malformed near line 1 (check its quotes)");
    try (RecordReader r = RecordReaders.open(json, "GeoJSON", null)) {
      assertThat(r).isInstanceOf(GeoJsonRecordReader.class);
    }
    assertThat(RecordReaders.canonical(".JSON")).isEqualTo("geojson");
    assertThat(RecordReaders.canonical("Shapefile")).isEqualTo("shp");
    assertThat(RecordReaders.canonical("geopackage")).isEqualTo("gpkg");
    assertThat(RecordReaders.canonical("PBF")).isEqualTo("osm.pbf");
    assertThatThrownBy(() -> RecordReaders.open(json, "kml", null))
        .isInstanceOf(ImportFileException.class)
        .hasMessage("unknown file format 'kml': use csv, xlsx, geojson, shp (a zipped Shapefile), gpkg or osm.pbf"
            + " (OpenStreetMap roads)");
  }

  @Test
  void unreadableUploadsSaySo() throws Exception {
    Path empty = Files.write(dir.resolve("empty"), new byte[0]);
    assertThatThrownBy(() -> RecordReaders.open(empty, null, null)).hasMessage("the file is empty");
    Path xls = Files.write(dir.resolve("old.xls"),
        new byte[] {(byte) 0xD0, (byte) 0xCF, 0x11, (byte) 0xE0, (byte) 0xA1, (byte) 0xB1, 0x1A, (byte) 0xE1});
    assertThatThrownBy(() -> RecordReaders.open(xls, null, null)).hasMessageContaining("save it as .xlsx");
    Path otherZip = dir.resolve("photos.zip");
    TestFiles.zipBytes(otherZip, Map.of("a.jpg", new byte[] {1, 2, 3}));
    assertThatThrownBy(() -> RecordReaders.open(otherZip, null, null))
        .hasMessage("the zip holds no Shapefile (.shp) and is not an Excel workbook");
    Path truncated = Files.write(dir.resolve("cut.zip"), new byte[] {'P', 'K', 3, 4, 20, 0, 0, 0});
    assertThatThrownBy(() -> RecordReaders.open(truncated, null, null))
        .isInstanceOf(ImportFileException.class).hasMessageContaining("incomplete or damaged");
  }

  private static void assertOpens(Path file, Class<?> type, String format) throws Exception {
    assertThat(RecordReaders.detect(file)).isEqualTo(format);
    try (RecordReader r = RecordReaders.open(file, null, null)) {
      assertThat(r).isInstanceOf(type);
      assertThat(r.next()).isPresent();
    }
  }
}
