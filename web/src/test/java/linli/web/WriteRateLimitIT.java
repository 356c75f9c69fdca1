package linli.web;

import static linli.web.RunningApp.admin;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.ArrayList;
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

/**
 * Per-token write rate limit through the real server: 12 writes a minute (one per 5 s) in bursts
 * of 3. A burst beyond it gets 429 problems with Retry-After and changes nothing; another token is
 * unaffected; reads are never charged; after the refill the token writes again.
 */
@ExtendWith(PostgisExtension.class)
class WriteRateLimitIT {
  private static final int PER_MINUTE = 12;
  private static final int BURST = 3;
  private static RunningApp app;
  private static Database db;

  @BeforeAll
  static void start(Database database) throws Exception {
    db = database;
    new CityLoader(db.dataSource()).load(FixtureCity.build());
    app = new RunningApp(db, Map.of("LINLI_WRITE_RATE", PER_MINUTE + ",burst=" + BURST));
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  private static String feature(String name) {
    var p = FixtureCity.anchor(1);
    return """
        {"type": "Feature", "geometry": {"type": "Point", "coordinates": [%s, %s]},
         "properties": {"category": "emergency_shelter", "name": "%s"}}""".formatted(p.getX(), p.getY(), name);
  }

  private static String[] bearer(String token, String... more) {
    String[] all = new String[more.length + 2];
    all[0] = "Authorization";
    all[1] = "Bearer " + token;
    System.arraycopy(more, 0, all, 2, more.length);
    return all;
  }

  /** A fingerprint of everything writes can change: facilities with their versions, history, tokens, audit. */
  private static String registryState() throws Exception {
    try (var c = db.dataSource().getConnection(); var st = c.createStatement(); var rs = st.executeQuery("""
        SELECT (SELECT count(*) FROM facility) || '/' || (SELECT coalesce(sum(version), 0) FROM facility) || '/'
            || (SELECT count(*) FROM facility WHERE deleted) || '/'
            || (SELECT count(*) FROM facility_history) || '/' || (SELECT count(*) FROM api_token) || '/'
            || (SELECT count(*) FROM api_token WHERE revoked_at IS NOT NULL) || '/' || (SELECT count(*) FROM audit_log)""")) {
      rs.next();
      return rs.getString(1);
    }
  }

  private static void assertRefused(HttpResponse<String> r) throws Exception {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(429);
    assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
    assertThat(RunningApp.json(r).get("status").asInt()).isEqualTo(429);
    long retryAfter = Long.parseLong(r.headers().firstValue("Retry-After").orElseThrow());
    assertThat(retryAfter).isBetween(1L, 60L / PER_MINUTE);
  }

  @Test
  void aBurstBeyondTheLimitIsRefusedWithoutChangingAnythingAndOtherTokensWriteOn() throws Exception {
    // Two tokens made by the admin (two of its own writes).
    String first = RunningApp.json(app.post("/api/tokens", "{\"name\": \"first\", \"role\": \"editor\"}", admin()))
        .get("token").asText();
    String second = RunningApp.json(app.post("/api/tokens", "{\"name\": \"second\", \"role\": \"admin\"}", admin()))
        .get("token").asText();

    // The first token's burst: exactly BURST creations succeed (the refill is 5 s away).
    List<String> created = new ArrayList<>();
    for (int i = 0; i < BURST; i++) {
      HttpResponse<String> r = app.post("/api/facilities", feature("burst " + i), bearer(first));
      assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
      created.add(r.headers().firstValue("Location").orElseThrow());
    }
    String before = registryState();
    List<HttpResponse<String>> refused = new ArrayList<>();
    refused.add(app.post("/api/facilities", feature("over the limit"), bearer(first)));
    refused.add(app.put(created.get(0), feature("renamed"), bearer(first, "If-Match", "\"1\"")));
    refused.add(app.delete(created.get(1), bearer(first, "If-Match", "\"1\"")));
    refused.add(app.post(created.get(2) + "/restore?version=1", "", bearer(first, "If-Match", "\"1\"")));
    refused.add(app.post("/api/imports?source=limited", "编号,名称,类别,经度,纬度\nL1,限流,应急避难场所,120.31,36.10\n",
        bearer(first, "Content-Type", "text/csv")));
    for (HttpResponse<String> r : refused) {
      assertRefused(r);
    }
    assertThat(registryState()).isEqualTo(before);
    assertThat(RunningApp.json(app.get(created.get(0))).at("/properties/name").asText()).isEqualTo("burst 0");

    // Reads are not writes: the limited token still reads.
    assertThat(app.get("/api/facilities", bearer(first)).statusCode()).isEqualTo(200);
    assertThat(app.get("/api/imports/none", bearer(first)).statusCode()).isEqualTo(404);

    // Another token is unaffected, token changes included, until its own burst is used.
    assertThat(app.post("/api/facilities", feature("second's"), bearer(second)).statusCode()).isEqualTo(201);
    String third = RunningApp.json(app.post("/api/tokens", "{\"name\": \"third\", \"role\": \"viewer\"}", bearer(second)))
        .get("token").asText();
    assertThat(third).isNotBlank();
    long thirdId = -1;
    for (var t : RunningApp.json(app.get("/api/tokens", bearer(second)))) {
      thirdId = t.get("name").asText().equals("third") ? t.get("id").asLong() : thirdId;
    }
    assertThat(app.delete("/api/tokens/" + thirdId, bearer(second)).statusCode()).isEqualTo(204);
    String beforeTokens = registryState();
    assertRefused(app.post("/api/tokens", "{\"name\": \"fourth\", \"role\": \"viewer\"}", bearer(second)));
    assertRefused(app.delete("/api/tokens/1", bearer(second)));
    assertThat(registryState()).isEqualTo(beforeTokens);

    // After the refill the first token writes again.
    HttpResponse<String> last = app.post("/api/facilities", feature("too soon"), bearer(first));
    assertRefused(last);
    Thread.sleep(Long.parseLong(last.headers().firstValue("Retry-After").orElseThrow()) * 1000 + 100);
    HttpResponse<String> again = app.post("/api/facilities", feature("after the refill"), bearer(first));
    assertThat(again.statusCode()).as(again.body()).isEqualTo(201);
    assertRefused(app.post("/api/facilities", feature("and only one"), bearer(first)));
  }
}
