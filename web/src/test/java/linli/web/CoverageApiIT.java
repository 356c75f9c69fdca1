package linli.web;

import static linli.registry.testing.FixtureCity.anchor;
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

/** What-if, suggest and indicators over HTTP, shaped as the contract says. */
@ExtendWith(PostgisExtension.class)
class CoverageApiIT {
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
  void whatIfReportsBeforeAfterAndTheCommunitiesWonOrLost() throws Exception {
    String body = """
        {"category": "emergency_shelter", "distance_m": 500, "mode": "straight",
         "add": [[%s, %s]], "remove": []}""".formatted(anchor(4).getX(), anchor(4).getY());
    HttpResponse<String> r = app.post("/api/coverage/what-if", body);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode j = RunningApp.json(r);
    assertThat(j.at("/before/communities/covered").asInt()).isEqualTo(1);
    assertThat(j.at("/after/communities/covered").asInt()).isEqualTo(2);
    assertThat(j.at("/after/population/covered").asLong()).isEqualTo(1_000 + 5_000);
    assertThat(j.get("newly_covered")).hasSize(1);
    assertThat(j.at("/newly_covered/0").asText()).isEqualTo(communityCode(4));
    assertThat(j.get("newly_uncovered")).isEmpty();
    // Nothing stored.
    assertThat(RunningApp.json(app.get("/api/coverage?category=emergency_shelter")).at("/communities/covered").asInt())
        .isEqualTo(1);
  }

  @Test
  void whatIfNamesBadFields() throws Exception {
    assertField(app.post("/api/coverage/what-if", "{\"category\": \"nope\"}"), "category");
    assertField(app.post("/api/coverage/what-if", "{\"category\": \"emergency_shelter\", \"add\": [[1]]}"), "add[0]");
    assertField(app.post("/api/coverage/what-if", "{\"category\": \"emergency_shelter\", \"remove\": [\"x\"]}"),
        "remove[0]");
    assertField(app.post("/api/coverage/what-if", "{\"category\": \"emergency_shelter\", \"distance_m\": -1}"),
        "distance_m");
    assertField(app.post("/api/coverage/what-if", "[1, 2]"), "body");
  }

  @Test
  void suggestReturnsSitesWithTrueGains() throws Exception {
    JsonNode s = RunningApp.json(app.get("/api/coverage/suggest?category=emergency_shelter&distance=1100&k=2"));
    assertThat(s.get("sites")).hasSize(2);
    assertThat(s.at("/sites/0/gain_population").asLong()).isEqualTo(15_000);
    assertThat(s.at("/sites/0/newly_covered")).hasSize(3);
    long after = s.get("population_covered_after").asLong();
    // Recompute with the suggested sites added: the same total.
    String body = """
        {"category": "emergency_shelter", "distance_m": 1100,
         "add": [[%s, %s], [%s, %s]]}""".formatted(s.at("/sites/0/lon").asDouble(), s.at("/sites/0/lat").asDouble(),
        s.at("/sites/1/lon").asDouble(), s.at("/sites/1/lat").asDouble());
    assertThat(RunningApp.json(app.post("/api/coverage/what-if", body)).at("/after/population/covered").asLong())
        .isEqualTo(after);
    assertField(app.get("/api/coverage/suggest?category=emergency_shelter&k=0"), "k");
  }

  @Test
  void indicatorsListThePlanTargets() throws Exception {
    JsonNode list = RunningApp.json(app.get("/api/indicators"));
    assertThat(list.size()).isEqualTo(10);
    JsonNode first = list.get(0);
    for (String field : new String[] {"id", "action", "title", "target", "value", "unit", "met"}) {
      assertThat(first.has(field)).as(field).isTrue();
    }
    assertThat(list.findValuesAsText("id")).contains("police_colocation_rate", "smart_communities");
  }

  private static void assertField(HttpResponse<String> r, String field) throws Exception {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
    assertThat(RunningApp.json(r).at("/errors/0/field").asText()).isEqualTo(field);
  }
}
