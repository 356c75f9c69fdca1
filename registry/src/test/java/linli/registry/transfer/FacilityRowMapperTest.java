package linli.registry.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import linli.registry.crs.CoordinateSystem;
import org.junit.jupiter.api.Test;

/** The columns of a Linli export, read back by the import's mapper. */
class FacilityRowMapperTest {
  private final FacilityRowMapper mapper = new FacilityRowMapper(new FacilityRowMapper.Settings(
      Map.of("police_office", "police_office"), null, CoordinateSystem.CGCS2000));

  private StagedFacility map(Object... keyValues) {
    Map<String, String> attributes = new LinkedHashMap<>();
    attributes.put("name", "团岛警务室");
    attributes.put("category", "police_office");
    attributes.put("lon", "120.3");
    attributes.put("lat", "36.1");
    for (int i = 0; i < keyValues.length; i += 2) {
      attributes.put((String) keyValues[i], (String) keyValues[i + 1]);
    }
    FacilityRowMapper.Result r = mapper.map(new SourceRecord(1, attributes, null, List.of()));
    assertThat(r.violations()).isEmpty();
    return r.staged();
  }

  @Test
  void theExtraColumnIsTheJsonObjectItKeepsItsTypes() {
    StagedFacility f = map("extra", "{\"level\":2,\"open\":true,\"tags\":[\"24h\"],\"管理单位\":\"公安\"}", "备注", "值班");
    assertThat(f.extraJson()).isEqualTo("{\"备注\":\"值班\",\"level\":2,\"open\":true,\"tags\":[\"24h\"],\"管理单位\":\"公安\"}");
  }

  @Test
  void theExtraColumnKeepsEveryDigitAndTheLastOfARepeatedKey() {
    StagedFacility f = map("extra", " {\"code\":370202001001002003004,\"x\":120.31681234567,\"z\":12.50,\"z\":12.500,"
        + "\"nested\":{\"a\":[1,{\"b\":null}]},\"s\":\"tab\\there \\\"q\\\" \\u00e9\"} ");
    assertThat(f.extraJson()).isEqualTo("{\"code\":370202001001002003004,\"x\":120.31681234567,\"z\":12.500,"
        + "\"nested\":{\"a\":[1,{\"b\":null}]},\"s\":\"tab\\there \\\"q\\\" é\"}");
  }

  @Test
  void aColumnNamedExtraThatIsNotAnObjectIsKeptAsText() {
    assertThat(map("extra", "二楼").extraJson()).isEqualTo("{\"extra\":\"二楼\"}");
    assertThat(map("extra", "{\"a\":1} trailing").extraJson()).isEqualTo("{\"extra\":\"{\\\"a\\\":1} trailing\"}");
    assertThat(map("extra", "[1,2]").extraJson()).isEqualTo("{\"extra\":\"[1,2]\"}");
    assertThat(map("extra", "{\"a\":1").extraJson()).isEqualTo("{\"extra\":\"{\\\"a\\\":1\"}");
  }

  @Test
  void theRegistrysOwnColumnsAreIgnoredAndTheShapefileNameIsKnown() {
    StagedFacility f = map("id", "17", "version", "3", "updated_at", "2024-05-01T02:03:04Z", "updated_by", "loader",
        "source", "bureau", "comm_code", "370202001001");
    assertThat(f.extraJson()).isEqualTo("{}");
    assertThat(f.communityCode()).isEqualTo("370202001001");
  }

  @Test
  void aLatitudeNoMapCanShowIsRefusedWhileDegreeSignsAndUnitsAreRead() {
    Map<String, String> polar = new LinkedHashMap<>(Map.of("name", "极点", "category", "police_office", "lon", "120",
        "lat", "89.5"));
    FacilityRowMapper.Result r = mapper.map(new SourceRecord(7, polar, null, List.of()));
    assertThat(r.staged()).isNull();
    assertThat(r.violations()).extracting(v -> v.field() + ": " + v.message())
        .containsExactly("geometry: latitude 89.5 is beyond ±85.0511°, which no map can show");
    StagedFacility f = map("lon", "120.3°", "lat", "36.1度", "容纳人数（人）", "1,200人", "面积(平方米)", "35.5㎡");
    assertThat(f.x()).isEqualTo(120.3);
    assertThat(f.y()).isEqualTo(36.1);
    assertThat(f.values().get("capacity")).isEqualTo(1200);
    assertThat(f.values().get("area_m2")).isEqualTo(35.5);
  }

  @Test
  void aLatitudeOutOfRangeIsTheLatitudeColumnsFaultAndTheSampleSaysWhichHeaderThatIs() {
    FacilityRowMapper clerk = new FacilityRowMapper(new FacilityRowMapper.Settings(
        Map.of("police_office", "police_office"), "police_office", CoordinateSystem.WGS84));
    Map<String, String> good = new LinkedHashMap<>();
    good.put("名称", "团岛警务室");
    good.put("经度", "120.3");
    good.put("纬度", "36.1");
    good.put("值班", "24h");
    assertThat(clerk.map(new SourceRecord(2, good, null, List.of())).violations()).isEmpty();
    Map<String, String> bad = new LinkedHashMap<>(good);
    bad.put("纬度", "361");
    assertThat(clerk.map(new SourceRecord(3, bad, null, List.of())).violations()).singleElement()
        .satisfies(v -> {
          assertThat(v.row()).isEqualTo(3L);
          assertThat(v.field()).isEqualTo("lat");
          assertThat(v.message()).isEqualTo("[120.3, 361.0] is not a longitude/latitude");
        });
    bad.put("纬度", "36.1");
    bad.put("经度", "1203");
    assertThat(clerk.map(new SourceRecord(4, bad, null, List.of())).violations()).extracting(v -> v.field())
        .containsExactly("lon");

    ImportSample sample = clerk.sample();
    assertThat(sample.columns()).containsExactly(Map.entry("名称", "name"), Map.entry("经度", "lon"),
        Map.entry("纬度", "lat"));
    assertThat(sample.preview()).extracting(ImportSample.Row::row).containsExactly(2L, 3L, 4L);
    assertThat(sample.preview().get(0).values()).containsEntry("值班", "24h");
    ImportSample.FirstPoint first = sample.firstPoint();
    assertThat(first.row()).isEqualTo(2);
    assertThat(first.x()).isEqualTo(120.3);
    // GCJ-02 moves a point near Qingdao by some hundreds of metres (issue 18 saw AMap points about 460 m
    // off there), Baidu's BD-09 further.
    assertThat(first.offsetsM().get("GCJ02")).isBetween(300.0, 700.0);
    assertThat(first.offsetsM().get("BD09")).isGreaterThan(first.offsetsM().get("GCJ02"));
  }
}
