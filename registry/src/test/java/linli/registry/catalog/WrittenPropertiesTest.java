package linli.registry.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.List;
import linli.registry.catalog.Layer.GeometryType;
import org.junit.jupiter.api.Test;

/** Properties written as given: their rules by type and limits, the values map and the generated column lists. */
class WrittenPropertiesTest {
  private static final Property NAME = Property.of("name", ValueType.TEXT, "x.name", "名称", "Name").required()
      .maxLength(5);
  private static final Property COUNT = Property.of("count", ValueType.INTEGER, "x.count", "数", "Count").nonNegative();
  private static final Property AREA = Property.of("area", ValueType.REAL, "x.area", "面积", "Area").nonNegative();
  private static final Property ON = Property.of("on_day", ValueType.DATE, "x.on_day", "日期", "On").writtenAsGiven();
  private static final Layer LAYER = new Layer("x", "x", "x", "x", "t x", "true", "x.id", true, "x.geom",
      GeometryType.POINT, null, false, List.of(NAME, Property.of("kind", ValueType.TEXT, "x.kind", "类", "Kind"), COUNT,
          AREA, ON));

  @Test
  void rulesFollowTheTypeAndTheDeclaredLimits() {
    assertThat(NAME.problem(null)).isEqualTo("is required");
    assertThat(NAME.problem("  ")).isEqualTo("is required");
    assertThat(NAME.problem("abcdef")).isEqualTo("is longer than 5 characters");
    assertThat(NAME.problem("abcde")).isNull();
    assertThat(COUNT.problem(null)).isNull();
    assertThat(COUNT.problem(-1)).isEqualTo("must not be negative");
    assertThat(COUNT.problem(0)).isNull();
    assertThat(AREA.problem(-0.5)).isEqualTo("must be a non-negative number");
    assertThat(AREA.problem(Double.NaN)).isEqualTo("must be a non-negative number");
    assertThat(AREA.problem(0.0)).isNull();
    assertThat(ON.problem(LocalDate.of(2020, 1, 1))).isNull();
  }

  @Test
  void onlyWrittenPropertiesInDeclarationOrderAndOfTheirClass() {
    assertThat(LAYER.written()).containsExactly(NAME, COUNT, AREA, ON);
    PropertyValues v = PropertyValues.of(LAYER).put("name", "甲").put(COUNT, 3).put("area", null).build();
    assertThat(v.get("name")).isEqualTo("甲");
    assertThat(v.get(COUNT)).isEqualTo(3);
    assertThat(v.get("area")).isNull();
    assertThat(v.asMap()).hasSize(2);
    assertThatThrownBy(() -> PropertyValues.of(LAYER).put("count", 3L)).hasMessageContaining("Integer");
    assertThatThrownBy(() -> PropertyValues.of(LAYER).put("kind", "a")).hasMessageContaining("not written as given");
  }

  @Test
  void aWrittenPropertyReadsItsOwnColumn() {
    assertThatThrownBy(() -> Property.of("code", ValueType.TEXT, "x.code::text", "代码", "Code").writtenAsGiven())
        .hasMessageContaining("own column");
  }

  @Test
  void placeholdersBecomeTheWrittenColumns() {
    String sql = WrittenColumns.fill(LAYER, "INSERT INTO t (id, {{written}}) SELECT :id, {{written :}} FROM s;"
        + " UPDATE t SET {{set r.}}; CREATE TABLE s ({{columns}}); SELECT {{written s.}}");
    assertThat(sql).isEqualTo("INSERT INTO t (id, name, count, area, on_day) SELECT :id, :name, :count, :area, :on_day"
        + " FROM s; UPDATE t SET name = r.name, count = r.count, area = r.area, on_day = r.on_day;"
        + " CREATE TABLE s (name text, count integer, area float8, on_day date); SELECT s.name, s.count, s.area, s.on_day");
    assertThat(WrittenColumns.list(LAYER)).isEqualTo("name, count, area, on_day");
  }

  @Test
  void facilitiesWriteTheirPlainPropertiesAsGiven() {
    assertThat(Catalog.FACILITIES.written()).extracting(Property::name)
        .containsExactly("name", "address", "phone", "management_unit", "capacity", "area_m2", "opened_on");
  }

  @Test
  void everyFacilityWriteStatementNamesEveryWrittenColumnOnceFilled() {
    for (String name : List.of("facility/insert.sql", "facility/update.sql", "facility/restore.sql",
        "transfer/facility_stage.sql", "transfer/facility_ready.sql", "transfer/facility_insert.sql",
        "transfer/facility_update.sql")) {
      String sql = WrittenColumns.fill(Catalog.FACILITIES,
          linli.registry.SqlResource.load(Catalog.class, "/linli/registry/" + name));
      assertThat(sql).as(name).doesNotContain("{{");
      for (Property p : Catalog.FACILITIES.written()) {
        assertThat(sql).as(name).containsPattern("\\b" + p.name() + "\\b");
      }
    }
  }
}
