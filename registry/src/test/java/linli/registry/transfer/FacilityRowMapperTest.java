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
}
