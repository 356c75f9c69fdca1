package linli.web;

import static linli.registry.testing.FixtureCity.anchor;
import static linli.registry.testing.FixtureCity.communityCode;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import linli.registry.Database;
import linli.registry.city.CityData;
import linli.registry.city.CityLoader;
import linli.registry.testing.FixtureCity;
import linli.registry.testing.PostgisExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.locationtech.jts.geom.Coordinate;

/** What-if, suggest and indicators over HTTP, shaped as the contract says. */
@ExtendWith(PostgisExtension.class)
class CoverageApiIT {
  private static RunningApp app;

  @BeforeAll
  static void start(Database db) throws Exception {
    CityData fixture = FixtureCity.build();
    // A road through offices 0..4 (office 5 has none: it is measured from its surface point), for network mode.
    List<CityData.Road> roads = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      roads.add(new CityData.Road("residential", true, FixtureCity.GEOMETRY.createLineString(new Coordinate[] {
          anchor(i).getCoordinate(), anchor(i + 1).getCoordinate()})));
    }
    new CityLoader(db.dataSource()).load(new CityData(fixture.districts(), fixture.streets(), fixture.communities(),
        fixture.facilities(), roads));
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

  /** "open, planned" counts the planned shelter by community 3 as the coverage query's status=open, planned does. */
  @Test
  void whatIfStatusesAreTrimmedAsTheyAreChecked() throws Exception {
    JsonNode spaced = RunningApp.json(app.post("/api/coverage/what-if", """
        {"category": "emergency_shelter", "distance_m": 500, "status": "open, planned"}"""));
    assertThat(spaced.at("/before/communities/covered").asInt()).as(spaced.toString()).isEqualTo(2);
    JsonNode query = RunningApp.json(app.get("/api/coverage?category=emergency_shelter&distance=500&status=open,%20planned"));
    assertThat(query.at("/communities/covered").asInt()).isEqualTo(2);
    assertField(app.post("/api/coverage/what-if", "{\"category\": \"emergency_shelter\", \"status\": \"open, built\"}"),
        "status");
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

  /** The coverage question's mistakes, at the query doors and in the what-if body: the same field, the same words. */
  @Test
  void aBadQuestionIsTheSameProblemAtEveryDoor() throws Exception {
    List<String> wrong = new ArrayList<>();
    for (BadQuestions.Case c : BadQuestions.CASES) {
      for (String path : new String[] {"/api/coverage", "/api/coverage/communities", "/api/coverage/suggest",
          "/api/coverage/communities/" + communityCode(0)}) {
        HttpResponse<String> r = app.get(path + "?" + c.query());
        wrong.add(BadQuestions.mismatch(c, path + "?" + c.query(), r.statusCode(), r.body(), c.field()));
      }
      HttpResponse<String> r = app.post("/api/coverage/what-if", c.body());
      wrong.add(BadQuestions.mismatch(c, "what-if " + c.body(), r.statusCode(), r.body(),
          c.field().equals("distance") ? "distance_m" : c.field()));
    }
    assertThat(wrong).containsOnlyNulls();
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
  void networkSuggestGainsAreWhatANetworkWhatIfRecomputes() throws Exception {
    JsonNode s = RunningApp.json(app.get("/api/coverage/suggest?category=emergency_shelter&distance=1100&k=3&mode=network"));
    assertThat(s.get("sites").size()).as(s.toString()).isPositive();
    StringBuilder add = new StringBuilder();
    long gains = 0;
    for (JsonNode site : s.get("sites")) {
      add.append(add.length() == 0 ? "" : ", ").append("[").append(site.get("lon").asDouble()).append(", ")
          .append(site.get("lat").asDouble()).append("]");
      gains += site.get("gain_population").asLong();
    }
    JsonNode r = RunningApp.json(app.post("/api/coverage/what-if", """
        {"category": "emergency_shelter", "distance_m": 1100, "mode": "network", "add": [%s]}""".formatted(add)));
    assertThat(r.at("/after/population/covered").asLong()).isEqualTo(s.get("population_covered_after").asLong());
    assertThat(r.at("/before/population/covered").asLong() + gains).isEqualTo(s.get("population_covered_after").asLong());
  }

  /** by_district and by_street add up to the totals, and each equals a grouping of /api/coverage/communities. */
  @Test
  void breakdownsAreGroupingsOfTheCommunities() throws Exception {
    for (String q : new String[] {"category=emergency_shelter", "category=emergency_shelter&distance=1100",
        "category=emergency_shelter&distance=1100&mode=network", "category=police_office&district=市北区",
        "category=emergency_shelter&distance=700&status=open,closed&district=370202"}) {
      JsonNode report = RunningApp.json(app.get("/api/coverage?" + q));
      JsonNode features = RunningApp.json(app.get("/api/coverage/communities?" + q)).get("features");
      for (String level : new String[] {"district", "street"}) {
        Map<String, long[]> expected = new HashMap<>(); // code -> communities, covered, population, covered population
        for (JsonNode f : features) {
          JsonNode p = f.get("properties");
          long[] g = expected.computeIfAbsent(p.get(level + "_code").asText(), k -> new long[4]);
          boolean covered = p.get("covered").asBoolean();
          g[0]++;
          g[1] += covered ? 1 : 0;
          g[2] += p.get("population").asLong();
          g[3] += covered ? p.get("population").asLong() : 0;
        }
        JsonNode groups = report.get("by_" + level);
        assertThat(groups.size()).as(q).isEqualTo(expected.size());
        long[] sum = new long[4];
        for (JsonNode g : groups) {
          long[] e = expected.get(g.get("code").asText());
          assertThat(e).as("%s %s", q, g).isNotNull();
          long[] got = {g.at("/communities/total").asLong(), g.at("/communities/covered").asLong(),
              g.at("/population/total").asLong(), g.at("/population/covered").asLong()};
          assertThat(got).as("%s %s", q, g).containsExactly(e);
          assertThat(g.at("/population/share").asDouble()).isCloseTo(e[2] == 0 ? 0 : (double) e[3] / e[2],
              org.assertj.core.data.Offset.offset(5e-5));
          if (level.equals("street")) {
            assertThat(g.get("district_code").asText()).isEqualTo(
                features.findValues("properties").stream().filter(p -> p.get("street_code").asText()
                    .equals(g.get("code").asText())).findFirst().orElseThrow().get("district_code").asText());
          }
          for (int i = 0; i < 4; i++) {
            sum[i] += got[i];
          }
        }
        assertThat(sum).as(q).containsExactly(report.at("/communities/total").asLong(),
            report.at("/communities/covered").asLong(), report.at("/population/total").asLong(),
            report.at("/population/covered").asLong());
      }
    }
  }

  /**
   * Shelter a (500 places) is 400 m from office 0 (1,000 people) and more than
   * 1 km from every other; shelter b is 650 m from the nearest office. At 500 m: a's ratio is 0.5,
   * office 0 is covered with 0.5 places per resident (overcrowded), b serves nobody.
   */
  @Test
  void capacityIsReportedWhenAskedFor() throws Exception {
    assertThat(RunningApp.json(app.get("/api/coverage?category=emergency_shelter")).get("capacity").isNull()).isTrue();
    JsonNode c = RunningApp.json(app.get("/api/coverage?category=emergency_shelter&capacity=true")).get("capacity");
    assertThat(c.at("/population/covered").asLong()).isEqualTo(1_000);
    assertThat(c.at("/population/overcrowded").asLong()).isEqualTo(1_000);
    assertThat(c.get("communities_overcrowded").asInt()).isEqualTo(1);
    assertThat(c.at("/overcrowded/0/code").asText()).isEqualTo(communityCode(0));
    assertThat(c.at("/overcrowded/0/access").asDouble()).isEqualTo(0.5);
    assertThat(c.at("/facilities/total").asInt()).isEqualTo(2);
    assertThat(c.at("/facility_ratios/0/ratio").asDouble()).isEqualTo(0.5);
    assertThat(c.at("/facility_ratios/0/demand").asLong()).isEqualTo(1_000);
    assertThat(c.at("/facility_ratios/1/demand").asLong()).isZero();
    assertThat(c.at("/facility_ratios/1/ratio").isNull()).isTrue();
    assertThat(RunningApp.json(app.get("/api/coverage/communities?category=emergency_shelter"))
        .at("/features/0/properties").has("access")).isFalse(); // asked for only
    JsonNode features = RunningApp.json(app.get("/api/coverage/communities?category=emergency_shelter&capacity=true"))
        .get("features");
    for (JsonNode f : features) {
      JsonNode p = f.get("properties");
      boolean first = p.get("code").asText().equals(communityCode(0));
      assertThat(p.get("access").asDouble()).isEqualTo(first ? 0.5 : 0);
      assertThat(p.get("overcrowded").asBoolean()).isEqualTo(first);
    }
    assertThat(RunningApp.json(app.get("/api/coverage?category=emergency_shelter&capacity=false")).get("capacity").isNull())
        .isTrue();
    assertThat(RunningApp.json(app.get("/api/coverage?category=police_office&capacity=true")).get("capacity").isObject())
        .isTrue();
    assertThat(RunningApp.json(app.get("/api/coverage/communities?category=police_office")).at("/features/0/properties")
        .has("access")).isFalse();
    assertField(app.get("/api/coverage?category=emergency_shelter&capacity=yes"), "capacity");
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

  @Test
  void uncoveredLimitListsTheFirstUnservedAndLeavesTheRestOfTheAnswerAsItIs() throws Exception {
    for (String q : new String[] {"category=emergency_shelter", "category=emergency_shelter&capacity=true",
        "category=emergency_shelter&district=370203"}) {
      JsonNode whole = RunningApp.json(app.get("/api/coverage?" + q));
      JsonNode first = RunningApp.json(app.get("/api/coverage?" + q + "&uncovered_limit=1"));
      assertThat(whole.get("uncovered").size()).as(q).isGreaterThan(1);
      assertThat(first.get("uncovered")).as(q).containsExactly(whole.get("uncovered").get(0));
      ((com.fasterxml.jackson.databind.node.ObjectNode) whole).remove("uncovered");
      ((com.fasterxml.jackson.databind.node.ObjectNode) first).remove("uncovered");
      assertThat(first).as(q).isEqualTo(whole);
    }
    JsonNode none = RunningApp.json(app.get("/api/coverage?category=emergency_shelter&uncovered_limit=0"));
    assertThat(none.get("uncovered")).isEmpty();
    // At or past the list's length: the whole answer, byte for byte.
    assertThat(app.get("/api/coverage?category=emergency_shelter&uncovered_limit=1000").body())
        .isEqualTo(app.get("/api/coverage?category=emergency_shelter").body());
    assertField(app.get("/api/coverage?category=emergency_shelter&uncovered_limit=-1"), "uncovered_limit");
    assertField(app.get("/api/coverage?category=emergency_shelter&uncovered_limit=1.5"), "uncovered_limit");
    assertField(app.get("/api/coverage?category=emergency_shelter&uncovered_limit=many"), "uncovered_limit");
  }

  private static void assertField(HttpResponse<String> r, String field) throws Exception {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
    assertThat(RunningApp.json(r).at("/errors/0/field").asText()).isEqualTo(field);
  }

  @Test
  void oneCommunityNamesItsNearestFacilityAndWhereCoverageIsMeasuredFrom() throws Exception {
    // Community 1: shelter b stands 650 m south of its office (the fixture's geodesic oracle says so).
    JsonNode one = RunningApp.json(app.get("/api/coverage/communities/" + communityCode(1) + "?category=emergency_shelter"));
    assertThat(one.get("office").asBoolean()).isTrue();
    assertThat(one.at("/anchor/0").asDouble()).isCloseTo(anchor(1).getX(), org.assertj.core.data.Offset.offset(1e-9));
    assertThat(one.at("/anchor/1").asDouble()).isCloseTo(anchor(1).getY(), org.assertj.core.data.Offset.offset(1e-9));
    assertThat(one.at("/nearest/name").asText()).isEqualTo("避难场所b");
    double oracle = FixtureCity.distance(anchor(1), FixtureCity.offset(anchor(1), 180, 650));
    assertThat(one.at("/nearest/distance_m").asDouble()).isCloseTo(oracle, org.assertj.core.data.Offset.offset(0.06));
    assertThat(one.get("measured").asText()).isEqualTo("straight");
    // Only the statuses asked for: closed shelter c is 100 m from office 3, but the open one is a.
    JsonNode three = RunningApp.json(app.get("/api/coverage/communities/" + communityCode(3) + "?category=emergency_shelter"));
    assertThat(three.at("/nearest/name").asText()).isNotEqualTo("避难场所c");
    JsonNode closed = RunningApp.json(app.get("/api/coverage/communities/" + communityCode(3)
        + "?category=emergency_shelter&status=open,closed"));
    assertThat(closed.at("/nearest/name").asText()).isEqualTo("避难场所c");
    // Community 5 has no office recorded: measured from a point on its surface.
    JsonNode five = RunningApp.json(app.get("/api/coverage/communities/" + communityCode(5) + "?category=emergency_shelter"));
    assertThat(five.get("office").asBoolean()).isFalse();
    // No facility of the category at all: nearest is null, not an error.
    JsonNode none = RunningApp.json(app.get("/api/coverage/communities/" + communityCode(1) + "?category=police_office"));
    assertThat(none.get("nearest").isNull()).isTrue();
    // Bad and unknown codes are problems naming the field.
    HttpResponse<String> bad = app.get("/api/coverage/communities/12345?category=emergency_shelter");
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(RunningApp.json(bad).at("/errors/0/field").asText()).isEqualTo("code");
    assertThat(app.get("/api/coverage/communities/999999999999?category=emergency_shelter").statusCode()).isEqualTo(404);
  }
}
