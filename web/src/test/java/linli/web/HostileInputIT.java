package linli.web;

import static linli.web.RunningApp.admin;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import linli.registry.Database;
import linli.registry.city.CityLoader;
import linli.registry.testing.FixtureCity;
import linli.registry.testing.PostgisExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Thousands of malformed and hostile requests: each must get a 4xx problem (never a 5xx, never a
 * stack trace) and the registry's tables must be exactly as before (checksum).
 */
@ExtendWith(PostgisExtension.class)
class HostileInputIT {
  private static final String[] NASTY = {"'", "''", "\"", "' OR 1=1 --", "'; DROP TABLE facility; --", "%", "_", "\\",
      "\u0000", "NaN", "Infinity", "-1", "1e999", "99999999999999999999999", "0x10", "<script>alert(1)</script>",
      "../../etc/passwd", "%00", "应急避难场所'", "\uD83D\uDE00", "{}", "[]", "null", "true", " ", "1,2,3", "1,2,3,4,5",
      "180,90,-180,-90", "POINT(1 1)", "S_INTERSECTS(geometry, POINT(1 1))", "name = 'x' OR 1=1", "capacity > ",
      "((((((((((", "name LIKE '%", "category IN ('a'", "\"name\" = 'x'; --"};
  private static RunningApp app;
  private static Database db;

  @BeforeAll
  static void start(Database database) throws Exception {
    db = database;
    new CityLoader(db.dataSource()).load(FixtureCity.build());
    app = new RunningApp(db);
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  private static String checksum() throws Exception {
    try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT md5((SELECT string_agg(f::text, '|' ORDER BY id) FROM facility f)"
            + " || (SELECT count(*) FROM facility_history)::text || (SELECT string_agg(c::text, '|' ORDER BY code)"
            + " FROM community c) || (SELECT count(*) FROM api_token)::text)")) {
      rs.next();
      return rs.getString(1);
    }
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  @Test
  void hostileInputGets4xxAndChangesNothing() throws Exception {
    String before = checksum();
    List<String> failures = new ArrayList<>();
    int sent = 0;
    String[] getTemplates = {
        "/api/coverage?category=%s", "/api/coverage?category=emergency_shelter&distance=%s",
        "/api/coverage?category=emergency_shelter&district=%s", "/api/coverage?category=emergency_shelter&status=%s",
        "/api/coverage?category=emergency_shelter&mode=%s", "/api/coverage/communities?category=emergency_shelter&distance=%s",
        "/api/coverage/suggest?category=emergency_shelter&k=%s", "/api/facilities?bbox=%s", "/api/facilities?limit=%s",
        "/api/facilities?offset=%s", "/api/facilities?category=%s", "/api/facilities?q=%s", "/api/facilities/%s",
        "/api/facilities/%s/history", "/api/communities?bbox=%s", "/api/communities/%s",
        "/ogc/collections/facilities/items?filter=%s", "/ogc/collections/facilities/items?bbox=%s",
        "/ogc/collections/facilities/items?datetime=%s", "/ogc/collections/facilities/items?crs=%s",
        "/ogc/collections/facilities/items?limit=%s", "/ogc/collections/%s/items", "/ogc/collections/facilities/items/%s",
        "/tiles/facilities/%s/1/1.mvt", "/tiles/communities/14/1/1.mvt?distance=%s", "/api/export/%s",
        "/api/export/facilities.geojson?crs=%s", "/api/indicators?year=%s", "/api/audit?since=%s",
        "/api/coverage?category=emergency_shelter&as_of=%s", "/api/coverage/communities?category=emergency_shelter&as_of=%s",
        "/api/coverage/changes?category=emergency_shelter&from=%s", "/api/coverage/changes?category=emergency_shelter&to=%s",
        "/api/indicators?as_of=%s", "/api/search?q=%s", "/api/search?q=x&limit=%s",
        "/api/export/communities.csv?category=emergency_shelter&covered=%s", "/api/export/facilities.csv?encoding=%s"};
    for (String template : getTemplates) {
      for (String nasty : NASTY) {
        String path = template.formatted(enc(nasty));
        HttpResponse<String> r = app.get(path, admin());
        sent++;
        check(path, r, failures, true);
      }
    }
    Random random = new Random(3);
    String[] bodies = buildBodies(random);
    for (String body : bodies) {
      for (String path : new String[] {"/api/facilities", "/api/coverage/what-if", "/api/tokens"}) {
        check("POST " + path + " " + abbreviate(body), app.post(path, body, admin("Content-Type", "application/json")),
            failures, false);
        sent++;
      }
      check("PUT " + abbreviate(body), app.put("/api/facilities/1", body, admin("If-Match", "\"1\"")), failures, false);
      sent++;
    }
    for (String nasty : NASTY) {
      if (!nasty.chars().allMatch(ch -> ch >= 0x20 && ch < 0x7f)) {
        continue; // HTTP header values are ASCII; the client refuses anything else
      }
      check("If-Match " + nasty, app.put("/api/facilities/1", FacilityApiIT.shelter("x", ""), admin("If-Match", nasty)),
          failures, false);
      sent++;
    }
    assertThat(failures).as("%d of %d requests", failures.size(), sent).isEmpty();
    assertThat(sent).isGreaterThan(1500);
    assertThat(checksum()).isEqualTo(before);
  }

  private static String[] buildBodies(Random random) {
    List<String> out = new ArrayList<>();
    out.add("");
    out.add("{");
    out.add("[".repeat(5000) + "]".repeat(5000));
    out.add("{\"a\":".repeat(3000) + "1" + "}".repeat(3000));
    out.add("{\"type\": \"Feature\", \"geometry\": {\"type\": \"Point\", \"coordinates\": [\"NaN\", 1]}, \"properties\": {}}");
    out.add("{\"type\": \"Feature\", \"geometry\": {\"type\": \"Point\", \"coordinates\": [1e999, 1e999]}, \"properties\": {\"name\": \"x\", \"category\": \"emergency_shelter\"}}");
    out.add("{\"category\": \"emergency_shelter\", \"add\": [[1e999, 0]]}");
    out.add("{\"category\": \"emergency_shelter\", \"distance_m\": 1e308}");
    out.add("{\"name\": \"x\", \"role\": \"superuser\"}");
    out.add("{\"type\": \"Feature\", \"geometry\": {\"type\": \"Point\", \"coordinates\": [120.31, 36.10]},"
        + " \"properties\": {\"category\": \"emergency_shelter\", \"name\": \"a\\u0000b\"}}");
    for (String nasty : NASTY) {
      String j = nasty.replace("\\", "\\\\").replace("\"", "\\\"").replace("\u0000", "\\u0000");
      out.add("{\"type\": \"Feature\", \"geometry\": {\"type\": \"Point\", \"coordinates\": [120.31, 36.10]},"
          + " \"properties\": {\"category\": \"" + j + "\", \"name\": \"" + j + "\", \"capacity\": \"" + j + "\"}}");
      out.add("{\"category\": \"" + j + "\", \"add\": [[\"" + j + "\", 1]], \"remove\": [\"" + j + "\"]}");
      out.add("{\"name\": \"" + j + "\", \"role\": \"" + j + "\", \"districts\": [\"" + j + "\"]}");
    }
    for (int i = 0; i < 200; i++) {
      byte[] bytes = new byte[random.nextInt(300)];
      random.nextBytes(bytes);
      out.add(new String(bytes, StandardCharsets.ISO_8859_1));
    }
    return out.toArray(String[]::new);
  }

  private static void check(String what, HttpResponse<String> r, List<String> failures, boolean mayBeOk) {
    int s = r.statusCode();
    boolean ok = (s >= 400 && s < 500) || (mayBeOk && (s == 200 || s == 204 || s == 304));
    if (!ok || r.body().contains("Exception") || r.body().contains("at linli.") || r.body().contains("PSQL")) {
      failures.add(s + " " + abbreviate(what) + " -> " + abbreviate(r.body()));
    }
  }

  private static String abbreviate(String s) {
    return s.length() > 120 ? s.substring(0, 120) + "..." : s;
  }
}
