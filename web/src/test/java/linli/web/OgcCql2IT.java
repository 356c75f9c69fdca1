package linli.web;

import static linli.web.OgcFixture.APOSTROPHE_NAME;
import static linli.web.OgcFixture.BACKSLASH_NAME;
import static linli.web.OgcFixture.COMMUNITY_ITEMS;
import static linli.web.OgcFixture.EPSG_4490;
import static linli.web.OgcFixture.ITEMS;
import static linli.web.OgcFixture.PERCENT_NAME;
import static linli.web.OgcFixture.UNDERSCORE_NAME;
import static linli.web.OgcFixture.assertProblem;
import static linli.web.OgcFixture.enc;
import static linli.web.OgcFixture.inBox;
import static linli.web.OgcFilterIT.polygon;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import linli.registry.Database;
import linli.registry.testing.FixtureCity;
import linli.registry.testing.PostgisExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.io.WKTReader;

/**
 * CQL2 (OGC 21-065r2) as the items filter: Basic CQL2, Advanced Comparison Operators, Basic
 * Spatial Functions, in the CQL2 Text encoding. Each filter's answer is compared with the same
 * condition evaluated in Java over the fixture's values, SQL's three-valued logic included (a
 * comparison with a null property is neither true nor false, so the feature is never returned).
 */
@ExtendWith(PostgisExtension.class)
class OgcCql2IT {
  private static OgcFixture fx;

  @BeforeAll
  static void load(Database db) throws Exception {
    fx = OgcFixture.load(db);
  }

  @AfterAll
  static void stop() {
    fx.close();
  }

  // ---- Basic CQL2 ----

  @Test
  @DisplayName("/req/basic-cql2/cql2-filter")
  void reqBasicCql2Cql2Filter() throws Exception {
    // AND binds tighter than OR; NOT tighter than AND; parentheses regroup.
    assertThat(fx.filtered("status = 'open' OR status = 'planned' AND capacity > 1000"))
        .isEqualTo(fx.expect(f -> status(f, "open") || (status(f, "planned") && cap(f, c -> c > 1000))));
    assertThat(fx.filtered("(status = 'open' OR status = 'planned') AND capacity > 1000"))
        .isEqualTo(fx.expect(f -> (status(f, "open") || status(f, "planned")) && cap(f, c -> c > 1000)));
    assertThat(fx.filtered("NOT status = 'closed' AND category = 'meal_point'"))
        .isEqualTo(fx.expect(f -> !status(f, "closed") && f.data().category().equals("meal_point")));
    assertThat(fx.filtered("NOT (status = 'closed' OR status = 'open') AND NOT (capacity < 200)"))
        .isEqualTo(fx.expect(f -> (status(f, "planned") || status(f, "building")) && cap(f, c -> c >= 200)));
    // A boolean literal is a condition of its own.
    assertThat(fx.filtered("TRUE")).isEqualTo(fx.expect(f -> true));
    assertThat(fx.filtered("NOT TRUE")).isEmpty();
    assertThat(fx.filtered("FALSE OR status = 'open'")).isEqualTo(fx.expect(f -> status(f, "open")));
    assertThat(fx.filtered("(TRUE) AND NOT FALSE AND capacity = 100"))
        .isEqualTo(fx.expect(f -> cap(f, c -> c == 100)));
  }

  @Test
  @DisplayName("/req/basic-cql2/binary-comparison-predicate")
  void reqBasicCql2BinaryComparisonPredicate() throws Exception {
    // Numbers, all six operators, literal on either side.
    assertThat(fx.filtered("capacity = 500")).isEqualTo(fx.expect(f -> cap(f, c -> c == 500)))
        .contains(fx.byName(UNDERSCORE_NAME).id());
    assertThat(fx.filtered("capacity <> 500")).isEqualTo(fx.expect(f -> cap(f, c -> c != 500)));
    assertThat(fx.filtered("capacity < 250")).isEqualTo(fx.expect(f -> cap(f, c -> c < 250)));
    assertThat(fx.filtered("capacity <= 250")).isEqualTo(fx.expect(f -> cap(f, c -> c <= 250)));
    assertThat(fx.filtered("capacity > 1750")).isEqualTo(fx.expect(f -> cap(f, c -> c > 1750)));
    assertThat(fx.filtered("1750 < capacity")).isEqualTo(fx.filtered("capacity > 1750"));
    assertThat(fx.filtered("capacity >= 1750.5")).isEqualTo(fx.expect(f -> cap(f, c -> c >= 1750.5)));
    assertThat(fx.filtered("area_m2 > 2500.25")).isEqualTo(fx.expect(f -> area(f, a -> a > 2500.25)));
    // Strings, Chinese included.
    OgcFixture.Fac some = fx.facilities.get(77);
    assertThat(fx.filtered("name = '" + some.name() + "'")).containsExactly(some.id());
    assertThat(fx.filtered("status <> 'open'")).isEqualTo(fx.expect(f -> !status(f, "open")));
    assertThat(fx.filtered("address = '青岛市市南区特殊路s1号'")).containsExactly(fx.byName(PERCENT_NAME).id());
    // Dates and timestamps.
    assertThat(fx.filtered("opened_on >= DATE('2020-01-01')"))
        .isEqualTo(fx.expect(f -> opened(f, d -> !d.isBefore(LocalDate.of(2020, 1, 1)))));
    assertThat(fx.filtered("opened_on < DATE('2012-06-30')"))
        .isEqualTo(fx.expect(f -> opened(f, d -> d.isBefore(LocalDate.of(2012, 6, 30)))));
    assertThat(fx.filtered("opened_on = DATE('2020-12-31')")).contains(fx.byName(UNDERSCORE_NAME).id());
    Instant loaded = ((java.sql.Timestamp) fx.sqlColumn("SELECT min(updated_at) FROM facility").get(0)).toInstant();
    assertThat(fx.filtered("updated_at > TIMESTAMP('" + loaded.minusSeconds(3600) + "')")).isEqualTo(fx.expect(f -> true));
    assertThat(fx.filtered("updated_at < TIMESTAMP('" + loaded.minusSeconds(3600) + "')")).isEmpty();
    // Booleans (communities): only the extra village is a smart community.
    JsonNode smart = fx.json(COMMUNITY_ITEMS + "?filter=" + enc("smart = TRUE"));
    assertThat(smart.get("features")).hasSize(1);
    assertThat(smart.at("/features/0/id").asText()).isEqualTo(OgcFixture.VILLAGE_CODE);
    assertThat(fx.json(COMMUNITY_ITEMS + "?filter=" + enc("smart <> TRUE")).get("numberMatched").asInt())
        .isEqualTo(fx.communities.size() - 1);
    // C: a null property makes the comparison null: neither = nor <> returns the feature.
    Set<Long> either = fx.filtered("capacity = 500 OR capacity <> 500");
    assertThat(either).isEqualTo(fx.expect(f -> f.data().capacity() != null));
    assertThat(either).doesNotContain(fx.byName(BACKSLASH_NAME).id());
    // D: both sides must be of one type.
    for (String mismatch : List.of("capacity = 'many'", "name = 5", "opened_on > 2020", "smart = 'yes'")) {
      String collection = mismatch.startsWith("smart") ? COMMUNITY_ITEMS : ITEMS;
      assertProblem(fx.get(collection + "?filter=" + enc(mismatch)), 400, "filter", mismatch);
    }
  }

  @Test
  @DisplayName("/req/basic-cql2/property")
  void reqBasicCql2Property() throws Exception {
    // A: property names are queryables; anything else is an error, case matters.
    for (String unknown : List.of("colour = 'red'", "NAME = 'x'", "geom IS NULL", "properties.name = 'x'")) {
      assertProblem(fx.get(ITEMS + "?filter=" + enc(unknown)), 400, "filter", unknown);
    }
    // B: a property evaluates to the feature's value, or NULL when unset; quoted or not.
    assertThat(fx.filtered("\"status\" = 'planned'")).isEqualTo(fx.filtered("status = 'planned'"))
        .isEqualTo(fx.expect(f -> status(f, "planned")));
    assertThat(fx.filtered("address IS NULL")).isEqualTo(fx.expect(f -> f.data().address() == null)).isNotEmpty();
    assertThat(fx.filtered("source_id = 's5'")).containsExactly(fx.byName(OgcFixture.MERIDIAN_NAME).id());
  }

  @Test
  @DisplayName("/req/basic-cql2/null-predicate")
  void reqBasicCql2NullPredicate() throws Exception {
    assertThat(fx.filtered("capacity IS NULL")).isEqualTo(fx.expect(f -> f.data().capacity() == null)).isNotEmpty();
    assertThat(fx.filtered("capacity IS NOT NULL")).isEqualTo(fx.expect(f -> f.data().capacity() != null));
    assertThat(fx.filtered("opened_on IS NULL")).isEqualTo(fx.expect(f -> f.data().openedOn() == null)).isNotEmpty();
    assertThat(fx.filtered("area_m2 IS NOT NULL")).isEqualTo(fx.expect(f -> f.data().areaM2() != null));
    assertThat(fx.filtered("NOT (address IS NULL)")).isEqualTo(fx.expect(f -> f.data().address() != null));
    assertThat(fx.filtered("geometry IS NULL")).isEmpty();
    // NOT of a null comparison stays null: facilities without capacity are in neither answer.
    Set<Long> large = fx.filtered("capacity > 1000");
    Set<Long> notLarge = fx.filtered("NOT (capacity > 1000)");
    assertThat(notLarge).isEqualTo(fx.expect(f -> cap(f, c -> c <= 1000)));
    assertThat(large.size() + notLarge.size()).isEqualTo(fx.expect(f -> f.data().capacity() != null).size());
  }

  // ---- Advanced Comparison Operators ----

  @Test
  @DisplayName("/req/advanced-comparison-operators/like-predicate")
  void reqAdvancedComparisonOperatorsLikePredicate() throws Exception {
    assertThat(fx.filtered("name LIKE '%食堂%'")).isEqualTo(fx.expect(f -> f.name().contains("食堂"))).isNotEmpty();
    assertThat(fx.filtered("name LIKE '八大峡%'")).isEqualTo(fx.expect(f -> f.name().startsWith("八大峡"))).isNotEmpty();
    assertThat(fx.filtered("name NOT LIKE '%号'")).isEqualTo(fx.expect(f -> !f.name().endsWith("号")));
    // _ is exactly one character, a Chinese one too (台东 has two).
    assertThat(fx.filtered("name LIKE '台_社区食堂%'"))
        .isEqualTo(fx.expect(f -> f.name().matches("台.社区食堂.*"))).isNotEmpty();
    assertThat(fx.filtered("name LIKE '台__社区食堂%'")).isEmpty();
    assertThat(fx.filtered("name LIKE '老年_活动室'")).containsExactly(fx.byName(UNDERSCORE_NAME).id());
    // \ escapes the wildcards.
    assertThat(fx.filtered("name LIKE '%\\%%'")).containsExactly(fx.byName(PERCENT_NAME).id());
    assertThat(fx.filtered("name LIKE '%\\_%'")).containsExactly(fx.byName(UNDERSCORE_NAME).id());
    // Wildcards never match NULL: neither LIKE nor NOT LIKE returns facilities without an address.
    assertThat(fx.filtered("address LIKE '%'")).isEqualTo(fx.expect(f -> f.data().address() != null));
    assertThat(fx.filtered("address NOT LIKE '%李村%'"))
        .isEqualTo(fx.expect(f -> f.data().address() != null && !f.data().address().contains("李村")));
    assertProblem(fx.get(ITEMS + "?filter=" + enc("capacity LIKE '1%'")), 400, "filter", "LIKE on a number");
  }

  @Test
  @DisplayName("/req/advanced-comparison-operators/between-predicate")
  void reqAdvancedComparisonOperatorsBetweenPredicate() throws Exception {
    // Inclusive at both ends (100 and 500 exist in the fixture).
    Set<Long> between = fx.filtered("capacity BETWEEN 100 AND 500");
    assertThat(between).isEqualTo(fx.expect(f -> cap(f, c -> c >= 100 && c <= 500)))
        .contains(fx.byName(PERCENT_NAME).id(), fx.byName(UNDERSCORE_NAME).id());
    assertThat(fx.filtered("capacity NOT BETWEEN 100 AND 500")).isEqualTo(fx.expect(f -> cap(f, c -> c < 100 || c > 500)));
    assertThat(fx.filtered("area_m2 BETWEEN 1000.5 AND 2000.25"))
        .isEqualTo(fx.expect(f -> area(f, a -> a >= 1000.5 && a <= 2000.25))).isNotEmpty();
    assertThat(fx.filtered("capacity BETWEEN 500 AND 100")).isEmpty();
    assertProblem(fx.get(ITEMS + "?filter=" + enc("name BETWEEN 1 AND 2")), 400, "filter", "BETWEEN on a string");
  }

  @Test
  @DisplayName("/req/advanced-comparison-operators/in-predicate")
  void reqAdvancedComparisonOperatorsInPredicate() throws Exception {
    assertThat(fx.filtered("status IN ('open', 'planned')"))
        .isEqualTo(fx.expect(f -> status(f, "open") || status(f, "planned")));
    assertThat(fx.filtered("status NOT IN ('open', 'planned')"))
        .isEqualTo(fx.expect(f -> status(f, "building") || status(f, "closed")));
    assertThat(fx.filtered("capacity IN (0, 100, 500)")).isEqualTo(fx.expect(f -> cap(f, c -> c == 0 || c == 100 || c == 500)))
        .contains(fx.byName(APOSTROPHE_NAME).id());
    assertThat(fx.filtered("name IN ('" + UNDERSCORE_NAME + "', '" + PERCENT_NAME + "', '没有这个')"))
        .containsExactlyInAnyOrder(fx.byName(UNDERSCORE_NAME).id(), fx.byName(PERCENT_NAME).id());
    assertThat(fx.filtered("category IN ('meal_point')")).isEqualTo(fx.expect(f -> f.data().category().equals("meal_point")));
    assertProblem(fx.get(ITEMS + "?filter=" + enc("status IN ('open', 3)")), 400, "filter", "mixed IN list");
  }

  // ---- Basic Spatial Functions ----

  @Test
  @DisplayName("/req/basic-spatial-functions/spatial-functions")
  void reqBasicSpatialFunctionsSpatialFunctions() throws Exception {
    // S_INTERSECTS with each kind of literal.
    assertThat(fx.filtered("S_INTERSECTS(geometry, BBOX(120.3, 36.1, 120.3672, 36.109))"))
        .isEqualTo(fx.expect(f -> inBox(f, 120.3, 36.1, 120.3672, 36.109))).hasSizeGreaterThan(50);
    OgcFixture.Fac some = fx.facilities.get(123);
    assertThat(fx.filtered("S_INTERSECTS(geometry, POINT(" + some.lon() + " " + some.lat() + "))"))
        .containsExactly(some.id());
    assertThat(fx.filtered("S_INTERSECTS(POINT(120 36), geometry)")).containsExactly(fx.byName(OgcFixture.MERIDIAN_NAME).id());
    // A polygon with a hole: JTS decides, independently, what it covers.
    String withHole = "POLYGON((120.1 35.9, 120.8 35.9, 120.8 36.5, 120.1 36.5, 120.1 35.9),"
        + " (120.3 36.05, 120.3 36.3, 120.6 36.3, 120.6 36.05, 120.3 36.05))";
    Geometry holed = new WKTReader(FixtureCity.GEOMETRY).read(withHole);
    assertThat(fx.filtered("S_INTERSECTS(geometry, " + withHole + ")"))
        .isEqualTo(fx.expect(f -> holed.intersects(f.data().geom()))).isNotEmpty();
    // Communities crossed by a line, and the one containing a point.
    String line = "LINESTRING(120.305 36.104, 120.331 36.104)";
    Geometry crossing = new WKTReader(FixtureCity.GEOMETRY).read(line);
    Set<String> crossed = new TreeSet<>();
    fx.json(COMMUNITY_ITEMS + "?filter=" + enc("S_INTERSECTS(geometry, " + line + ")")).get("features")
        .forEach(f -> crossed.add(f.get("id").asText()));
    Set<String> expected = new TreeSet<>();
    fx.communities.stream().filter(c -> c.geom().intersects(crossing)).forEach(c -> expected.add(c.code()));
    assertThat(crossed).isEqualTo(expected).hasSize(3);
    JsonNode inVillageHole = fx.json(COMMUNITY_ITEMS + "?filter=" + enc("S_INTERSECTS(geometry, POINT(120.61 36.205))"));
    assertThat(inVillageHole.get("features")).as("the village's hole is not the village").isEmpty();
    JsonNode inVillage = fx.json(COMMUNITY_ITEMS + "?filter=" + enc("S_INTERSECTS(geometry, POINT(120.601 36.201))"));
    assertThat(inVillage.at("/features/0/id").asText()).isEqualTo(OgcFixture.VILLAGE_CODE);
  }

  @Test
  @DisplayName("/req/basic-spatial-functions/spatial-predicate")
  void reqBasicSpatialFunctionsSpatialPredicate() throws Exception {
    String triangle = "POLYGON((120.0 35.9, 120.9 36.0, 120.4 36.6, 120.0 35.9))";
    Geometry area = FixtureCity.GEOMETRY.createPolygon(FixtureCity.GEOMETRY.createLinearRing(new Coordinate[] {
        new Coordinate(120.0, 35.9), new Coordinate(120.9, 36.0), new Coordinate(120.4, 36.6),
        new Coordinate(120.0, 35.9)}));
    Set<Long> inside = fx.expect(f -> area.intersects(f.data().geom()));
    // TRUE when the geometries intersect, FALSE otherwise: NOT gives exactly the rest.
    assertThat(fx.filtered("S_INTERSECTS(geometry, " + triangle + ")")).isEqualTo(inside).isNotEmpty();
    assertThat(fx.filtered("NOT S_INTERSECTS(geometry, " + triangle + ")"))
        .isEqualTo(fx.expect(f -> !area.intersects(f.data().geom()))).isNotEmpty();
    // The same triangle latitude first, in EPSG:4490.
    String latFirst = "POLYGON((35.9 120.0, 36.0 120.9, 36.6 120.4, 35.9 120.0))";
    assertThat(fx.filtered("S_INTERSECTS(geometry, " + latFirst + ")", "filter-crs=" + enc(EPSG_4490)))
        .isEqualTo(inside);
    assertThat(fx.filtered("S_INTERSECTS(geometry, BBOX(36.1, 120.3, 36.109, 120.3672))", "filter-crs=" + enc(EPSG_4490)))
        .isEqualTo(fx.expect(f -> inBox(f, 120.3, 36.1, 120.3672, 36.109)));
    // Winding does not matter.
    assertThat(fx.filtered("S_INTERSECTS(geometry, " + polygon(120.2, 36.0, 120.5, 36.3, true) + ")"))
        .isEqualTo(fx.filtered("S_INTERSECTS(geometry, " + polygon(120.2, 36.0, 120.5, 36.3, false) + ")"))
        .isEqualTo(fx.expect(f -> inBox(f, 120.2, 36.0, 120.5, 36.3)));
  }

  // ---- CQL2 Text ----

  @Test
  @DisplayName("/req/cql2-text/filter-lang")
  void reqCql2TextFilterLang() throws Exception {
    assertThat(fx.filtered("status = 'closed'", "filter-lang=cql2-text"))
        .isEqualTo(fx.expect(f -> status(f, "closed"))).isNotEmpty();
    assertProblem(fx.get(ITEMS + "?filter-lang=cql-text&filter=" + enc("status = 'closed'")), 400, "filter-lang", "cql-text");
  }

  @Test
  @DisplayName("/req/cql2-text/escaping")
  void reqCql2TextEscaping() throws Exception {
    long apostrophe = fx.byName(APOSTROPHE_NAME).id();
    // An embedded quote doubled, or escaped with a backslash.
    assertThat(fx.filtered("name = 'O''Neil国际社区服务站'")).containsExactly(apostrophe);
    assertThat(fx.filtered("name = 'O\\'Neil国际社区服务站'")).containsExactly(apostrophe);
    // A backslash in the value is written as two.
    assertThat(fx.filtered("name = '反斜杠\\\\驿站'")).containsExactly(fx.byName(BACKSLASH_NAME).id());
    assertThat(fx.filtered("name LIKE 'O\\'Neil%'")).containsExactly(apostrophe);
    // The control-character escapes, against names added for this test only.
    fx.execute("""
        INSERT INTO facility (category, name, source, source_id, geom, updated_by)
        VALUES ('meal_point', 'a''b', 'escaping', '1', ST_SetSRID(ST_MakePoint(121.5, 37.5), 4490), 'test'),
               ('meal_point', E'制表\\t符\\r\\n换行', 'escaping', '2', ST_SetSRID(ST_MakePoint(121.5, 37.5), 4490), 'test')""");
    try {
      long quoted = fx.sqlLong("SELECT id FROM facility WHERE source = 'escaping' AND source_id = '1'");
      long controls = fx.sqlLong("SELECT id FROM facility WHERE source = 'escaping' AND source_id = '2'");
      assertThat(fx.filtered("name = 'a''b'")).containsExactly(quoted);
      assertThat(fx.filtered("name = 'a\\'b'")).containsExactly(quoted);
      assertThat(fx.filtered("name = '制表\\t符\\r\\n换行'")).containsExactly(controls);
      assertThat(fx.filtered("name LIKE '%\\t%'")).containsExactly(controls);
    } finally {
      fx.execute("DELETE FROM facility WHERE source = 'escaping'");
    }
    // A backslash that starts no escape is refused, with its position, not taken literally.
    HttpResponse<String> unknown = fx.get(ITEMS + "?filter=" + enc("name = 'C:\\data'"));
    assertProblem(unknown, 400, "filter", "unknown escape");
    assertThat(unknown.body()).contains("unknown escape", "position 11");
  }

  @Test
  @DisplayName("/req/cql2-text/advanced-comparison-operators")
  void reqCql2TextAdvancedComparisonOperators() throws Exception {
    // Keywords in any case, as text.
    assertThat(fx.filtered("name like '%食堂%' and capacity not between 100 and 1500 or status in ('closed')"))
        .isEqualTo(fx.expect(f -> (f.name().contains("食堂") && cap(f, c -> c < 100 || c > 1500)) || status(f, "closed")));
    assertThat(fx.filtered("category Not In ('meal_point', 'police_office')"))
        .isEqualTo(fx.expect(f -> !Set.of("meal_point", "police_office").contains(f.data().category())));
  }

  @Test
  @DisplayName("/req/cql2-text/basic-spatial-functions")
  void reqCql2TextBasicSpatialFunctions() throws Exception {
    Set<Long> expected = fx.expect(f -> inBox(f, 120.3, 36.1, 120.3672, 36.109));
    assertThat(fx.filtered("s_intersects(geometry, bbox(120.3,36.1,120.3672,36.109))")).isEqualTo(expected);
    assertThat(fx.filtered("S_INTERSECTS( geometry ,POLYGON ( ( 120.3 36.1 , 120.3672 36.1 , 120.3672 36.109 ,"
        + " 120.3 36.109 , 120.3 36.1 ) ) )")).isEqualTo(expected);
    assertThat(fx.filtered("S_INTERSECTS(geometry, POINT Z(120 36 15))"))
        .containsExactly(fx.byName(OgcFixture.MERIDIAN_NAME).id());
    OgcFixture.Fac a = fx.facilities.get(3);
    OgcFixture.Fac b = fx.facilities.get(4);
    assertThat(fx.filtered("S_INTERSECTS(geometry, MULTIPOINT((" + a.lon() + " " + a.lat() + "), (" + b.lon() + " "
        + b.lat() + ")))")).containsExactlyInAnyOrder(a.id(), b.id());
  }

  // ---- helpers ----

  private static boolean status(OgcFixture.Fac f, String status) {
    return f.data().status().equals(status);
  }

  /** Three-valued: false when the facility has no capacity. */
  private static boolean cap(OgcFixture.Fac f, Predicate<Double> test) {
    return f.data().capacity() != null && test.test(f.data().capacity().doubleValue());
  }

  private static boolean area(OgcFixture.Fac f, Predicate<Double> test) {
    return f.data().areaM2() != null && test.test(f.data().areaM2());
  }

  private static boolean opened(OgcFixture.Fac f, Predicate<LocalDate> test) {
    return f.data().openedOn() != null && test.test(f.data().openedOn());
  }
}
