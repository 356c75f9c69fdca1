package linli.web;

import static linli.registry.testing.FixtureCity.communityCode;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import linli.registry.Database;
import linli.registry.city.CityLoader;
import linli.registry.testing.FixtureCity;
import linli.registry.testing.PostgisExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The HTTP contract (shared API.md) through a real server on a random port. */
@ExtendWith(PostgisExtension.class)
class HttpApiIT {
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

  @Test
  void healthSaysOk() throws Exception {
    HttpResponse<String> r = app.get("/health");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(RunningApp.json(r).get("status").asText()).isEqualTo("ok");
  }

  @Test
  void categoriesHaveTheContractFields() throws Exception {
    JsonNode categories = RunningApp.json(app.get("/api/categories"));
    assertThat(categories).hasSize(18);
    JsonNode shelter = categories.get(0);
    assertThat(shelter.get("code").asText()).isEqualTo("emergency_shelter");
    assertThat(shelter.get("name_zh").asText()).isEqualTo("应急避难场所");
    assertThat(shelter.get("default_distance_m").asInt()).isEqualTo(500);
    assertThat(shelter.has("name_en") && shelter.has("action") && shelter.has("standard")).isTrue();
  }

  @Test
  void coverageUsesTheCategoryDefaultDistance() throws Exception {
    HttpResponse<String> r = app.get("/api/coverage?category=emergency_shelter");
    assertThat(r.statusCode()).isEqualTo(200);
    JsonNode body = RunningApp.json(r);
    assertThat(body.get("distance_m").asDouble()).isEqualTo(500);
    assertThat(body.get("mode").asText()).isEqualTo("straight");
    assertThat(body.at("/communities/total").asInt()).isEqualTo(6);
    assertThat(body.at("/communities/covered").asInt()).isEqualTo(1);
    assertThat(body.at("/population/total").asLong()).isEqualTo(21_000);
    assertThat(body.at("/population/covered").asLong()).isEqualTo(1_000);
    assertThat(body.at("/uncovered/0/code").asText()).isEqualTo(communityCode(5));
    assertThat(body.at("/uncovered/4/nearest_m").asDouble()).isBetween(649.9, 650.1);
    assertThat(body.at("/uncovered/0/district").asText()).isEqualTo("市北区");
  }

  @Test
  void coverageHonoursDistanceStatusAndDistrict() throws Exception {
    assertThat(RunningApp.json(app.get("/api/coverage?category=emergency_shelter&distance=700"))
        .at("/communities/covered").asInt()).isEqualTo(2);
    assertThat(RunningApp.json(app.get("/api/coverage?category=emergency_shelter&distance=450&status=open,planned"))
        .at("/communities/covered").asInt()).isEqualTo(2);
    assertThat(RunningApp.json(app.get("/api/coverage?category=emergency_shelter&distance=450&status=open"))
        .at("/communities/covered").asInt()).isEqualTo(1);
    JsonNode north = RunningApp.json(app.get("/api/coverage?category=emergency_shelter&district=370203"));
    assertThat(north.at("/communities/total").asInt()).isEqualTo(3);
  }

  @Test
  void coverageCommunitiesIsGeoJson() throws Exception {
    HttpResponse<String> r = app.get("/api/coverage/communities?category=emergency_shelter");
    assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/geo+json");
    JsonNode fc = RunningApp.json(r);
    assertThat(fc.get("type").asText()).isEqualTo("FeatureCollection");
    assertThat(fc.get("features")).hasSize(6);
    JsonNode first = fc.get("features").get(0);
    assertThat(first.at("/geometry/type").asText()).isEqualTo("MultiPolygon");
    assertThat(first.at("/properties/covered").asBoolean()).isTrue();
    assertThat(first.at("/properties/nearest_m").asDouble()).isBetween(399.9, 400.1);
  }

  @Test
  void badInputIsAProblemThatNamesTheField() throws Exception {
    assertProblem("/api/coverage", 400, "category");
    assertProblem("/api/coverage?category=nope", 400, "category");
    assertProblem("/api/coverage?category=emergency_shelter&distance=abc", 400, "distance");
    assertProblem("/api/coverage?category=emergency_shelter&distance=-5", 400, "distance");
    assertProblem("/api/coverage?category=emergency_shelter&mode=flying", 400, "mode");
    assertProblem("/api/coverage?category=emergency_shelter&status=gone", 400, "status");
    assertProblem("/api/coverage?category=emergency_shelter&district=999999", 400, "district");
    assertProblem("/api/facilities?bbox=1,2,3", 400, "bbox");
    assertProblem("/api/facilities?limit=0", 400, "limit");
  }

  @Test
  void networkSuggestAnswers() throws Exception {
    // Its gains are checked against a network what-if in CoverageApiIT.
    HttpResponse<String> r = app.get("/api/coverage/suggest?category=emergency_shelter&mode=network");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
    assertThat(r.body()).contains("\"sites\"").contains("\"population_covered_after\"");
  }

  @Test
  void unknownPathsAreProblemJson() throws Exception {
    HttpResponse<String> r = app.get("/api/nothing-here");
    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
    assertThat(RunningApp.json(r).get("status").asInt()).isEqualTo(404);
  }

  @Test
  void facilitiesArePagedWithNumberMatchedAndNextLink() throws Exception {
    JsonNode page = RunningApp.json(app.get("/api/facilities?category=emergency_shelter&limit=3"));
    assertThat(page.get("numberMatched").asInt()).isEqualTo(4);
    assertThat(page.get("features")).hasSize(3);
    String next = page.at("/links/0/href").asText();
    assertThat(next).contains("offset=3").contains("limit=3");
    JsonNode rest = RunningApp.json(app.get(next.substring(next.indexOf("/api/"))));
    assertThat(rest.get("features")).hasSize(1);
    assertThat(rest.has("links")).isFalse();
    JsonNode open = RunningApp.json(app.get("/api/facilities?status=closed"));
    assertThat(open.get("numberMatched").asInt()).isEqualTo(1);
    assertThat(open.at("/features/0/properties/status").asText()).isEqualTo("closed");
  }

  @Test
  void theMapPageAndItsAssetsAreServedByTheApp() throws Exception {
    HttpResponse<String> page = app.get("/");
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("src=\"webjars/leaflet/1.9.4/dist/leaflet.js\"").doesNotContain("://unpkg", "cdn");
    assertThat(app.get("/webjars/leaflet/1.9.4/dist/leaflet.js").statusCode()).isEqualTo(200);
    assertThat(app.get("/app.js").statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("Content-Security-Policy").orElse("")).contains("script-src 'self'");
    assertThat(page.headers().firstValue("X-Frame-Options")).contains("DENY");
    assertThat(app.get("/api/categories").headers().firstValue("X-Content-Type-Options")).contains("nosniff");
    HttpResponse<String> problem = app.get("/api/coverage?category=nope");
    assertThat(problem.statusCode()).isEqualTo(400);
    assertThat(problem.headers().firstValue("X-Content-Type-Options")).as("a problem answer keeps them").contains("nosniff");
    assertThat(problem.headers().firstValue("Content-Security-Policy")).isPresent();
  }

  @Test
  void everyPathInTheOpenApiDocumentAnswers() throws Exception {
    JsonNode openapi = RunningApp.json(app.get("/openapi.json"));
    assertThat(openapi.get("openapi").asText()).startsWith("3.");
    var paths = openapi.get("paths").fieldNames();
    int checked = 0;
    while (paths.hasNext()) {
      String path = paths.next();
      String query = path.startsWith("/api/coverage") || path.startsWith("/api/reports") ? "?category=emergency_shelter"
          : path.equals("/api/search") ? "?q=1"
          : path.equals("/api/service-area") ? "?lon=120.38&lat=36.07&category=emergency_shelter" : "";
      if (path.startsWith("/api/imports") || path.startsWith("/api/tokens") || path.startsWith("/api/sources")
          || path.endsWith("/restore")) {
        continue; // writes and admin endpoints: AccessApiIT and ImportApiIT drive them
      }
      String concrete = path.replace("{code}.pdf", "370202.pdf").replace("{id}", "1").replace("{code}", communityCode(0)).replace("{layer}", "facilities")
          .replace("{z}/{x}/{y}", "14/13667/6427").replace("{level}", "10");
      var response = openapi.at("/paths/" + path.replace("/", "~1")).has("get")
          ? app.get(concrete + query, RunningApp.admin())
          : app.post(concrete, "{\"category\": \"emergency_shelter\"}");
      assertThat(response.statusCode()).as(path).isIn(200, 204);
      checked++;
    }
    assertThat(checked).isGreaterThanOrEqualTo(16);
  }

  private static void assertProblem(String path, int status, String field) throws Exception {
    HttpResponse<String> r = app.get(path);
    assertThat(r.statusCode()).as(path).isEqualTo(status);
    assertThat(r.headers().firstValue("Content-Type").orElse("")).as(path).startsWith("application/problem+json");
    JsonNode body = RunningApp.json(r);
    assertThat(body.get("status").asInt()).isEqualTo(status);
    assertThat(body.get("title").asText()).isNotBlank();
    assertThat(body.at("/errors/0/field").asText()).as(path).isEqualTo(field);
    assertThat(r.body()).doesNotContain("Exception", "at linli.");
  }
}
