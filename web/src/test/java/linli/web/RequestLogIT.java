package linli.web;

import static linli.web.RunningApp.admin;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import linli.registry.Database;
import linli.registry.city.CityLoader;
import linli.registry.testing.FixtureCity;
import linli.registry.testing.PostgisExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * LINLI_LOG_FORMAT=json: every line the server logs (standard error) is one JSON object; each
 * request has exactly one, with its route, status, duration, principal id and request id, and the
 * token itself appears nowhere. X-Request-Id is kept when sane, made up otherwise, and echoed in the
 * response and in problem JSON.
 */
@ExtendWith(PostgisExtension.class)
class RequestLogIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static Database db;
  private final ByteArrayOutputStream captured = new ByteArrayOutputStream();
  private PrintStream original;

  @BeforeAll
  static void load(Database database) throws Exception {
    db = database;
    new CityLoader(db.dataSource()).load(FixtureCity.build());
  }

  @BeforeEach
  void capture() {
    original = System.err;
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
  }

  @AfterEach
  void restore() {
    System.setErr(original);
    JsonLogLayout.use(LogFormat.TEXT);
  }

  private List<JsonNode> lines() throws Exception {
    List<JsonNode> out = new ArrayList<>();
    for (String line : captured.toString(StandardCharsets.UTF_8).split("\n")) {
      if (!line.isBlank()) {
        JsonNode node = JSON.readTree(line); // throws when a line is not JSON
        assertThat(node.isObject()).as(line).isTrue();
        out.add(node);
      }
    }
    return out;
  }

  private List<JsonNode> requestLines(String requestId) throws Exception {
    return lines().stream().filter(n -> n.path("logger").asText().equals("linli.http")
        && n.path("request_id").asText().equals(requestId)).toList();
  }

  @Test
  void everyLineIsJsonAndEachRequestHasOneWithItsIdsButNeverTheToken() throws Exception {
    try (RunningApp app = new RunningApp(db, Map.of("LINLI_LOG_FORMAT", "json"))) {
      String token = RunningApp.json(app.post("/api/tokens", "{\"name\": \"logged\", \"role\": \"editor\"}", admin()))
          .get("token").asText();
      long tokenId = 0;
      for (JsonNode t : RunningApp.json(app.get("/api/tokens", admin()))) {
        tokenId = t.get("name").asText().equals("logged") ? t.get("id").asLong() : tokenId;
      }

      // A bad write: the problem carries the request id given.
      HttpResponse<String> bad = app.post("/api/facilities", "{\"type\": \"Feature\"}", "Authorization",
          "Bearer " + token, "X-Request-Id", "planner-req-0001");
      assertThat(bad.statusCode()).isEqualTo(400);
      assertThat(bad.headers().firstValue("X-Request-Id")).hasValue("planner-req-0001");
      assertThat(RunningApp.json(bad).get("request_id").asText()).isEqualTo("planner-req-0001");

      // A read by id template.
      HttpResponse<String> read = app.get("/api/facilities/2", "X-Request-Id", "planner-req-0002");
      assertThat(read.statusCode()).isEqualTo(200);

      // An unusable incoming id is replaced by a fresh one.
      HttpResponse<String> odd = app.get("/health/live", "X-Request-Id", "spaces are not allowed " + "x".repeat(200));
      String made = odd.headers().firstValue("X-Request-Id").orElseThrow();
      assertThat(made).matches("[0-9a-f-]{36}");
      assertThat(app.get("/health/live").headers().firstValue("X-Request-Id").orElseThrow()).isNotEqualTo(made);

      Thread.sleep(200); // the request log is written just after the response
      List<JsonNode> badLines = requestLines("planner-req-0001");
      assertThat(badLines).hasSize(1);
      JsonNode b = badLines.get(0);
      assertThat(b.get("method").asText()).isEqualTo("POST");
      assertThat(b.get("route").asText()).isEqualTo("/api/facilities");
      assertThat(b.get("status").asInt()).isEqualTo(400);
      assertThat(b.get("principal").asText()).isEqualTo("token:" + tokenId);
      assertThat(b.get("duration_ms").isNumber()).isTrue();
      assertThat(b.get("duration_ms").asDouble()).isBetween(0.0, 10_000.0);
      Instant at = Instant.parse(b.get("time").asText());
      assertThat(at).isBetween(Instant.now().minusSeconds(60), Instant.now());

      JsonNode r = requestLines("planner-req-0002").get(0);
      assertThat(r.get("route").asText()).isEqualTo("/api/facilities/{id}");
      assertThat(r.get("path").asText()).isEqualTo("/api/facilities/2");
      assertThat(r.get("status").asInt()).isEqualTo(200);
      assertThat(r.get("principal").isNull()).isTrue();
      assertThat(requestLines(made)).hasSize(1);

      String all = captured.toString(StandardCharsets.UTF_8);
      assertThat(all).doesNotContain(token).doesNotContain(RunningApp.ADMIN_TOKEN);
    }
    // Lines from the app's other loggers (the change feed, the pool; Javalin's own log only warnings)
    // were JSON too: lines() parsed them all.
    assertThat(lines().stream().map(n -> n.get("logger").asText()).distinct()).contains("linli.http")
        .anyMatch(logger -> !logger.equals("linli.http"));
  }

  @Test
  void textIsTheDefault() throws Exception {
    try (RunningApp app = new RunningApp(db)) {
      app.get("/health/live", "X-Request-Id", "plain-text-1");
      Thread.sleep(200);
    }
    String text = captured.toString(StandardCharsets.UTF_8);
    assertThat(text).contains("GET /health/live 200").contains("request_id=plain-text-1");
    assertThat(text.lines().filter(l -> l.contains("plain-text-1")).findFirst().orElseThrow()).doesNotStartWith("{");
  }
}
