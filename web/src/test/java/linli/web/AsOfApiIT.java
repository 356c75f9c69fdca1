package linli.web;

import static linli.registry.testing.FixtureCity.anchor;
import static linli.registry.testing.FixtureCity.communityCode;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import linli.registry.Database;
import linli.registry.city.CityLoader;
import linli.registry.testing.FixtureCity;
import linli.registry.testing.PostgisExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.locationtech.jts.geom.Point;

/**
 * {@code as_of} and the comparison of two instants over HTTP: a shelter opened after instant
 * {@code before} covers community 4, and every door answers for the instant it is asked about.
 */
@ExtendWith(PostgisExtension.class)
class AsOfApiIT {
  private static RunningApp app;
  private static String before;
  private static long opened;

  @BeforeAll
  static void start(Database db) throws Exception {
    new CityLoader(db.dataSource()).load(FixtureCity.build());
    app = new RunningApp(db);
    Thread.sleep(5);
    try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
      try (ResultSet rs = s.executeQuery("SELECT clock_timestamp()")) {
        rs.next();
        before = rs.getObject(1, OffsetDateTime.class).toInstant().toString();
      }
      Thread.sleep(5);
      Point p = FixtureCity.offset(anchor(4), 0, 300);
      try (ResultSet rs = s.executeQuery("INSERT INTO facility (category, name, status, source, source_id, geom,"
          + " updated_by) VALUES ('emergency_shelter', '新避难场所', 'open', 'as-of-api', 'e', ST_SetSRID(ST_MakePoint("
          + p.getX() + ", " + p.getY() + "), 4490), 'tester') RETURNING id")) {
        rs.next();
        opened = rs.getLong(1);
      }
    }
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  private static String at(String instant) {
    return URLEncoder.encode(instant, StandardCharsets.UTF_8);
  }

  @Test
  void coverageAndItsCommunitiesAnswerForThePast() throws Exception {
    JsonNode now = RunningApp.json(app.get("/api/coverage?category=emergency_shelter"));
    JsonNode then = RunningApp.json(app.get("/api/coverage?category=emergency_shelter&as_of=" + at(before)));
    assertThat(now.at("/communities/covered").asInt()).isEqualTo(2);
    assertThat(then.at("/communities/covered").asInt()).as(then.toString()).isEqualTo(1);
    // Asked again (cached), the past stays the past and the present the present.
    assertThat(RunningApp.json(app.get("/api/coverage?category=emergency_shelter&as_of=" + at(before)))).isEqualTo(then);
    assertThat(RunningApp.json(app.get("/api/coverage?category=emergency_shelter"))).isEqualTo(now);

    JsonNode features = RunningApp.json(app.get("/api/coverage/communities?category=emergency_shelter&as_of="
        + at(before))).get("features");
    assertThat(features).hasSize(6);
    for (JsonNode f : features) {
      boolean expected = f.at("/properties/code").asText().equals(communityCode(0));
      assertThat(f.at("/properties/covered").asBoolean()).as(f.toString()).isEqualTo(expected);
    }
    // Today's date (in Shanghai) is the registry so far.
    String today = LocalDate.now(ZoneId.of("Asia/Shanghai")).toString();
    assertThat(RunningApp.json(app.get("/api/coverage?category=emergency_shelter&as_of=" + today))
        .at("/communities/covered").asInt()).isEqualTo(2);
  }

  @Test
  void theChangesNameTheCommunityThePeopleAndTheFacility() throws Exception {
    HttpResponse<String> r = app.get("/api/coverage/changes?category=emergency_shelter&distance=500&from=" + at(before));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode j = RunningApp.json(r);
    assertThat(j.get("from").asText()).isEqualTo(before);
    assertThat(j.get("to").asText()).isNotBlank();
    assertThat(j.get("gained")).hasSize(1);
    assertThat(j.at("/gained/0").asText()).isEqualTo(communityCode(4));
    assertThat(j.get("lost")).isEmpty();
    assertThat(j.get("population_gained").asLong()).isEqualTo(5_000);
    assertThat(j.get("population_lost").asLong()).isZero();
    assertThat(j.get("facilities_added")).hasSize(1);
    assertThat(j.at("/facilities_added/0").asLong()).isEqualTo(opened);
    assertThat(j.get("facilities_removed")).isEmpty();
    assertThat(j.at("/communities/0/facilities/0").asLong()).isEqualTo(opened);
    assertThat(j.at("/after/population/covered").asLong() - j.at("/before/population/covered").asLong())
        .isEqualTo(5_000);
  }

  @Test
  void indicatorsAnswerForThePast() throws Exception {
    HttpResponse<String> r = app.get("/api/indicators?year=2026&as_of=" + at(before));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(RunningApp.json(r).isArray()).isTrue();
    assertField(app.get("/api/indicators?as_of=2999-01-01"), "as_of", "future");
  }

  @Test
  void aBadInstantIsA400NamingItsField() throws Exception {
    assertField(app.get("/api/coverage?category=emergency_shelter&as_of=2999-01-01"), "as_of", "future");
    assertField(app.get("/api/coverage?category=emergency_shelter&as_of=1999-01-01"), "as_of",
        "before the registry's history begins");
    assertField(app.get("/api/coverage/communities?category=emergency_shelter&as_of=soon"), "as_of",
        "not an ISO-8601 instant");
    assertField(app.get("/api/coverage/changes?category=emergency_shelter&from=" + at(before) + "&to=" + at(before)),
        "to", "later than from");
    assertField(app.get("/api/coverage/changes?category=emergency_shelter&from=" + at(before) + "&to=1999-01-01"),
        "to", "before the registry's history begins");
    assertField(app.get("/api/coverage?category=emergency_shelter&capacity=true&as_of=" + at(before)), "capacity",
        "as it stands only");
    assertField(app.get("/api/coverage/suggest?category=emergency_shelter&as_of=" + at(before)), "as_of",
        "as it stands");
    assertField(app.get("/api/coverage/communities/" + communityCode(0) + "?category=emergency_shelter&as_of="
        + at(before)), "as_of", "as it stands");
  }

  private static void assertField(HttpResponse<String> r, String field, String words) throws Exception {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
    assertThat(r.headers().firstValue("content-type").orElse("")).contains("application/problem+json");
    assertThat(RunningApp.json(r).at("/errors/0/field").asText()).as(r.body()).isEqualTo(field);
    assertThat(RunningApp.json(r).at("/errors/0/message").asText()).contains(words);
  }
}
