package linli.registry.transfer.write;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import linli.registry.crs.CoordinateSystem;
import linli.registry.testing.Gdal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GeoJsonWriterTest {
  @TempDir
  Path dir;

  @Test
  @SuppressWarnings("unchecked")
  void aFeatureCollectionWithTypedPropertiesAndRawChinese() throws Exception {
    byte[] bytes = WriterRun.bytes(ExportFormat.GEOJSON, Samples.facilitiesSchema(CoordinateSystem.WGS84),
        Samples.facilities(CoordinateSystem.WGS84));
    String text = new String(bytes, StandardCharsets.UTF_8);
    assertThat(text).as("Chinese as raw UTF-8, not \\u escapes").contains(Samples.NAME).doesNotContain("\\u");
    assertThat(text).doesNotContain("\"crs\"");

    List<Map<String, Object>> features = GeoJsonCheck.featureCollection(MiniJson.parse(text));
    assertThat(features).hasSize(2);
    Map<String, Object> first = features.get(0);
    assertThat(first.get("id")).isEqualTo(new BigDecimal("7"));
    Map<String, Object> geometry = (Map<String, Object>) first.get("geometry");
    assertThat(geometry.get("type")).isEqualTo("Point");
    assertThat(geometry.get("coordinates")).isEqualTo(List.of(new BigDecimal("120.3168123"), new BigDecimal("36.0645456")));
    Map<String, Object> p = (Map<String, Object>) first.get("properties");
    assertThat(p.keySet()).containsExactly("category", "name", "address", "phone", "management_unit", "status", "capacity", "area_m2",
        "community_code", "opened_on", "source", "source_id", "extra", "version", "updated_at", "updated_by");
    assertThat(p).containsEntry("name", Samples.NAME).containsEntry("address", Samples.ADDRESS)
        .containsEntry("capacity", new BigDecimal("1200")).containsEntry("area_m2", new BigDecimal("1800.5"))
        .containsEntry("opened_on", "2021-06-01").containsEntry("version", new BigDecimal("3"))
        .containsEntry("updated_at", "2024-05-01T02:20:30.5Z").containsEntry("updated_by", "测试员");
    assertThat(p.get("extra")).as("extra is the JSON object it is")
        .isEqualTo(Map.of("管理单位", "市南区应急局", "level", new BigDecimal("2")));
    Map<String, Object> second = (Map<String, Object>) features.get(1).get("properties");
    assertThat(second).containsEntry("name", "Police <1> & co").containsEntry("address", MiniJson.NULL)
        .containsEntry("capacity", MiniJson.NULL).containsEntry("opened_on", MiniJson.NULL)
        .containsEntry("extra", Map.of());
  }

  @Test
  void gdalReadsTheTypesAndValues() throws Exception {
    Path file = WriterRun.file(ExportFormat.GEOJSON, Samples.facilitiesSchema(CoordinateSystem.WGS84),
        Samples.facilities(CoordinateSystem.WGS84), dir.resolve("facilities.geojson"));
    Gdal.Summary s = Gdal.summary(file.toString());
    assertThat(s.featureCount()).isEqualTo(2);
    assertThat(s.epsg()).isEqualTo(4326);
    assertThat(s.geometry()).isEqualTo("Point");
    assertThat(s.fieldTypes()).containsEntry("name", "String").containsEntry("capacity", "Integer")
        .containsEntry("area_m2", "Real").containsEntry("opened_on", "Date").containsEntry("updated_at", "DateTime");
    List<Gdal.Feature> f = Gdal.features(file.toString());
    assertThat(f.get(0).fid()).isEqualTo(7);
    assertThat(f.get(0).get("name")).isEqualTo(Samples.NAME);
    double[] xy = Gdal.numbers(f.get(0).wkt());
    assertThat(xy[0]).isCloseTo(120.3168123, within(1e-9));
    assertThat(xy[1]).isCloseTo(36.0645456, within(1e-9));
  }

  @Test
  @SuppressWarnings("unchecked")
  void polygonsFollowTheRightHandRuleAndMetresHaveThreeDecimals() throws Exception {
    String text = new String(WriterRun.bytes(ExportFormat.GEOJSON, Samples.communitiesSchema(CoordinateSystem.WGS84),
        Samples.communities()), StandardCharsets.UTF_8);
    List<Map<String, Object>> features = GeoJsonCheck.featureCollection(MiniJson.parse(text)); // checks orientation
    assertThat(features.get(0).get("id")).isEqualTo("370202001001");
    Map<String, Object> p = (Map<String, Object>) features.get(0).get("properties");
    assertThat(p).containsEntry("smart", Boolean.TRUE).containsEntry("population", new BigDecimal("4200"))
        .containsEntry("ref_lon", new BigDecimal("120.305"));

    String metres = new String(WriterRun.bytes(ExportFormat.GEOJSON, Samples.facilitiesSchema(CoordinateSystem.CGCS2000_GK_CM_120E),
        Samples.facilities(CoordinateSystem.CGCS2000_GK_CM_120E)), StandardCharsets.UTF_8);
    assertThat(metres).contains("\"coordinates\":[528570.123,3991093.456]").contains("[527942.5,3991696.25]");
  }

  @Test
  void escapesWhatJsonNeedsEscaped() {
    assertThat(GeoJsonWriter.string(new StringBuilder(), "a\"b\\c\nd\u0001e\u2028f青").toString())
        .isEqualTo("\"a\\\"b\\\\c\\nd\\u0001e\\u2028f青\"");
    assertThat(MiniJson.parse(GeoJsonWriter.string(new StringBuilder(), "a\"b\\c\nd\u0001e\u2028f青").toString()))
        .isEqualTo("a\"b\\c\nd\u0001e\u2028f青");
  }

  @Test
  void anEmptyLayerIsAnEmptyCollection() throws Exception {
    String text = new String(WriterRun.bytes(ExportFormat.GEOJSON, Samples.facilitiesSchema(CoordinateSystem.WGS84), List.of()),
        StandardCharsets.UTF_8);
    assertThat(GeoJsonCheck.featureCollection(MiniJson.parse(text))).isEmpty();
  }
}
