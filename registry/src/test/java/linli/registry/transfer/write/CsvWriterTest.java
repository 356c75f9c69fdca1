package linli.registry.transfer.write;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import linli.registry.crs.CoordinateSystem;
import linli.registry.testing.Gdal;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvWriterTest {
  @TempDir
  Path dir;

  @Test
  void utf8WithBomHeaderOfPropertyNamesAndLonLat() throws Exception {
    byte[] bytes = WriterRun.bytes(ExportFormat.CSV, Samples.facilitiesSchema(CoordinateSystem.CGCS2000),
        Samples.facilities(CoordinateSystem.CGCS2000));
    assertThat(Arrays.copyOf(bytes, 3)).as("UTF-8 byte order mark").containsExactly(0xEF, 0xBB, 0xBF);
    String text = new String(bytes, 3, bytes.length - 3, StandardCharsets.UTF_8);
    assertThat(text).contains("\r\n").contains(Samples.NAME);
    List<CSVRecord> rows = CSVFormat.RFC4180.parse(new StringReader(text)).getRecords();
    assertThat(rows.get(0).toList()).containsExactly("category", "name", "address", "phone", "management_unit", "status", "capacity", "area_m2",
        "community_code", "opened_on", "source", "source_id", "extra", "version", "updated_at", "updated_by", "lon", "lat");
    assertThat(rows.get(1).toList()).containsExactly("emergency_shelter", Samples.NAME, Samples.ADDRESS, "0532-82861234", Samples.MANAGEMENT_UNIT, "open", "1200",
        "1800.5", "370202001001", "2021-06-01", "fixture", "a", Samples.EXTRA, "3", "2024-05-01T02:20:30.5Z", "测试员",
        "120.3168123", "36.0645456");
    assertThat(rows.get(2).get(2)).as("null is an empty cell").isEmpty();
    assertThat(rows).hasSize(3);
  }

  @Test
  void projectedPointsAreXyInMetres() throws Exception {
    String text = new String(WriterRun.bytes(ExportFormat.CSV, Samples.facilitiesSchema(CoordinateSystem.CGCS2000_GK_CM_120E),
        Samples.facilities(CoordinateSystem.CGCS2000_GK_CM_120E)), StandardCharsets.UTF_8);
    assertThat(text.lines().findFirst().orElseThrow()).endsWith(",x,y");
    assertThat(text).contains(",528570.123,3991093.456\r\n");
  }

  @Test
  void gdalReadsPointsFromLonLatAndPolygonsFromWkt() throws Exception {
    Path points = WriterRun.file(ExportFormat.CSV, Samples.facilitiesSchema(CoordinateSystem.CGCS2000),
        Samples.facilities(CoordinateSystem.CGCS2000), dir.resolve("facilities.csv"));
    String[] oo = {"-oo", "X_POSSIBLE_NAMES=lon", "-oo", "Y_POSSIBLE_NAMES=lat", "-oo", "AUTODETECT_TYPE=YES"};
    Gdal.Summary s = Gdal.summary(points.toString(), oo);
    assertThat(s.featureCount()).isEqualTo(2);
    assertThat(s.fieldTypes()).containsEntry("name", "String").containsEntry("capacity", "Integer")
        .containsEntry("area_m2", "Real").containsEntry("opened_on", "Date");
    List<Gdal.Feature> f = Gdal.features(points.toString(), oo);
    assertThat(f.get(0).get("name")).as("the BOM is not part of the first header").isEqualTo(Samples.NAME);
    assertThat(f.get(0).get("category")).isEqualTo("emergency_shelter");
    assertThat(f.get(0).get("address")).isEqualTo(Samples.ADDRESS);
    double[] xy = Gdal.numbers(f.get(0).wkt());
    assertThat(xy[0]).isCloseTo(120.3168123, within(1e-9));
    assertThat(xy[1]).isCloseTo(36.0645456, within(1e-9));

    Path polygons = WriterRun.file(ExportFormat.CSV, Samples.communitiesSchema(CoordinateSystem.CGCS2000), Samples.communities(),
        dir.resolve("communities.csv"));
    List<Gdal.Feature> c = Gdal.features(polygons.toString(), "-oo", "GEOM_POSSIBLE_NAMES=wkt", "-oo", "KEEP_GEOM_COLUMNS=NO");
    assertThat(c).hasSize(2);
    assertThat(c.get(0).get("name")).isEqualTo("八大关社区");
    assertThat(c.get(0).wkt()).startsWith("MULTIPOLYGON (((120.3 36.1,120.31 36.1,120.31 36.11,120.3 36.11,120.3 36.1),"
        + "(120.302 36.102,120.302 36.104,120.304 36.104,120.304 36.102,120.302 36.102)))");
    assertThat(c.get(1).wkt()).startsWith("MULTIPOLYGON (((120.32 36.1,");
  }
}
