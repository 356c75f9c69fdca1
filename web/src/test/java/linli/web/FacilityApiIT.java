package linli.web;

import static linli.web.RunningApp.admin;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import linli.registry.Database;
import linli.registry.city.CityLoader;
import linli.registry.testing.FixtureCity;
import linli.registry.testing.PostgisExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Facilities CRUD through the real server: ETags, If-Match, history, validation, auth. */
@ExtendWith(PostgisExtension.class)
class FacilityApiIT {
  private static RunningApp app;

  @BeforeAll
  static void start(Database db) throws Exception {
    new CityLoader(db.dataSource()).load(FixtureCity.build());
    app = new RunningApp(db);
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  /** A shelter 100 m inside community 1 (fixture), in the GeoJSON a bureau would send. */
  static String shelter(String name, String extraProperties) {
    return """
        {"type": "Feature", "geometry": {"type": "Point", "coordinates": [120.3168, 36.1045]},
         "properties": {"category": "emergency_shelter", "name": "%s", "address": "青岛市市南区香港中路1号",
                        "status": "open", "capacity": 1200, "area_m2": 1800.5, "opened_on": "2021-06-01"%s}}
        """.formatted(name, extraProperties);
  }

  private static HttpResponse<String> create(String body) throws Exception {
    return app.post("/api/facilities", body, admin("Content-Type", "application/geo+json"));
  }

  @Test
  void createReturns201WithLocationETagAndTheStoredFeature() throws Exception {
    HttpResponse<String> r = create(shelter("八大峡广场避难场所", ", \"管理单位\": \"市南区应急局\""));
    assertThat(r.statusCode()).isEqualTo(201);
    String location = r.headers().firstValue("Location").orElseThrow();
    assertThat(location).matches("/api/facilities/\\d+");
    assertThat(r.headers().firstValue("ETag")).contains("\"1\"");
    JsonNode f = RunningApp.json(r);
    assertThat(f.at("/properties/name").asText()).isEqualTo("八大峡广场避难场所");
    assertThat(f.at("/properties/version").asInt()).isEqualTo(1);
    assertThat(f.at("/properties/updated_by").asText()).isEqualTo("admin");
    // Derived from the location: the point lies in fixture community 1.
    assertThat(f.at("/properties/community_code").asText()).isEqualTo(FixtureCity.communityCode(1));
    // Unknown properties are kept, in extra.
    assertThat(f.at("/properties/extra/管理单位").asText()).isEqualTo("市南区应急局");
    assertThat(f.at("/geometry/coordinates/0").asDouble()).isEqualTo(120.3168);
    assertThat(f.get("geometry").has("crs")).as("RFC 7946 has no crs member").isFalse();

    HttpResponse<String> read = app.get(location);
    assertThat(read.statusCode()).isEqualTo(200);
    assertThat(read.headers().firstValue("ETag")).contains("\"1\"");
    assertThat(RunningApp.json(read)).isEqualTo(f);
    assertThat(app.get(location, "If-None-Match", "\"1\"").statusCode()).isEqualTo(304);
  }

  @Test
  void replaceNeedsIfMatchAndRefusesAStaleVersion() throws Exception {
    String location = create(shelter("旧名", "")).headers().firstValue("Location").orElseThrow();
    HttpResponse<String> noIfMatch = app.put(location, shelter("新名", ""), admin());
    assertThat(noIfMatch.statusCode()).isEqualTo(428);
    assertThat(noIfMatch.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");

    HttpResponse<String> ok = app.put(location, shelter("新名", ""), admin("If-Match", "\"1\""));
    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(ok.headers().firstValue("ETag")).contains("\"2\"");
    assertThat(RunningApp.json(ok).at("/properties/name").asText()).isEqualTo("新名");

    HttpResponse<String> stale = app.put(location, shelter("又一个名字", ""), admin("If-Match", "\"1\""));
    assertThat(stale.statusCode()).isEqualTo(412);
    assertThat(stale.headers().firstValue("ETag")).contains("\"2\"");
    assertThat(RunningApp.json(app.get(location)).at("/properties/name").asText()).isEqualTo("新名");
  }

  @Test
  void twoClientsRacingToUpdateTheSameVersionExactlyOneWins() throws Exception {
    String location = create(shelter("竞争", "")).headers().firstValue("Location").orElseThrow();
    int clients = 8;
    CountDownLatch go = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    try {
      List<Callable<Integer>> racers = new java.util.ArrayList<>();
      for (int i = 0; i < clients; i++) {
        String name = "客户" + i;
        racers.add(() -> {
          go.await();
          return app.put(location, shelter(name, ""), admin("If-Match", "\"1\"")).statusCode();
        });
      }
      List<Future<Integer>> results = racers.stream().map(pool::submit).toList();
      go.countDown();
      List<Integer> statuses = new java.util.ArrayList<>();
      for (Future<Integer> f : results) {
        statuses.add(f.get());
      }
      assertThat(statuses).filteredOn(s -> s == 200).hasSize(1);
      assertThat(statuses).filteredOn(s -> s == 412).hasSize(clients - 1);
    } finally {
      pool.shutdownNow();
    }
    JsonNode history = RunningApp.json(app.get(location + "/history"));
    assertThat(history).hasSize(2);
  }

  @Test
  void deleteIsSoftAndTheHistoryKeepsEveryVersion() throws Exception {
    String location = create(shelter("将关闭", "")).headers().firstValue("Location").orElseThrow();
    app.put(location, shelter("将关闭(改)", ""), admin("If-Match", "\"1\""));
    assertThat(app.delete(location, admin()).statusCode()).isEqualTo(428);
    assertThat(app.delete(location, admin("If-Match", "\"1\"")).statusCode()).isEqualTo(412);
    assertThat(app.delete(location, admin("If-Match", "\"2\"")).statusCode()).isEqualTo(204);
    assertThat(app.get(location).statusCode()).isEqualTo(404);

    JsonNode history = RunningApp.json(app.get(location + "/history"));
    assertThat(history).hasSize(3);
    assertThat(history.findValuesAsText("action")).containsExactly("create", "update", "delete");
    assertThat(history.get(0).at("/feature/properties/name").asText()).isEqualTo("将关闭");
    assertThat(history.get(1).at("/feature/properties/name").asText()).isEqualTo("将关闭(改)");
    assertThat(history.get(2).get("by").asText()).isEqualTo("admin");
    assertThat(history.get(2).get("at").asText()).isNotBlank();
  }

  @Test
  void badInputNamesEveryBadFieldAndWritesNothing() throws Exception {
    long before = RunningApp.json(app.get("/api/facilities?limit=1")).get("numberMatched").asLong();
    String bad = """
        {"type": "Feature", "geometry": {"type": "Point", "coordinates": [120.31, 36.10]},
         "properties": {"category": "spaceport", "name": "x", "status": "half-open", "capacity": -3,
                        "community_code": "123"}}""";
    HttpResponse<String> r = create(bad);
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(RunningApp.json(r).get("errors").findValuesAsText("field"))
        .containsExactlyInAnyOrder("category", "status", "capacity", "community_code");
    assertField(create(shelter("x", "").replace("\"capacity\": 1200", "\"capacity\": \"many\"")), "capacity");
    assertField(create(shelter("x", "").replace("2021-06-01", "2021-13-45")), "opened_on");
    assertField(create(shelter("x", "").replace("\"Point\"", "\"LineString\"")), "geometry");
    assertField(create(shelter("x", "").replace("[120.3168, 36.1045]", "[36.1045, 120.3168]")), "geometry");
    assertField(create(shelter("x", "").replace("[120.3168, 36.1045]", "[116.4, 39.9]")), "geometry");
    assertField(create(shelter("x".repeat(201), "")), "name");
    assertField(create("{\"type\": \"FeatureCollection\"}"), "type");
    assertField(create("not json"), "body");
    assertThat(RunningApp.json(app.get("/api/facilities?limit=1")).get("numberMatched").asLong()).isEqualTo(before);
  }

  @Test
  void swappedCoordinatesGetAHint() throws Exception {
    HttpResponse<String> r = create(shelter("x", "").replace("[120.3168, 36.1045]", "[36.1045, 120.3168]"));
    assertThat(RunningApp.json(r).at("/errors/0/message").asText()).contains("swapped");
  }

  @Test
  void aSourcePairIsUnique() throws Exception {
    String sourced = shelter("来源", ", \"source\": \"应急局\", \"source_id\": \"BN-001\"");
    assertThat(create(sourced).statusCode()).isEqualTo(201);
    HttpResponse<String> again = create(sourced);
    assertThat(again.statusCode()).isEqualTo(409);
    assertThat(RunningApp.json(again).at("/errors/0/field").asText()).isEqualTo("source_id");
  }

  @Test
  void writesNeedTheAdminToken() throws Exception {
    assertThat(app.post("/api/facilities", shelter("x", "")).statusCode()).isEqualTo(401);
    // An unknown token is no valid token: 401 (403 is for valid tokens outside their rights).
    assertThat(app.post("/api/facilities", shelter("x", ""), "Authorization", "Bearer wrong").statusCode())
        .isEqualTo(401);
  }

  @Test
  void listFiltersByTextInChinese() throws Exception {
    create(shelter("崂山书院避难场所", ""));
    JsonNode found = RunningApp.json(app.get("/api/facilities?q=" + java.net.URLEncoder.encode("书院", "UTF-8")));
    assertThat(found.get("numberMatched").asInt()).isEqualTo(1);
    assertThat(found.at("/features/0/properties/name").asText()).isEqualTo("崂山书院避难场所");
  }

  @Test
  void unknownIdsAre404AndMalformedIds400() throws Exception {
    assertThat(app.get("/api/facilities/999999").statusCode()).isEqualTo(404);
    assertThat(app.get("/api/facilities/abc").statusCode()).isEqualTo(400);
    assertThat(app.get("/api/facilities/999999/history").statusCode()).isEqualTo(404);
    assertThat(app.put("/api/facilities/999999", shelter("x", ""), admin("If-Match", "\"1\"")).statusCode())
        .isEqualTo(404);
  }

  @Test
  void aHandlersNotFoundKeepsItsDetailWhileUnknownRoutesGetTheGenericProblem() throws Exception {
    // The 404/405 error handler must not overwrite a problem a handler (or exception mapper) wrote.
    for (HttpResponse<String> r : List.of(app.get("/api/facilities/999999"),
        app.get("/api/facilities/999999/history"))) {
      assertProblem(r, 404);
      assertThat(RunningApp.json(r).get("detail").asText()).as(r.body()).isEqualTo("no facility 999999");
    }
    HttpResponse<String> thrown = app.get("/api/communities/370202001999"); // Problem.notFound in a handler
    assertProblem(thrown, 404);
    assertThat(RunningApp.json(thrown).get("detail").asText()).isEqualTo("no community 370202001999");
    HttpResponse<String> unknown = app.get("/api/facilities/999999/nothing-here");
    assertProblem(unknown, 404);
    assertThat(RunningApp.json(unknown).get("detail").asText()).isEqualTo("No GET /api/facilities/999999/nothing-here here");
    // A method the path has no route for: Javalin says 404, not 405, while http.prefer405over404 is off.
    HttpResponse<String> wrongMethod = app.delete("/api/facilities", admin());
    assertProblem(wrongMethod, 404);
    assertThat(RunningApp.json(wrongMethod).get("detail").asText()).isEqualTo("No DELETE /api/facilities here");
  }

  private static void assertProblem(HttpResponse<String> r, int status) throws Exception {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
    assertThat(RunningApp.json(r).get("status").asInt()).isEqualTo(status);
  }

  private static void assertField(HttpResponse<String> r, String field) throws Exception {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
    assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
    assertThat(RunningApp.json(r).get("errors").findValuesAsText("field")).as(r.body()).contains(field);
  }
}
