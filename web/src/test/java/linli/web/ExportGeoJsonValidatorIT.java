package linli.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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
import org.junit.jupiter.api.io.TempDir;

/**
 * Every GeoJSON the service answers (exports, /api lists, OGC items) passes an independent
 * validator, {@code tools/geojson-check} (npm {@code @placemarkio/check-geojson}), and its polygons
 * follow RFC 7946's right-hand rule (exterior rings counter-clockwise, holes clockwise), checked
 * here with a shoelace sum. Some communities are stored clockwise and one has a hole, so a
 * service that passed the stored orientation through would fail.
 */
@ExtendWith(PostgisExtension.class)
class ExportGeoJsonValidatorIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> PATHS = List.of(
      "/api/export/facilities.geojson",
      "/api/export/facilities.geojson?crs=EPSG:4490&status=open,planned",
      "/api/export/communities.geojson",
      "/api/export/communities.geojson?district=370203",
      "/api/facilities?limit=1000",
      "/api/communities?limit=1000",
      "/api/coverage/communities?category=emergency_shelter",
      "/ogc/collections/facilities/items?f=json&limit=1000",
      "/ogc/collections/communities/items?f=json&limit=1000");
  private static RunningApp app;

  @TempDir
  static Path dir;

  @BeforeAll
  static void start(Database db) throws SQLException {
    new CityLoader(db.dataSource()).load(FixtureCity.build());
    try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
      s.execute("INSERT INTO facility (category, name, address, status, capacity, area_m2, community_code, opened_on,"
          + " source, source_id, extra, geom) SELECT 'meal_point', '老年人助餐点\"' || g, E'辽宁路\\t' || g || '号',"
          + " CASE WHEN g % 3 = 0 THEN 'planned' ELSE 'open' END, g, g * 1.5, '370203001004', DATE '2021-06-01' + g,"
          + " 'bulk', 'M-' || g, jsonb_build_object('备注', 'x' || g, 'n', g), ST_SetSRID(ST_MakePoint(120.3340"
          + " + (g % 10) * 0.0001, 36.1020 + (g / 10) * 0.0001), 4490) FROM generate_series(1, 50) g");
      // Stored clockwise (PostGIS keeps what it is given), and one community with a clockwise hole.
      s.execute("UPDATE community SET geom = ST_Reverse(ST_ForcePolygonCCW(geom)) WHERE code IN ('"
          + FixtureCity.communityCode(0) + "', '" + FixtureCity.communityCode(3) + "')");
      s.execute("UPDATE community SET geom = ST_Multi(ST_Difference(geom, ST_Buffer(ST_Centroid(geom), 0.001)))"
          + " WHERE code = '" + FixtureCity.communityCode(5) + "'");
    }
    app = new RunningApp(db);
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  @Test
  void everyGeoJsonAnswerPassesTheValidatorAndTheRightHandRule() throws Exception {
    Map<Path, String> files = new LinkedHashMap<>();
    for (String path : PATHS) {
      HttpResponse<String> r = app.get(path);
      assertThat(r.statusCode()).as("%s: %s", path, r.body()).isEqualTo(200);
      Path file = dir.resolve("answer-" + files.size() + ".geojson");
      Files.writeString(file, r.body(), StandardCharsets.UTF_8);
      files.put(file, path);

      JsonNode fc = JSON.readTree(r.body());
      assertThat(fc.get("type").asText()).isEqualTo("FeatureCollection");
      assertThat(fc.get("features").size()).as(path).isPositive();
      for (JsonNode feature : fc.get("features")) {
        List<String> wrong = new ArrayList<>();
        rightHandRule(feature.get("geometry"), wrong);
        assertThat(wrong).as("%s, feature %s", path, feature.get("id")).isEmpty();
      }
    }
    assertThat(countPolygons(files)).as("polygons seen (the check must have something to check)").isGreaterThan(10);

    GeoJsonCheckTool.Result result = GeoJsonCheckTool.check(List.copyOf(files.keySet()));
    files.forEach((file, path) -> {
      assertThat(result.issues().get(file.toString())).as("check-geojson on %s:\n%s", path, result.output()).isEmpty();
      assertThat(result.output()).as("check-geojson read %s", path).contains(file + ": ok\n");
    });
    assertThat(result.exitCode()).as(result.output()).isZero();
  }

  @Test
  void theValidatorRejectsBrokenGeoJson() throws Exception {
    String good = app.get("/api/export/communities.geojson").body();
    // A ring that is not closed, a position with one number, and a feature without "type".
    JsonNode fc = JSON.readTree(good);
    var ring = (com.fasterxml.jackson.databind.node.ArrayNode) fc.at("/features/0/geometry/coordinates/0/0");
    ring.remove(ring.size() - 1);
    var point = (com.fasterxml.jackson.databind.node.ArrayNode) fc.at("/features/1/geometry/coordinates/0/0/0");
    point.remove(1);
    ((com.fasterxml.jackson.databind.node.ObjectNode) fc.at("/features/2")).remove("type");
    Path broken = dir.resolve("broken.geojson");
    Files.writeString(broken, JSON.writeValueAsString(fc), StandardCharsets.UTF_8);
    Path truncated = dir.resolve("truncated.geojson");
    Files.writeString(truncated, good.substring(0, good.length() / 2), StandardCharsets.UTF_8);
    Path valid = dir.resolve("valid.geojson");
    Files.writeString(valid, good, StandardCharsets.UTF_8);

    GeoJsonCheckTool.Result result = GeoJsonCheckTool.check(List.of(valid, broken, truncated));
    assertThat(result.exitCode()).as(result.output()).isEqualTo(1);
    assertThat(result.issues().get(valid.toString())).as(result.output()).isEmpty();
    assertThat(result.issues().get(broken.toString())).as(result.output()).hasSizeGreaterThanOrEqualTo(3);
    assertThat(result.issues().get(truncated.toString())).as(result.output()).isNotEmpty();

    // The Java winding check fails too on a clockwise exterior.
    List<String> wrong = new ArrayList<>();
    rightHandRule(JSON.readTree("{\"type\":\"Polygon\",\"coordinates\":[[[0,0],[0,1],[1,1],[1,0],[0,0]]]}"), wrong);
    assertThat(wrong).hasSize(1);
  }

  /** Adds a description of every ring of {@code geometry} that turns the wrong way. */
  static void rightHandRule(JsonNode geometry, List<String> wrong) {
    String type = geometry.get("type").asText();
    if (type.equals("Polygon")) {
      polygon(geometry.get("coordinates"), wrong);
    } else if (type.equals("MultiPolygon")) {
      for (JsonNode p : geometry.get("coordinates")) {
        polygon(p, wrong);
      }
    }
  }

  private static void polygon(JsonNode rings, List<String> wrong) {
    for (int i = 0; i < rings.size(); i++) {
      double area = signedArea(rings.get(i));
      if (i == 0 ? area <= 0 : area >= 0) {
        wrong.add((i == 0 ? "exterior" : "hole " + i) + " turns " + (area > 0 ? "counter-clockwise" : "clockwise"));
      }
    }
  }

  /** Twice the signed area of a ring (shoelace): positive when it turns counter-clockwise. */
  static double signedArea(JsonNode ring) {
    double sum = 0;
    for (int i = 0; i + 1 < ring.size(); i++) {
      JsonNode a = ring.get(i);
      JsonNode b = ring.get(i + 1);
      sum += a.get(0).asDouble() * b.get(1).asDouble() - b.get(0).asDouble() * a.get(1).asDouble();
    }
    return sum;
  }

  private static long countPolygons(Map<Path, String> files) throws Exception {
    long n = 0;
    for (Path f : files.keySet()) {
      for (JsonNode feature : JSON.readTree(f.toFile()).get("features")) {
        String type = feature.at("/geometry/type").asText();
        n += type.endsWith("Polygon") ? 1 : 0;
      }
    }
    return n;
  }
}
