package linli.web;

import static linli.web.RunningApp.admin;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.Map;
import linli.registry.Database;
import linli.registry.city.CityLoader;
import linli.registry.testing.FixtureCity;
import linli.registry.testing.PostgisExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Roles, scopes, revocation, restore and audit, through the real server. */
@ExtendWith(PostgisExtension.class)
class AccessApiIT {
  private static RunningApp app;
  private static Database db;
  private static String editor;
  private static String viewer;
  private static String revoked;

  @BeforeAll
  static void start(Database database) throws Exception {
    db = database;
    new CityLoader(db.dataSource()).load(FixtureCity.build());
    app = new RunningApp(db);
    editor = token("{\"name\": \"应急局\", \"role\": \"editor\", \"categories\": [\"emergency_shelter\"],"
        + " \"districts\": [\"370202\"]}");
    viewer = token("{\"name\": \"planner\", \"role\": \"viewer\"}");
    revoked = token("{\"name\": \"old\", \"role\": \"admin\"}");
    long id = RunningApp.json(app.get("/api/tokens", admin())).get(2).get("id").asLong();
    assertThat(app.delete("/api/tokens/" + id, admin()).statusCode()).isEqualTo(204);
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  private static String token(String body) throws Exception {
    HttpResponse<String> r = app.post("/api/tokens", body, admin());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    return RunningApp.json(r).get("token").asText();
  }

  private static String[] bearer(String token, String... more) {
    String[] all = new String[more.length + 2];
    all[0] = "Authorization";
    all[1] = "Bearer " + token;
    System.arraycopy(more, 0, all, 2, more.length);
    return all;
  }

  /** A feature at community {@code i}'s office (0-2 in district 370202, 3-5 in 370203). */
  private static String feature(String category, int community, String name) {
    var p = FixtureCity.anchor(community == 5 ? 4 : community);
    return """
        {"type": "Feature", "geometry": {"type": "Point", "coordinates": [%s, %s]},
         "properties": {"category": "%s", "name": "%s"}}""".formatted(p.getX(), p.getY(), category, name);
  }

  @Test
  void anEditorWritesOnlyWithinItsCategoriesAndDistricts() throws Exception {
    assertThat(app.post("/api/facilities", feature("emergency_shelter", 1, "范围内"), bearer(editor)).statusCode())
        .isEqualTo(201);
    assertThat(app.post("/api/facilities", feature("emergency_shelter", 4, "别的区"), bearer(editor)).statusCode())
        .isEqualTo(403);
    assertThat(app.post("/api/facilities", feature("police_office", 1, "别的类别"), bearer(editor)).statusCode())
        .isEqualTo(403);
    // Nor may it move one of its shelters out of its district.
    String location = app.post("/api/facilities", feature("emergency_shelter", 0, "要搬走"), bearer(editor))
        .headers().firstValue("Location").orElseThrow();
    assertThat(app.put(location, feature("emergency_shelter", 3, "搬走了"), bearer(editor, "If-Match", "\"1\""))
        .statusCode()).isEqualTo(403);
    assertThat(RunningApp.json(app.get(location)).at("/properties/name").asText()).isEqualTo("要搬走");
  }

  @Test
  void everyWriteEndpointRefusesMissingWrongRevokedAndViewerTokens() throws Exception {
    String body = feature("emergency_shelter", 1, "x");
    String[][] refused = {{}, bearer("nope"), bearer(revoked), bearer(viewer)};
    int[] expected = {401, 401, 401, 403};
    for (int i = 0; i < refused.length; i++) {
      String[] h = refused[i];
      assertThat(app.post("/api/facilities", body, h).statusCode()).as("create %d", i).isEqualTo(expected[i]);
      assertThat(app.put("/api/facilities/1", body, with(h, "If-Match", "\"1\"")).statusCode()).as("replace %d", i)
          .isEqualTo(expected[i]);
      assertThat(app.delete("/api/facilities/1", with(h, "If-Match", "\"1\"")).statusCode()).as("delete %d", i)
          .isEqualTo(expected[i]);
      assertThat(app.post("/api/facilities/1/restore?version=1", "", with(h, "If-Match", "\"1\"")).statusCode())
          .as("restore %d", i).isEqualTo(expected[i]);
      assertThat(app.post("/api/imports", "a,b\n1,2\n", h).statusCode()).as("import %d", i).isEqualTo(expected[i]);
      assertThat(app.post("/api/tokens", "{\"name\": \"x\", \"role\": \"admin\"}", h).statusCode()).as("token %d", i)
          .isEqualTo(expected[i]);
    }
    // A scoped editor may not bulk-import nor manage tokens.
    assertThat(app.post("/api/imports", "a,b\n1,2\n", bearer(editor)).statusCode()).isEqualTo(403);
    assertThat(app.get("/api/tokens", bearer(editor)).statusCode()).isEqualTo(403);
    // The facility they tried to touch is unchanged.
    assertThat(RunningApp.json(app.get("/api/facilities/1")).at("/properties/version").asInt()).isEqualTo(1);
  }

  private static String[] with(String[] headers, String... more) {
    String[] all = new String[headers.length + more.length];
    System.arraycopy(headers, 0, all, 0, headers.length);
    System.arraycopy(more, 0, all, headers.length, more.length);
    return all;
  }

  @Test
  void aDeletedFacilityIsRestoredToAnEarlierVersion() throws Exception {
    String location = app.post("/api/facilities", feature("emergency_shelter", 2, "原名"), admin())
        .headers().firstValue("Location").orElseThrow();
    app.put(location, feature("emergency_shelter", 2, "改错的名"), admin("If-Match", "\"1\""));
    assertThat(app.delete(location, admin("If-Match", "\"2\"")).statusCode()).isEqualTo(204);
    HttpResponse<String> restored = app.post(location + "/restore?version=1", "", admin("If-Match", "\"3\""));
    assertThat(restored.statusCode()).as(restored.body()).isEqualTo(200);
    assertThat(restored.headers().firstValue("ETag")).contains("\"4\"");
    JsonNode now = RunningApp.json(app.get(location));
    assertThat(now.at("/properties/name").asText()).isEqualTo("原名");
    assertThat(RunningApp.json(app.get(location + "/history"))).hasSize(4);
    assertThat(app.post(location + "/restore?version=9", "", admin("If-Match", "\"4\"")).statusCode()).isEqualTo(404);
    assertThat(app.post(location + "/restore?version=1", "", admin("If-Match", "\"1\"")).statusCode()).isEqualTo(412);
  }

  @Test
  void theAuditShowsTokenChangesAndFacilityVersions() throws Exception {
    JsonNode audit = RunningApp.json(app.get("/api/audit?limit=1000", admin()));
    assertThat(audit.findValuesAsText("action")).contains("token.create", "token.revoke");
    assertThat(app.get("/api/audit", bearer(viewer)).statusCode()).isEqualTo(403);
    assertThat(app.get("/api/audit?since=yesterday", admin()).statusCode()).isEqualTo(400);
  }

  @Test
  void privateReadsNeedAToken() throws Exception {
    try (RunningApp closed = new RunningApp(db, Map.of("LINLI_PUBLIC_READ", "false"))) {
      assertThat(closed.get("/api/facilities").statusCode()).isEqualTo(401);
      assertThat(closed.get("/api/facilities", bearer(viewer)).statusCode()).isEqualTo(200);
      assertThat(closed.get("/ogc/collections", bearer(viewer)).statusCode()).isEqualTo(200);
      assertThat(closed.get("/health").statusCode()).isEqualTo(200);
    }
  }
}
