package linli.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import linli.registry.Database;
import linli.registry.testing.PostgisExtension;
import linli.registry.testing.TestPostgis;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The main job, {@code java -jar linli.jar demo}, from the packaged jar into an empty database:
 * it loads the Qingdao demo and serves the map. Tests that run on the test class path cannot see
 * a dependency missing from the jar (the demo once died on a GeoJSON reader left out of it).
 */
@ExtendWith(PostgisExtension.class)
class DemoJarIT {
  @Test
  void theDemoLoadsQingdaoAndServesTheMap(Database db) throws Exception {
    try (LinliJar jar = LinliJar.start("demo", Map.of("LINLI_DB_URL", TestPostgis.get().urlFor(databaseName(db))))) {
      jar.awaitServing(240);
      HttpClient http = HttpClient.newHttpClient();
      HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(jar.baseUrl() + "/")).build(),
          BodyHandlers.ofString());
      assertThat(page.statusCode()).isEqualTo(200);
      assertThat(page.body()).contains("leaflet");
      HttpResponse<String> outlines = http.send(HttpRequest.newBuilder(
          URI.create(jar.baseUrl() + "/api/districts/outlines")).build(), BodyHandlers.ofString());
      assertThat(outlines.statusCode()).as(outlines.body()).isEqualTo(200);
      JsonNode districts = new ObjectMapper().readTree(outlines.body());
      assertThat(districts.path("features").size()).as("Qingdao's districts").isGreaterThanOrEqualTo(10);
      // Without LINLI_CITY_NAME the demo names its city itself; the page hard-codes none.
      HttpResponse<String> registry = http.send(HttpRequest.newBuilder(
          URI.create(jar.baseUrl() + "/api/registry")).build(), BodyHandlers.ofString());
      JsonNode overview = new ObjectMapper().readTree(registry.body());
      assertThat(overview.path("city_name").asText()).isEqualTo("青岛市");
      assertThat(overview.path("demo").asBoolean()).isTrue();
      assertThat(page.body()).doesNotContain("青岛");
      try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT (SELECT count(*) FROM community), (SELECT count(*) FROM facility)")) {
        rs.next();
        assertThat(rs.getLong(1)).as("communities loaded").isGreaterThan(1000);
        assertThat(rs.getLong(2)).as("facilities loaded").isGreaterThan(1000);
      }
    }
  }

  private static String databaseName(Database db) throws Exception {
    try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT current_database()")) {
      rs.next();
      return rs.getString(1);
    }
  }
}
