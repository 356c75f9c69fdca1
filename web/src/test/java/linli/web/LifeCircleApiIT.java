package linli.web;

import static linli.registry.testing.FixtureCity.anchor;
import static linli.registry.testing.FixtureCity.communityCode;
import static linli.registry.testing.FixtureCity.offset;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import linli.registry.Database;
import linli.registry.city.CityData;
import linli.registry.city.CityLoader;
import linli.registry.testing.FixtureCity;
import linli.registry.testing.Gdal;
import linli.registry.testing.PostgisExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Point;

/**
 * Life circles over HTTP, checked against two independent recomputations: completeness per community
 * from /api/coverage/communities asked category by category (straight and network), and in straight
 * mode from geodesic distances (GeographicLib) between the fixture's reference points and facilities.
 */
@ExtendWith(PostgisExtension.class)
class LifeCircleApiIT {
  /** Every category the default definitions require (V22). */
  private static final List<String> REQUIRED = List.of("children_venue", "elderly_care_station", "fitness_venue",
      "culture_room", "health_station", "meal_point", "community_hospital", "elderly_care_center",
      "community_school", "science_site", "psych_service", "employment_service", "legal_service");

  private static RunningApp app;
  private static final List<CityData.Facility> FACILITIES = new ArrayList<>();

  @BeforeAll
  static void start(Database db) throws Exception {
    CityData fixture = FixtureCity.build();
    // Every community measured from its own reference point, so the geodesic oracle knows it.
    List<CityData.Community> communities = new ArrayList<>();
    for (int i = 0; i < fixture.communities().size(); i++) {
      CityData.Community c = fixture.communities().get(i);
      communities.add(new CityData.Community(c.code(), c.name(), c.kind(), c.streetCode(), c.population(), c.workers(),
          c.smart(), anchor(i), c.geom()));
    }
    // A facility of most categories near most communities, 100 to 850 m away (none near 300, 500 or
    // 1,000 m, the levels' distances), so circles come out complete, nearly complete and empty.
    for (int k = 0; k < REQUIRED.size(); k++) {
      for (int i = 0; i < 6; i++) {
        if ((i * 7 + k * 3) % 5 == 0) {
          continue;
        }
        double metres = 100 + 150 * ((i + k) % 6);
        Point at = offset(anchor(i), (k * 37 + i * 11) % 360, metres);
        FACILITIES.add(new CityData.Facility(REQUIRED.get(k), REQUIRED.get(k) + i, null, "open", null, null,
            communityCode(i), null, "fixture", REQUIRED.get(k) + "-" + i, at));
      }
    }
    // A closed children's venue beside community 5: only status=closed counts it.
    FACILITIES.add(new CityData.Facility("children_venue", "closed", null, "closed", null, null, communityCode(5), null,
        "fixture", "closed-children", offset(anchor(5), 45, 50)));
    List<CityData.Facility> all = new ArrayList<>(fixture.facilities());
    all.addAll(FACILITIES);
    List<CityData.Road> roads = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      roads.add(new CityData.Road("residential", true, FixtureCity.GEOMETRY.createLineString(new Coordinate[] {
          anchor(i).getCoordinate(), anchor(i + 1).getCoordinate()})));
    }
    new CityLoader(db.dataSource()).load(new CityData(fixture.districts(), fixture.streets(), communities, all, roads));
    app = new RunningApp(db);
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  @Test
  void definitionsAreTheStandardsDefaults() throws Exception {
    JsonNode all = RunningApp.json(app.get("/api/life-circles"));
    assertThat(all).hasSize(3);
    assertThat(all.findValues("level").stream().map(JsonNode::asInt)).containsExactly(5, 10, 15);
    assertThat(all.findValues("distance_m").stream().map(JsonNode::asDouble)).containsExactly(300.0, 500.0, 1000.0);
    List<String> required = new ArrayList<>();
    all.forEach(level -> level.get("categories").forEach(c -> required.add(c.asText())));
    assertThat(required).containsExactlyInAnyOrderElementsOf(REQUIRED);
    JsonNode ten = RunningApp.json(app.get("/api/life-circles/10"));
    assertThat(ten.get("level").asInt()).isEqualTo(10);
    assertThat(ten.get("categories")).hasSize(4);
    assertThat(app.get("/api/life-circles/7").statusCode()).isEqualTo(404);
  }

  /** The answer equals completeness recomputed from per-category coverage, in both modes, per level and by area. */
  @Test
  void circlesEqualPerCategoryCoverage() throws Exception {
    for (String mode : List.of("straight", "network")) {
      Map<Integer, Map<String, Expected>> expected = fromCoverage(mode, "open");
      assertCircles(mode, "", expected);
      assertSummary(mode, expected);
    }
    // A status filter reaches every category's question.
    assertCircles("straight", "&status=open,closed", fromCoverage("straight", "open,closed"));
  }

  /** In straight mode the same circles come from geodesic distances alone, not from the engine. */
  @Test
  void straightCirclesEqualGeodesicDistances() throws Exception {
    Map<Integer, Map<String, Expected>> geodesic = new TreeMap<>();
    for (JsonNode level : RunningApp.json(app.get("/api/life-circles"))) {
      double d = level.get("distance_m").asDouble();
      Map<String, Expected> byCommunity = new TreeMap<>();
      for (int i = 0; i < 6; i++) {
        Expected e = new Expected(new ArrayList<>(), new ArrayList<>());
        for (JsonNode c : level.get("categories")) {
          boolean reached = false;
          for (CityData.Facility f : FACILITIES) {
            reached |= f.category().equals(c.asText()) && f.status().equals("open")
                && FixtureCity.distance(anchor(i), f.geom()) <= d;
          }
          (reached ? e.reachable() : e.missing()).add(c.asText());
        }
        byCommunity.put(communityCode(i), e);
      }
      geodesic.put(level.get("level").asInt(), byCommunity);
    }
    assertCircles("straight", "", geodesic);
    // The fixture is not trivial: some circles complete, some partly, some empty.
    List<Double> scores = new ArrayList<>();
    geodesic.values().forEach(m -> m.values().forEach(e -> scores.add(e.score())));
    assertThat(scores).contains(1.0).contains(0.0).anyMatch(s -> s > 0 && s < 1);
  }

  @Test
  void anAdminChangesALevelAndTheCirclesFollow() throws Exception {
    String path = "/api/life-circles/5";
    JsonNode before = RunningApp.json(app.get(path));
    try {
      String body = "{\"distance_m\": 260, \"categories\": [\"children_venue\", \"meal_point\"]}";
      assertThat(app.put(path, body).statusCode()).isEqualTo(401);
      HttpResponse<String> r = app.put(path, body, RunningApp.admin());
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
      assertThat(RunningApp.json(r).get("distance_m").asDouble()).isEqualTo(260.0);
      JsonNode now = RunningApp.json(app.get(path));
      assertThat(now.get("categories").toString()).isEqualTo("[\"children_venue\",\"meal_point\"]");
      assertCircles("straight", "", fromCoverage("straight", "open"));

      HttpResponse<String> bad = app.put(path, "{\"distance_m\": 0, \"categories\": [\"children_venue\", \"nope\","
          + " \"children_venue\", 3]}", RunningApp.admin());
      assertThat(bad.statusCode()).isEqualTo(400);
      assertThat(RunningApp.json(bad).findValues("field").stream().map(JsonNode::asText))
          .containsExactly("distance_m", "categories[1]", "categories[2]", "categories[3]");
      assertField(app.put(path, "{\"distance_m\": 300, \"categories\": []}", RunningApp.admin()), "categories");
      assertField(app.put(path, "{\"distance_m\": \"far\", \"categories\": [\"meal_point\"]}", RunningApp.admin()),
          "distance_m");
      assertField(app.put(path, "[]", RunningApp.admin()), "body");
      assertThat(RunningApp.json(app.get(path)).get("distance_m").asDouble()).isEqualTo(260.0);
    } finally {
      List<String> categories = new ArrayList<>();
      before.get("categories").forEach(c -> categories.add("\"" + c.asText() + "\""));
      assertThat(app.put(path, "{\"distance_m\": " + before.get("distance_m").asDouble() + ", \"categories\": "
          + categories + "}", RunningApp.admin()).statusCode()).isEqualTo(200);
    }
  }

  @Test
  void badScopesNameTheirField() throws Exception {
    for (String path : List.of("/api/life-circles/communities", "/api/life-circles/15/communities",
        "/api/life-circles/summary")) {
      assertField(app.get(path + "?mode=bicycle"), "mode");
      assertField(app.get(path + "?district=nowhere"), "district");
      assertField(app.get(path + "?status=built"), "status");
    }
  }

  @Test
  void aDistrictLimitsTheCommunities() throws Exception {
    JsonNode one = RunningApp.json(app.get("/api/life-circles/communities?district=370203"));
    assertThat(one.get("features")).hasSize(3);
    one.get("features").forEach(f -> assertThat(f.at("/properties/district_code").asText()).isEqualTo("370203"));
  }

  /** The export's columns, as GDAL reads them from a Shapefile and a GeoJSON file, equal the API's circles. */
  @Test
  void exportsCarryEveryLevelsCircle(@TempDir Path dir) throws Exception {
    Map<String, JsonNode> api = new TreeMap<>();
    for (JsonNode f : RunningApp.json(app.get("/api/life-circles/communities?mode=network")).get("features")) {
      api.put(f.at("/properties/code").asText(), f.at("/properties/circles"));
    }
    for (String format : List.of("shp.zip", "geojson")) {
      HttpResponse<byte[]> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
          app.url("/api/export/communities." + format + "?life_circles=true&mode=network"))).build(),
          HttpResponse.BodyHandlers.ofByteArray());
      assertThat(r.statusCode()).as(format).isEqualTo(200);
      Path file = Files.write(dir.resolve("communities." + format), r.body());
      String source = format.equals("shp.zip") ? "/vsizip/" + file + "/communities.shp" : file.toString();
      boolean shp = format.equals("shp.zip");
      List<Gdal.Feature> features = Gdal.features(source);
      assertThat(features).hasSize(6);
      for (Gdal.Feature f : features) {
        JsonNode circles = api.get(f.get("code"));
        for (JsonNode circle : circles) {
          String level = "lc" + circle.get("level").asText();
          assertThat(f.get(level + (shp ? "_full" : "_complete"))).as(format + " " + f.values())
              .isIn(circle.get("complete").asBoolean() ? List.of("1", "true") : List.of("0", "false"));
          assertThat(Double.parseDouble(f.get(level + "_score"))).isEqualTo(circle.get("score").asDouble());
          assertThat(f.values().getOrDefault(level + (shp ? "_miss" : "_missing"), ""))
              .isEqualTo(String.join(",", texts(circle.get("missing"))));
        }
      }
    }
    assertField(app.get("/api/export/facilities.csv?life_circles=true"), "life_circles");
    assertField(app.get("/api/export/communities.csv?life_circles=maybe"), "life_circles");
  }

  private record Expected(List<String> reachable, List<String> missing) {
    double score() {
      int n = reachable.size() + missing.size();
      return Math.round(reachable.size() * 10_000.0 / n) / 10_000.0;
    }
  }

  /** Per level, per community: the required categories /api/coverage/communities says cover it. */
  private static Map<Integer, Map<String, Expected>> fromCoverage(String mode, String status) throws Exception {
    Map<Integer, Map<String, Expected>> out = new TreeMap<>();
    for (JsonNode level : RunningApp.json(app.get("/api/life-circles"))) {
      Map<String, Expected> byCommunity = new TreeMap<>();
      for (JsonNode category : level.get("categories")) {
        JsonNode fc = RunningApp.json(app.get("/api/coverage/communities?category=" + category.asText() + "&distance="
            + level.get("distance_m").asDouble() + "&mode=" + mode + "&status="
            + URLEncoder.encode(status, StandardCharsets.UTF_8)));
        for (JsonNode f : fc.get("features")) {
          Expected e = byCommunity.computeIfAbsent(f.at("/properties/code").asText(),
              k -> new Expected(new ArrayList<>(), new ArrayList<>()));
          (f.at("/properties/covered").asBoolean() ? e.reachable() : e.missing()).add(category.asText());
        }
      }
      out.put(level.get("level").asInt(), byCommunity);
    }
    return out;
  }

  private static void assertCircles(String mode, String more, Map<Integer, Map<String, Expected>> expected)
      throws Exception {
    JsonNode all = RunningApp.json(app.get("/api/life-circles/communities?mode=" + mode + more));
    assertThat(all.get("features")).hasSize(6);
    for (Map.Entry<Integer, Map<String, Expected>> level : expected.entrySet()) {
      JsonNode one = RunningApp.json(app.get("/api/life-circles/" + level.getKey() + "/communities?mode=" + mode + more));
      Map<String, Expected> got = new TreeMap<>();
      Map<String, Expected> gotFromAll = new TreeMap<>();
      for (JsonNode f : one.get("features")) {
        JsonNode p = f.get("properties");
        Expected e = new Expected(texts(p.get("reachable")), texts(p.get("missing")));
        got.put(p.get("code").asText(), e);
        assertThat(p.get("complete").asBoolean()).as(mode + " " + p).isEqualTo(e.missing().isEmpty());
        assertThat(p.get("score").asDouble()).as(mode + " " + p).isEqualTo(e.score());
      }
      for (JsonNode f : all.get("features")) {
        for (JsonNode circle : f.at("/properties/circles")) {
          if (circle.get("level").asInt() == level.getKey()) {
            gotFromAll.put(f.at("/properties/code").asText(),
                new Expected(texts(circle.get("reachable")), texts(circle.get("missing"))));
          }
        }
      }
      assertThat(got).as(mode + more + " level " + level.getKey()).isEqualTo(level.getValue());
      assertThat(gotFromAll).as(mode + more + " all levels, level " + level.getKey()).isEqualTo(level.getValue());
    }
  }

  /** City, district and street shares of residents with complete circles, from the expected circles and populations. */
  private static void assertSummary(String mode, Map<Integer, Map<String, Expected>> expected) throws Exception {
    JsonNode summary = RunningApp.json(app.get("/api/life-circles/summary?mode=" + mode));
    assertThat(summary.get("mode").asText()).isEqualTo(mode);
    Map<String, Long> population = new HashMap<>();
    Map<String, String> street = new HashMap<>();
    Map<String, String> district = new HashMap<>();
    for (JsonNode f : RunningApp.json(app.get("/api/communities?limit=100")).get("features")) {
      JsonNode p = f.get("properties");
      population.put(p.get("code").asText(), p.get("population").asLong());
      street.put(p.get("code").asText(), p.get("street_code").asText());
      district.put(p.get("code").asText(), p.get("district_code").asText());
    }
    assertThat(population).hasSize(6);
    assertArea(summary.get("city"), expected, population, code -> true);
    assertThat(summary.get("by_district")).hasSize(2);
    for (JsonNode d : summary.get("by_district")) {
      assertArea(d, expected, population, code -> district.get(code).equals(d.get("code").asText()));
    }
    assertThat(summary.get("by_street")).hasSize(2);
    for (JsonNode s : summary.get("by_street")) {
      assertArea(s, expected, population, code -> street.get(code).equals(s.get("code").asText()));
    }
    // Most missing: residents without each required category, largest first.
    Map<String, Long> missing = new LinkedHashMap<>();
    expected.forEach((level, byCommunity) -> byCommunity.forEach((code, e) -> e.missing()
        .forEach(c -> missing.merge(level + ":" + c, population.get(code), Long::sum))));
    JsonNode most = summary.get("most_missing");
    long previous = Long.MAX_VALUE;
    for (JsonNode m : most) {
      long people = m.get("population").asLong();
      assertThat(people).isEqualTo(missing.getOrDefault(m.get("level").asInt() + ":" + m.get("category").asText(), 0L));
      assertThat(people).isLessThanOrEqualTo(previous);
      previous = people;
    }
  }

  private static void assertArea(JsonNode area, Map<Integer, Map<String, Expected>> expected, Map<String, Long> population,
      java.util.function.Predicate<String> inArea) {
    long people = population.entrySet().stream().filter(e -> inArea.test(e.getKey())).mapToLong(Map.Entry::getValue).sum();
    assertThat(area.get("population").asLong()).isEqualTo(people);
    for (JsonNode share : area.get("circles")) {
      long complete = expected.get(share.get("level").asInt()).entrySet().stream()
          .filter(e -> inArea.test(e.getKey()) && e.getValue().missing().isEmpty())
          .mapToLong(e -> population.get(e.getKey())).sum();
      assertThat(share.get("population_complete").asLong()).as(area.toString()).isEqualTo(complete);
      assertThat(share.get("share").asDouble()).isEqualTo(Math.round(complete * 10_000.0 / people) / 10_000.0);
    }
  }

  private static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }

  private static void assertField(HttpResponse<String> r, String field) throws Exception {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
    assertThat(RunningApp.json(r).at("/errors/0/field").asText()).isEqualTo(field);
  }
}
