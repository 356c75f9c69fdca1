package linli.registry.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import linli.registry.catalog.Layer.GeometryType;
import org.junit.jupiter.api.Test;

class CatalogTest {

  @Test
  void exportNamesAreDistinctDbaseNamesInEveryLayer() {
    for (Layer layer : Catalog.layers()) {
      List<String> names = layer.properties().stream().map(p -> p.exportName().toLowerCase(Locale.ROOT)).toList();
      assertThat(names).as(layer.id()).doesNotHaveDuplicates();
      assertThat(names).allMatch(n -> n.length() <= 10);
    }
  }

  @Test
  void everyPropertyIsReadByItsNameItsChineseLabelAndItsExportName() {
    for (Layer layer : Catalog.layers()) {
      Map<String, String> headers = Catalog.importHeaders(layer);
      for (Property p : layer.properties()) {
        assertThat(headers.get(p.name())).as(layer.id()).isEqualTo(p.name());
        assertThat(headers.get(p.labelZh())).as(layer.id() + " " + p.labelZh()).isEqualTo(p.name());
        assertThat(headers.get(p.exportName().toLowerCase(Locale.ROOT))).isEqualTo(p.name());
      }
    }
    assertThat(Catalog.importHeaders(Catalog.FACILITIES)).containsEntry("电话", "phone").containsEntry("类型", "category");
  }

  @Test
  void aHeaderTwoPropertiesClaimIsRefused() {
    Layer clash = new Layer("x", "x", "x", "x", "t x", "true", "x.id", true, "x.geom", GeometryType.POINT, null, false,
        List.of(Property.of("a", ValueType.TEXT, "x.a", "名称", "A"),
            Property.of("b", ValueType.TEXT, "x.b", "B", "B").importedFrom("名称")));
    assertThatThrownBy(() -> Catalog.importHeaders(clash)).hasMessageContaining("名称");
  }

  @Test
  void aLongNameNeedsAShapefileName() {
    Property longName = Property.of("community_code", ValueType.TEXT, "f.community_code", "社区代码", "Community");
    assertThatThrownBy(() -> new Layer("x", "x", "x", "x", "t x", "true", "x.id", true, "x.geom", GeometryType.POINT,
        null, false, List.of(longName))).hasMessageContaining("exportedAs");
    assertThat(longName.exportedAs("comm_code").exportName()).isEqualTo("comm_code");
  }

  @Test
  void jsonPropertiesAreNotQueryableAndTheFeatureFunctionHasEveryProperty() {
    assertThat(Catalog.FACILITIES.property("extra").orElseThrow().queryable()).isFalse();
    String function = FacilityFeatureFunction.sql();
    for (Property p : Catalog.FACILITIES.properties()) {
      assertThat(function).contains("'" + p.name() + "', " + p.sql());
    }
  }

  @Test
  void tileAttributesReadOnlyTablesOfTheLayersFromClause() {
    // Tiles select from the layer's FROM clause, so an attribute may use only the aliases it declares.
    for (Layer layer : Catalog.layers()) {
      Set<String> aliases = new HashSet<>();
      Matcher m = Pattern.compile("(?:^|JOIN )[a-z_]+ ([a-z]+)").matcher(layer.from());
      while (m.find()) {
        aliases.add(m.group(1));
      }
      assertThat(aliases).as(layer.id() + " aliases").isNotEmpty();
      for (Property p : layer.tileAttributes()) {
        Matcher used = Pattern.compile("\\b([a-z]+)\\.[a-z_]+").matcher(p.sql());
        assertThat(used.find()).as(layer.id() + "." + p.name() + " reads a column").isTrue();
        do {
          assertThat(aliases).as(layer.id() + "." + p.name()).contains(used.group(1));
        } while (used.find());
      }
    }
  }
}
