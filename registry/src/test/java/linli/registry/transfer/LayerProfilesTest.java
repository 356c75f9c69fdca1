package linli.registry.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import linli.registry.Violation;
import linli.registry.catalog.Catalog;
import linli.registry.crs.CoordinateSystem;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.io.WKTReader;

/** What the layer profiles share: the yes/no words they read, and the catalogue's import headers. */
class LayerProfilesTest {
  /** Every yes and no an import reads, as people write them (spaces and case included). */
  private static final List<String> YES = List.of("true", "t", "yes", "y", "1", "是", "TRUE", " Yes ", "T");
  private static final List<String> NO = List.of("false", "f", "no", "n", "0", "否", "FALSE", " No ", "F");
  private static final List<String> NEITHER = List.of("maybe", "2", "-1", "对", "yes!");

  private static Geometry wkt(String text) {
    try {
      return new WKTReader().read(text);
    } catch (org.locationtech.jts.io.ParseException e) {
      throw new IllegalArgumentException(e);
    }
  }

  private static final Geometry SQUARE = wkt("POLYGON((120.3 36.0, 120.31 36.0, 120.31 36.01, 120.3 36.01, 120.3 36.0))");
  private static final Geometry LINE = wkt("LINESTRING(120.3 36.0, 120.31 36.01)");

  /** One layer's yes/no column: the field it is reported as, and how to read the mapped value back. */
  private record YesNoColumn(String layer, String header, String field, Function<String, MappedRow<?>> map,
      Function<Object, Object> value) {}

  private static List<YesNoColumn> columns() {
    CommunityProfile communities = new CommunityProfile(CoordinateSystem.CGCS2000);
    RoadProfile roads = new RoadProfile(CoordinateSystem.CGCS2000);
    DivisionProfile districts = new DivisionProfile(false, CoordinateSystem.CGCS2000);
    DivisionProfile streets = new DivisionProfile(true, CoordinateSystem.CGCS2000);
    return List.of(
        new YesNoColumn("communities", "智慧社区", "smart", word -> communities.map(
            new SourceRecord(1, Map.of("code", "370202001001", "name", "八大峡社区", "智慧社区", word), SQUARE, List.of())),
            staged -> ((Object[]) staged)[10]),
        new YesNoColumn("roads", "walkable", "walkable", word -> roads.map(
            new SourceRecord(1, Map.of("highway", "footway", "walkable", word), LINE, List.of())),
            staged -> ((List<?>) staged).stream().map(r -> ((Object[]) r)[2]).distinct().toList().get(0)),
        new YesNoColumn("districts", "boundary_derived", "boundary_derived", word -> districts.map(
            new SourceRecord(1, Map.of("code", "370202", "name", "市南区", "boundary_derived", word), SQUARE, List.of())),
            staged -> ((Object[]) staged)[6]),
        new YesNoColumn("streets", "derived", "boundary_derived", word -> streets.map(
            new SourceRecord(1, Map.of("code", "370202001", "name", "八大峡街道", "derived", word), SQUARE, List.of())),
            staged -> ((Object[]) staged)[6]));
  }

  @Test
  void everyLayerReadsTheSameYesAndNoWords() {
    for (YesNoColumn column : columns()) {
      for (String word : YES) {
        MappedRow<?> m = column.map().apply(word);
        assertThat(m.violations()).as(column.layer() + " " + word).isEmpty();
        assertThat(column.value().apply(m.staged())).as(column.layer() + " " + word).isEqualTo(Boolean.TRUE);
      }
      for (String word : NO) {
        MappedRow<?> m = column.map().apply(word);
        assertThat(m.violations()).as(column.layer() + " " + word).isEmpty();
        assertThat(column.value().apply(m.staged())).as(column.layer() + " " + word).isEqualTo(Boolean.FALSE);
      }
      for (String word : NEITHER) {
        assertThat(column.map().apply(word).violations()).as(column.layer() + " " + word)
            .containsExactly(new Violation(1L, column.field(), "'" + word + "' is not true or false"));
      }
    }
  }

  @Test
  void roadsAlsoReadWhatTheirWalkableColumnSaysInChinese() {
    RoadProfile roads = new RoadProfile(CoordinateSystem.CGCS2000);
    for (Map.Entry<String, Boolean> word : Map.of("可步行", true, "不可步行", false).entrySet()) {
      MappedRow<List<Object[]>> m = roads.map(new SourceRecord(1, Map.of("可步行", word.getKey()), LINE, List.of()));
      assertThat(m.staged()).singleElement().satisfies(row -> assertThat(row[2]).isEqualTo(word.getValue()));
    }
  }

  @Test
  void everyProfileReadsItsLayersImportHeadersFromTheCatalogue() {
    assertThat(new CommunityProfile(CoordinateSystem.CGCS2000).headers())
        .containsAllEntriesOf(Catalog.importHeaders(Catalog.COMMUNITIES)).containsEntry("wkt", "wkt");
    assertThat(new RoadProfile(CoordinateSystem.CGCS2000).headers())
        .containsAllEntriesOf(Catalog.importHeaders(Catalog.ROADS)).containsEntry("wkt", "wkt");
    assertThat(new DivisionProfile(false, CoordinateSystem.CGCS2000).headers())
        .containsAllEntriesOf(Catalog.importHeaders(Catalog.DISTRICTS)).containsEntry("wkt", "wkt");
    assertThat(new DivisionProfile(true, CoordinateSystem.CGCS2000).headers())
        .containsAllEntriesOf(Catalog.importHeaders(Catalog.STREETS)).containsEntry("wkt", "wkt");
    FacilityProfile facilities = new FacilityProfile(new FacilityRowMapper(new FacilityRowMapper.Settings(Map.of(), null,
        CoordinateSystem.CGCS2000)), null, java.util.Optional.empty(), new SourceIdFingerprints());
    assertThat(facilities.headers()).containsAllEntriesOf(Catalog.importHeaders(Catalog.FACILITIES));
  }

  @Test
  void aStagedRowOfEveryProfileHasAValueForEachCopyColumn() {
    Map<String, Integer> columns = Map.of(
        "communities", new CommunityProfile(CoordinateSystem.CGCS2000).copyColumns().size(),
        "roads", new RoadProfile(CoordinateSystem.CGCS2000).copyColumns().size(),
        "districts", new DivisionProfile(false, CoordinateSystem.CGCS2000).copyColumns().size(),
        "streets", new DivisionProfile(true, CoordinateSystem.CGCS2000).copyColumns().size());
    for (YesNoColumn column : columns()) {
      Object staged = column.map().apply("yes").staged();
      List<?> rows = staged instanceof List<?> l ? l : List.of(staged);
      assertThat(rows).as(column.layer()).isNotEmpty()
          .allSatisfy(r -> assertThat((Object[]) r).as(column.layer()).hasSize(columns.get(column.layer())));
    }
  }
}
