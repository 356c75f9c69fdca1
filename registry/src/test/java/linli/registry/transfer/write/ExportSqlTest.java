package linli.registry.transfer.write;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import linli.registry.crs.CoordinateSystem;
import org.junit.jupiter.api.Test;

class ExportSqlTest {
  private static final String EVIL = "市南区' OR 1=1; DROP TABLE facility; --";

  @Test
  void facilitiesBindEveryFilterAsAParameter() {
    ExportSql sql = ExportSql.of(new ExportQuery(ExportLayer.FACILITIES, CoordinateSystem.CGCS2000_GK_CM_120E,
        "emergency_shelter", EVIL, List.of("open", "building")));
    assertThat(sql.jdbcSql()).doesNotContain(EVIL).doesNotContain("DROP").doesNotContain("emergency_shelter")
        .doesNotContain("4549").doesNotContain("'open'").doesNotContainPattern("(?<!:):[a-z]");
    assertThat(sql.jdbcSql()).contains("NOT f.deleted").contains("ST_AsBinary(ST_Transform(f.geom")
        .contains("ORDER BY f.id");
    assertThat(sql.parameterOrder()).containsExactly("srid", "category", "category", "statuses", "statuses",
        "district", "district", "district");
    assertThat(sql.values()).containsEntry("srid", 4549).containsEntry("category", "emergency_shelter")
        .containsEntry("district", EVIL);
    assertThat((String[]) sql.values().get("statuses")).containsExactly("open", "building");
  }

  @Test
  void absentFiltersAreNullParameters() {
    ExportSql sql = ExportSql.of(ExportQuery.all(ExportLayer.FACILITIES).withCrs(CoordinateSystem.CGCS2000));
    assertThat(sql.values()).containsEntry("srid", 4490).containsEntry("category", null)
        .containsEntry("statuses", null).containsEntry("district", null);
  }

  @Test
  void communitiesFilterByDistrictOnly() {
    ExportSql sql = ExportSql.of(new ExportQuery(ExportLayer.COMMUNITIES, CoordinateSystem.WEB_MERCATOR, null, "370202", null));
    assertThat(sql.parameterOrder()).containsExactly("srid", "district", "district", "district");
    assertThat(sql.values()).containsOnlyKeys("srid", "district").containsEntry("srid", 3857);
    assertThat(sql.jdbcSql()).contains("FROM community c").contains("ORDER BY c.code").doesNotContain("370202");
  }

  @Test
  void everyPropertyIsAColumnOfTheQuery() {
    for (ExportLayer layer : ExportLayer.values()) {
      String text = ExportSql.of(ExportQuery.all(layer).withCrs(CoordinateSystem.WGS84)).jdbcSql();
      for (ExportField f : layer.fields()) {
        assertThat(text).as(layer + " selects " + f.name()).containsPattern("(\\.|AS \"?)" + f.name() + "(\"|\\b)");
      }
      assertThat(text).contains("AS wkb");
    }
  }

  @Test
  void theCrsMustBeResolvedAndFiltersMustFitTheLayer() {
    assertThatThrownBy(() -> ExportSql.of(ExportQuery.all(ExportLayer.FACILITIES)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new ExportQuery(ExportLayer.COMMUNITIES, null, "emergency_shelter", null, null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new ExportQuery(ExportLayer.COMMUNITIES, null, null, null, List.of("open")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new ExportQuery(ExportLayer.FACILITIES, null, null, null, List.of("demolished")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("planned, building, open, closed");
    assertThat(new ExportQuery(ExportLayer.FACILITIES, null, " ", "", List.of())).isEqualTo(ExportQuery.all(ExportLayer.FACILITIES));
  }
}
