package linli.registry.ogc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import linli.registry.ogc.cql.SqlFragment;
import org.junit.jupiter.api.Test;

class ListConditionsTest {
  private static final ListConditions CONDITIONS = ListConditions.parse("""
      -- The file's comment.
      -- [district] a code or a name
      d.code = :district
        OR d.name = :district
      -- [q]
      strpos(c.name, :q) > 0
      """);

  @Test
  void givenFiltersBecomeConditionsInTheFilesOrderWithTheirValuesAsParameters() {
    Map<String, Object> values = new HashMap<>();
    values.put("q", "台东");
    values.put("district", "市南区");
    List<SqlFragment> out = CONDITIONS.of(values);
    assertThat(out).extracting(SqlFragment::sql).containsExactly("d.code = ?\n  OR d.name = ?", "strpos(c.name, ?) > 0");
    assertThat(out).extracting(SqlFragment::parameters).containsExactly(List.of("市南区", "市南区"), List.of("台东"));
  }

  @Test
  void filtersWithoutAValueAddNothingAndUnknownFiltersAreRefused() {
    Map<String, Object> values = new HashMap<>();
    values.put("q", null);
    assertThat(CONDITIONS.of(values)).isEmpty();
    assertThatThrownBy(() -> CONDITIONS.of(Map.of("street", "x"))).hasMessageContaining("street");
  }

  @Test
  void itemsSqlAddsTheConditionsToTheCollectionsOwnBeforePaging() {
    ItemsQuery q = ItemsQuery.lonLat(OgcCollection.FACILITIES, new double[] {120, 36, 121, 37}, 5, 10);
    SqlFragment page = ItemsSql.page(q, CONDITIONS.of(Map.of("q", "x")));
    assertThat(page.sql()).contains("WHERE NOT f.deleted AND ST_Intersects(f.geom,")
        .contains(" AND (strpos(c.name, ?) > 0)");
    // bbox, then the condition's value, then limit and offset.
    assertThat(page.parameters()).containsExactly(120.0, 36.0, 121.0, 37.0, "x", 5, 10L);
    assertThat(ItemsSql.page(q).sql()).doesNotContain("strpos");
  }
}
