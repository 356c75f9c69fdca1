package linli.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import linli.registry.Database;
import linli.registry.city.CityLoader;
import linli.registry.testing.FixtureCity;
import linli.registry.testing.PostgisExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** LINLI_CORS_ORIGINS: preflights and allow headers for listed origins only; none configured, no CORS at all. */
@ExtendWith(PostgisExtension.class)
class CorsIT {
  private static final String ALLOWED = "https://plan.example.cn";
  private static final String REFUSED = "https://evil.example.com";
  private static RunningApp listed;
  private static RunningApp closed;
  private static RunningApp open;

  @BeforeAll
  static void start(Database db) throws Exception {
    new CityLoader(db.dataSource()).load(FixtureCity.build());
    listed = new RunningApp(db, Map.of("LINLI_CORS_ORIGINS", ALLOWED + ",http://localhost:3000"));
    closed = new RunningApp(db);
    open = new RunningApp(db, Map.of("LINLI_CORS_ORIGINS", "*"));
  }

  @AfterAll
  static void stop() {
    listed.close();
    closed.close();
    open.close();
  }

  private static List<String> list(HttpResponse<String> r, String header) {
    return Arrays.stream(r.headers().firstValue(header).orElse("").split(",")).map(String::strip)
        .map(String::toLowerCase).toList();
  }

  private static HttpResponse<String> preflight(RunningApp app, String origin, String method) throws Exception {
    return app.options("/api/facilities/1", "Origin", origin, "Access-Control-Request-Method", method,
        "Access-Control-Request-Headers", "authorization,if-match,content-type");
  }

  @Test
  void aListedOriginsPreflightIsAnsweredWithMethodsHeadersAndExposedHeaders() throws Exception {
    HttpResponse<String> r = preflight(listed, ALLOWED, "PUT");
    assertThat(r.statusCode()).isEqualTo(204);
    assertThat(r.headers().firstValue("Access-Control-Allow-Origin")).hasValue(ALLOWED);
    assertThat(list(r, "Access-Control-Allow-Methods")).contains("get", "post", "put", "delete");
    assertThat(list(r, "Access-Control-Allow-Headers")).contains("authorization", "if-match", "content-type");
    assertThat(r.headers().firstValue("Access-Control-Allow-Credentials")).isEmpty();
    assertThat(r.headers().allValues("Vary").toString()).contains("Origin");

    HttpResponse<String> get = listed.get("/api/facilities/1", "Origin", "http://localhost:3000");
    assertThat(get.statusCode()).isEqualTo(200);
    assertThat(get.headers().firstValue("Access-Control-Allow-Origin")).hasValue("http://localhost:3000");
    assertThat(list(get, "Access-Control-Expose-Headers")).contains("etag", "location");
  }

  @Test
  void anotherOriginGetsNoAllowHeaderAndItsPreflightIsRefused() throws Exception {
    HttpResponse<String> r = preflight(listed, REFUSED, "DELETE");
    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
    assertThat(r.headers().map().keySet().stream().map(String::toLowerCase))
        .noneMatch(h -> h.startsWith("access-control-allow"));
    HttpResponse<String> get = listed.get("/api/facilities/1", "Origin", REFUSED);
    assertThat(get.statusCode()).isEqualTo(200);
    assertThat(get.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    // A prefix of an allowed origin is another origin.
    assertThat(listed.get("/api/facilities/1", "Origin", ALLOWED + ".evil.com").headers()
        .firstValue("Access-Control-Allow-Origin")).isEmpty();
  }

  @Test
  void withoutConfigurationThereAreNoCorsHeadersAtAll() throws Exception {
    HttpResponse<String> r = preflight(closed, ALLOWED, "PUT");
    assertThat(r.statusCode()).isNotEqualTo(204);
    HttpResponse<String> get = closed.get("/api/facilities/1", "Origin", ALLOWED);
    for (HttpResponse<String> each : List.of(r, get)) {
      assertThat(each.headers().map().keySet().stream().map(String::toLowerCase))
          .noneMatch(h -> h.startsWith("access-control-"));
    }
  }

  @Test
  void aStarAllowsEveryOriginWithoutCredentials() throws Exception {
    HttpResponse<String> r = preflight(open, REFUSED, "POST");
    assertThat(r.statusCode()).isEqualTo(204);
    assertThat(r.headers().firstValue("Access-Control-Allow-Origin")).hasValue("*");
    assertThat(open.get("/api/categories", "Origin", "http://anything.example").headers()
        .firstValue("Access-Control-Allow-Origin")).hasValue("*");
  }
}
