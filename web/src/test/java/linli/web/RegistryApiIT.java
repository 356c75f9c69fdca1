package linli.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import linli.registry.Database;
import linli.registry.city.CityLoader;
import linli.registry.testing.FixtureCity;
import linli.registry.testing.PostgisExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * GET /api/registry from an empty registry to the fixture city (one database for the class: the
 * first test tells the story in order, the second leaves the registry as it found it).
 */
@ExtendWith(PostgisExtension.class)
class RegistryApiIT {
  @Test
  void countsExtentNameAndDemoFollowWhatIsLoaded(Database db) throws Exception {
    try (RunningApp app = new RunningApp(db)) {
      // Empty: zeros, no extent, no name, no demo.
      JsonNode empty = RunningApp.json(app.get("/api/registry"));
      assertThat(empty.get("counts")).hasSize(5).allSatisfy(count -> assertThat(count.asLong()).isZero());
      assertThat(empty.get("extent").isNull()).isTrue();
      assertThat(empty.get("city_name").isNull()).isTrue();
      assertThat(empty.get("demo").asBoolean()).isFalse();

      // Facilities alone: the extent is theirs.
      sql(db, """
          INSERT INTO facility (category, name, source, geom)
          VALUES ('police_office', '孤点', 'manual', ST_SetSRID(ST_MakePoint(120.5, 36.5), 4490))""");
      JsonNode lone = RunningApp.json(app.get("/api/registry"));
      assertThat(lone.at("/counts/facilities").asLong()).isOne();
      assertThat(lone.get("extent").toString()).isEqualTo("[120.5,36.5,120.5,36.5]");
      sql(db, "DELETE FROM facility");

      // The fixture city, a road, one facility deleted: counts as SQL counts them.
      new CityLoader(db.dataSource()).load(FixtureCity.build());
      sql(db, "INSERT INTO road (geom) VALUES (ST_GeomFromText('LINESTRING(120.30 36.10, 120.31 36.10)', 4490))");
      sql(db, "UPDATE facility SET deleted = true, version = version + 1 WHERE source_id = 'd'");
      JsonNode city = RunningApp.json(app.get("/api/registry"));
      assertThat(city.at("/counts/districts").asLong()).isEqualTo(count(db, "SELECT count(*) FROM district")).isEqualTo(2);
      assertThat(city.at("/counts/streets").asLong()).isEqualTo(count(db, "SELECT count(*) FROM street")).isEqualTo(2);
      assertThat(city.at("/counts/communities").asLong()).isEqualTo(count(db, "SELECT count(*) FROM community"))
          .isEqualTo(6);
      assertThat(city.at("/counts/facilities").asLong())
          .isEqualTo(count(db, "SELECT count(*) FROM facility WHERE NOT deleted")).isEqualTo(3);
      assertThat(city.at("/counts/roads").asLong()).isEqualTo(count(db, "SELECT count(*) FROM road")).isOne();
      assertThat(city.get("demo").asBoolean()).isFalse();
      // The extent holds every community, and is no larger than they and the districts are.
      JsonNode e = city.get("extent");
      String box = "ST_MakeEnvelope(%s, %s, %s, %s, 4490)".formatted(e.get(0), e.get(1), e.get(2), e.get(3));
      assertThat(count(db, "SELECT count(*) FROM community WHERE ST_Covers(" + box + ", geom)")).isEqualTo(6);
      assertThat(count(db, "SELECT count(*) FROM district WHERE ST_Covers(" + box + ", geom)")).isEqualTo(2);
      assertThat(e.get(0).asDouble()).isEqualTo(
          count(db, "SELECT round(min(ST_XMin(geom)) * 1e6) FROM community") / 1e6);
    }
  }

  @Test
  void theDemoIsToldByItsFacilitiesAndTheCityIsNamedByTheSetting(Database db) throws Exception {
    try (RunningApp app = new RunningApp(db, Map.of("LINLI_CITY_NAME", " 青岛市 "))) {
      sql(db, """
          INSERT INTO facility (category, name, source, source_id, geom, deleted)
          VALUES ('police_office', '演示', 'demo', 'x', ST_SetSRID(ST_MakePoint(120.5, 36.5), 4490), true)""");
      JsonNode answer = RunningApp.json(app.get("/api/registry"));
      assertThat(answer.get("city_name").asText()).isEqualTo("青岛市");
      // Deleted demo facilities still mark the demo: its communities and roads stay.
      assertThat(answer.get("demo").asBoolean()).isTrue();
      assertThat(answer.at("/counts/facilities").asLong())
          .isEqualTo(count(db, "SELECT count(*) FROM facility WHERE NOT deleted"));
    } finally {
      sql(db, "DELETE FROM facility WHERE source = 'demo'");
    }
  }

  private static void sql(Database db, String statement) throws SQLException {
    try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
      s.execute(statement);
    }
  }

  private static long count(Database db, String query) throws SQLException {
    try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(query)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
