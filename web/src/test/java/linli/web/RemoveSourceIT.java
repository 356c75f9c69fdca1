package linli.web;

import static linli.web.RunningApp.admin;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import linli.data.QingdaoDemo;
import linli.registry.Database;
import linli.registry.city.CityData;
import linli.registry.city.CityLoader;
import linli.registry.testing.PostgisExtension;
import linli.registry.testing.TestPostgis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** DELETE /api/sources/demo and ./linli remove-source: the demo's facilities and roads gone, history kept. */
@ExtendWith(PostgisExtension.class)
class RemoveSourceIT {
  private static Database db;
  private static RunningApp app;
  private static CityData demo;

  @BeforeAll
  static void load(Database database) throws Exception {
    db = database;
    demo = QingdaoDemo.generate(QingdaoDemo.DEFAULT_SEED);
    new CityLoader(db.dataSource()).load(demo);
    // Another source's facility (planned: it covers nothing) and road, which must stay.
    sql("INSERT INTO facility (category, name, status, source, source_id, geom) VALUES ('emergency_shelter',"
        + " '规划避难场所', 'planned', 'bureau', 'B1', ST_SetSRID(ST_MakePoint(120.38, 36.07), 4490))");
    sql("INSERT INTO road (highway, walkable, source, geom) VALUES ('footway', true, 'bureau',"
        + " ST_GeomFromText('LINESTRING(120.38 36.07, 120.39 36.07)', 4490))");
    app = new RunningApp(db);
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  @Test
  void removingTheDemoSoftDeletesItsFacilitiesDeletesItsRoadsAndCoverageFollows() throws Exception {
    long facilities = count("SELECT count(*) FROM facility WHERE source = 'demo'");
    long roads = count("SELECT count(*) FROM road WHERE source = 'demo'");
    assertThat(facilities).isEqualTo(demo.facilities().size());
    assertThat(roads).isEqualTo(demo.roads().size());
    // Asked once before, so a cached answer would show if the cache did not follow.
    assertThat(covered("emergency_shelter")).isPositive();

    assertThat(app.delete("/api/sources/demo").statusCode()).isEqualTo(401);
    HttpResponse<String> r = app.delete("/api/sources/demo", admin());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode report = RunningApp.json(r);
    assertThat(report.get("source").asText()).isEqualTo("demo");
    assertThat(report.get("facilities").asLong()).isEqualTo(facilities);
    assertThat(report.get("roads").asLong()).isEqualTo(roads);

    assertThat(count("SELECT count(*) FROM facility WHERE source = 'demo' AND NOT deleted")).isZero();
    assertThat(count("SELECT count(*) FROM facility WHERE source = 'demo' AND deleted")).isEqualTo(facilities);
    assertThat(count("""
        SELECT count(*) FROM facility f JOIN facility_history h ON h.facility_id = f.id AND h.version = f.version
        WHERE f.source = 'demo' AND h.action = 'delete' AND h.by = 'admin'""")).isEqualTo(facilities);
    assertThat(count("SELECT count(*) FROM road WHERE source = 'demo'")).isZero();
    assertThat(count("SELECT count(*) FROM facility WHERE source = 'bureau' AND NOT deleted AND version = 1"))
        .isEqualTo(1);
    assertThat(count("SELECT count(*) FROM road WHERE source = 'bureau'")).isEqualTo(1);

    for (JsonNode category : RunningApp.json(app.get("/api/categories"))) {
      assertThat(covered(category.get("code").asText())).as(category.get("code").asText()).isZero();
    }

    // Again, from the command line: nothing is left to remove, and nothing else is touched.
    StringWriter out = new StringWriter();
    String url = TestPostgis.get().urlFor(text("SELECT current_database()"));
    assertThat(Main.run(new String[] {"remove-source", "demo"}, Map.of("LINLI_DB_URL", url), new PrintWriter(out),
        new PrintWriter(new StringWriter()))).isZero();
    assertThat(out.toString()).contains("source demo: 0 facilities deleted", "0 roads deleted");
    assertThat(count("SELECT count(*) FROM facility_history h JOIN facility f ON f.id = h.facility_id"
        + " WHERE f.source = 'demo'")).isEqualTo(2L * facilities);
  }

  @Test
  void removingASourceNeedsAnAdmin() throws Exception {
    HttpResponse<String> created = app.post("/api/tokens", "{\"name\": \"editor\", \"role\": \"editor\"}", admin());
    String editor = RunningApp.json(created).get("token").asText();
    assertThat(app.delete("/api/sources/bureau", "Authorization", "Bearer " + editor).statusCode()).isEqualTo(403);
    assertThat(count("SELECT count(*) FROM facility WHERE source = 'bureau' AND NOT deleted")).isEqualTo(1);
  }

  private static int covered(String category) throws Exception {
    HttpResponse<String> r = app.get("/api/coverage?category=" + category);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return RunningApp.json(r).get("communities").get("covered").asInt();
  }

  private static void sql(String statement) throws Exception {
    try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
      s.execute(statement);
    }
  }

  private static long count(String query) throws Exception {
    return Long.parseLong(text(query));
  }

  private static String text(String query) throws Exception {
    try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(query)) {
      rs.next();
      return rs.getString(1);
    }
  }
}
