package linli.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import linli.registry.Database;
import linli.registry.city.CityData;
import linli.registry.city.CityLoader;
import linli.registry.testing.FixtureCity;
import linli.registry.testing.PostgisExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.locationtech.jts.geom.Point;

/**
 * GET /api/search: the places found are exactly those whose name holds the text (any case for Latin
 * letters) or whose code starts with it, as computed here from the fixture city itself, best first.
 */
@ExtendWith(PostgisExtension.class)
class SearchApiIT {
  private static final CityData CITY = FixtureCity.build();
  private static RunningApp app;

  @BeforeAll
  static void start(Database db) throws Exception {
    new CityLoader(db.dataSource()).load(CITY);
    try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
      s.execute("INSERT INTO facility (category, name, address, status, source, source_id, geom) VALUES"
          + " ('culture_room', 'Taixi Library', '台西三路1号', 'open', 'test', 'LIB-7', ST_SetSRID(ST_MakePoint(120.31, 36.104), 4490)),"
          + " ('culture_room', '100% 书屋', NULL, 'open', 'test', 'LIB-8', ST_SetSRID(ST_MakePoint(120.32, 36.104), 4490)),"
          + " ('culture_room', '社区2图书角', NULL, 'open', 'test', 'LIB-9', ST_SetSRID(ST_MakePoint(120.33, 36.104), 4490))");
      s.execute("UPDATE facility SET deleted = true, version = version + 1 WHERE source_id = 'LIB-9'");
    }
    app = new RunningApp(db);
  }

  @AfterAll
  static void stop() {
    if (app != null) {
      app.close();
    }
  }

  private static JsonNode search(String q, String more) throws Exception {
    var r = app.get("/api/search?q=" + URLEncoder.encode(q, StandardCharsets.UTF_8) + more);
    assertThat(r.statusCode()).as(q + ": " + r.body()).isEqualTo(200);
    return RunningApp.json(r).path("places");
  }

  private static Set<String> found(JsonNode places) {
    Set<String> out = new HashSet<>();
    places.forEach(p -> out.add(p.path("kind").asText() + ":" + p.path("name").asText()));
    return out;
  }

  /** The oracle: the fixture's divisions (and the test's facilities) whose name holds q or whose code starts with it. */
  private static Set<String> expected(String q, List<String> facilities) {
    String lower = q.toLowerCase(Locale.ROOT);
    Set<String> out = new HashSet<>();
    CITY.districts().forEach(d -> add(out, "district", d.name(), d.code(), q, lower));
    CITY.streets().forEach(s -> add(out, "street", s.name(), s.code(), q, lower));
    CITY.communities().forEach(c -> add(out, "community", c.name(), c.code(), q, lower));
    List<String> names = new ArrayList<>(facilities);
    CITY.facilities().forEach(f -> names.add(f.name()));
    names.forEach(n -> add(out, "facility", n, "", q, lower));
    return out;
  }

  private static void add(Set<String> out, String kind, String name, String code, String q, String lower) {
    if (name.toLowerCase(Locale.ROOT).contains(lower) || (!code.isEmpty() && code.startsWith(q))) {
      out.add(kind + ":" + name);
    }
  }

  @Test
  void namesAndCodesFindWhatTheFixtureHolds() throws Exception {
    List<String> live = List.of("Taixi Library", "100% 书屋"); // the deleted 社区2图书角 is never found
    for (String q : new String[] {"社区", "社区2", "市南", "街道", "避难场所", "370203", "370202001002", "library", "区"}) {
      assertThat(found(search(q, "&limit=50"))).as(q).isEqualTo(expected(q, live));
    }
    // Latin text in any case; a percent sign is text, not a wildcard.
    assertThat(found(search("TAIXI lib", ""))).containsExactly("facility:Taixi Library");
    assertThat(found(search("100%", ""))).containsExactly("facility:100% 书屋");
    assertThat(found(search("%", ""))).containsExactly("facility:100% 书屋");
    // A facility by its address or its source's id.
    assertThat(found(search("台西三路", ""))).containsExactly("facility:Taixi Library");
    assertThat(found(search("LIB-7", ""))).containsExactly("facility:Taixi Library");
  }

  @Test
  void theExactNameComesFirstAndACommunityPointsAtItsOffice() throws Exception {
    JsonNode places = search("社区2", "");
    JsonNode first = places.get(0);
    assertThat(first.path("kind").asText()).isEqualTo("community");
    assertThat(first.path("id").asText()).isEqualTo(FixtureCity.communityCode(2));
    assertThat(first.path("street_name").asText()).isEqualTo("甲街道");
    assertThat(first.path("district_name").asText()).isEqualTo("市南区");
    Point office = FixtureCity.anchor(2);
    assertThat(first.path("lon").asDouble()).isCloseTo(office.getX(), org.assertj.core.data.Offset.offset(1e-9));
    assertThat(first.path("lat").asDouble()).isCloseTo(office.getY(), org.assertj.core.data.Offset.offset(1e-9));
    // Its box is its 1 km square.
    JsonNode bbox = first.path("bbox");
    assertThat(bbox.get(0).asDouble()).isLessThan(office.getX());
    assertThat(bbox.get(2).asDouble()).isGreaterThan(office.getX());
    // The district comes before its street and communities for "市南区"; a street's box holds its communities'.
    assertThat(search("市南区", "").get(0).path("kind").asText()).isEqualTo("district");
    JsonNode shelter = search("避难场所a", "").get(0);
    assertThat(shelter.path("kind").asText()).isEqualTo("facility");
    assertThat(shelter.path("category").asText()).isEqualTo("emergency_shelter");
    assertThat(shelter.path("bbox").isNull()).isTrue();
    assertThat(search("社区", "&limit=2").size()).isEqualTo(2);
  }

  @Test
  void badSearchesAreProblemsNamingTheField() throws Exception {
    String[][] cases = {{"/api/search", "q"}, {"/api/search?q=%20", "q"}, {"/api/search?q=" + "x".repeat(101), "q"},
        {"/api/search?q=a&limit=0", "limit"}, {"/api/search?q=a&limit=51", "limit"}, {"/api/search?q=a&limit=ten", "limit"}};
    for (String[] c : cases) {
      var r = app.get(c[0]);
      assertThat(r.statusCode()).as(c[0]).isEqualTo(400);
      assertThat(r.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
      assertThat(RunningApp.json(r).path("errors").get(0).path("field").asText()).as(c[0]).isEqualTo(c[1]);
    }
  }
}
