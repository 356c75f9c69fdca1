package linli.web;

import static linli.web.RunningApp.admin;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import linli.registry.Database;
import linli.registry.city.CityLoader;
import linli.registry.testing.FixtureCity;
import linli.registry.testing.PostgisExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * 50 editors, each with its own token and HTTP client, increment counters kept in the same few
 * facilities by read-modify-write with If-Match, retrying on 412. No increment may be lost: each
 * counter ends equal to the 200s its writers saw, and the version and history agree.
 */
@ExtendWith(PostgisExtension.class)
class ConcurrentEditIT {
  private static final int CLIENTS = 50;
  private static final int FACILITIES = 5;
  private static final int EDITS_PER_CLIENT = 4;
  private static final int MAX_ATTEMPTS_PER_EDIT = 500;
  private static final ObjectMapper JSON = new ObjectMapper();

  private static String shelter(String name, int counter, String writer) {
    return """
        {"type": "Feature", "geometry": {"type": "Point", "coordinates": [120.3168, 36.1045]},
         "properties": {"category": "emergency_shelter", "name": "%s", "status": "open", "capacity": 500,
                        "counter": %d, "last_writer": "%s"}}
        """.formatted(name, counter, writer);
  }

  @Test
  void fiftyEditorsLoseNoUpdate(Database db) throws Exception {
    new CityLoader(db.dataSource()).load(FixtureCity.build());
    try (RunningApp app = new RunningApp(db)) {
      long[] ids = new long[FACILITIES];
      for (int f = 0; f < FACILITIES; f++) {
        HttpResponse<String> created = app.post("/api/facilities", shelter("计数" + f, 0, "setup"),
            admin("Content-Type", "application/geo+json"));
        assertThat(created.statusCode()).isEqualTo(201);
        ids[f] = Long.parseLong(created.headers().firstValue("Location").orElseThrow().replaceAll(".*/", ""));
      }
      String[] tokens = new String[CLIENTS];
      for (int c = 0; c < CLIENTS; c++) {
        HttpResponse<String> t = app.post("/api/tokens",
            "{\"name\": \"editor-%02d\", \"role\": \"editor\"}".formatted(c), admin("Content-Type", "application/json"));
        assertThat(t.statusCode()).as(t.body()).isEqualTo(201);
        tokens[c] = RunningApp.json(t).get("token").asText();
      }

      AtomicInteger[] successes = new AtomicInteger[FACILITIES];
      for (int f = 0; f < FACILITIES; f++) {
        successes[f] = new AtomicInteger();
      }
      // successesBy.get(f).get(client) = the 200 PUTs that client saw for facility f
      List<Map<String, AtomicInteger>> successesBy = new ArrayList<>();
      for (int f = 0; f < FACILITIES; f++) {
        successesBy.add(new ConcurrentHashMap<>());
      }
      Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
      AtomicInteger attempts = new AtomicInteger();
      AtomicInteger conflicts = new AtomicInteger();
      List<String> unexpected = java.util.Collections.synchronizedList(new ArrayList<>());

      CountDownLatch go = new CountDownLatch(1);
      ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
      long started;
      try {
        List<Future<?>> running = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
          int client = c;
          running.add(pool.submit(() -> {
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
            String name = "editor-%02d".formatted(client);
            String auth = "Bearer " + tokens[client];
            go.await();
            for (int e = 0; e < EDITS_PER_CLIENT; e++) {
              int f = (client + e) % FACILITIES;
              String url = app.url("/api/facilities/" + ids[f]);
              boolean done = false;
              for (int attempt = 0; attempt < MAX_ATTEMPTS_PER_EDIT && !done; attempt++) {
                HttpResponse<String> read = http.send(HttpRequest.newBuilder(URI.create(url))
                    .header("Authorization", auth).timeout(Duration.ofSeconds(60)).build(),
                    HttpResponse.BodyHandlers.ofString());
                statuses.computeIfAbsent(read.statusCode(), k -> new AtomicInteger()).incrementAndGet();
                if (read.statusCode() != 200) {
                  unexpected.add("GET " + read.statusCode() + " " + read.body());
                  continue;
                }
                String etag = read.headers().firstValue("ETag").orElseThrow();
                int counter = JSON.readTree(read.body()).at("/properties/extra/counter").asInt(-1);
                attempts.incrementAndGet();
                HttpResponse<String> write = http.send(HttpRequest.newBuilder(URI.create(url))
                    .header("Authorization", auth).header("If-Match", etag)
                    .header("Content-Type", "application/geo+json").timeout(Duration.ofSeconds(60))
                    .PUT(HttpRequest.BodyPublishers.ofString(shelter("计数" + f, counter + 1, name))).build(),
                    HttpResponse.BodyHandlers.ofString());
                statuses.computeIfAbsent(write.statusCode(), k -> new AtomicInteger()).incrementAndGet();
                if (write.statusCode() == 200) {
                  successes[f].incrementAndGet();
                  successesBy.get(f).computeIfAbsent(name, k -> new AtomicInteger()).incrementAndGet();
                  done = true;
                } else if (write.statusCode() == 412) {
                  conflicts.incrementAndGet();
                } else {
                  unexpected.add("PUT " + write.statusCode() + " " + write.body());
                }
              }
              if (!done) {
                unexpected.add(name + " gave up on facility " + ids[f]);
              }
            }
            return null;
          }));
        }
        started = System.nanoTime();
        go.countDown();
        for (Future<?> r : running) {
          r.get(10, TimeUnit.MINUTES);
        }
      } finally {
        pool.shutdownNow();
      }
      double seconds = (System.nanoTime() - started) / 1e9;
      int succeeded = java.util.Arrays.stream(successes).mapToInt(AtomicInteger::get).sum();
      System.out.printf("%d clients, %d facilities: %d edits attempted, %d succeeded, %d got 412, in %.1f s"
              + " (%.0f PUTs/s); statuses %s%n", CLIENTS, FACILITIES, attempts.get(), succeeded, conflicts.get(),
          seconds, attempts.get() / seconds, statuses);

      assertThat(unexpected).isEmpty();
      assertThat(statuses.keySet()).containsOnly(200, 412);
      assertThat(succeeded).isEqualTo(CLIENTS * EDITS_PER_CLIENT);
      assertThat(attempts.get()).isEqualTo(succeeded + conflicts.get());
      for (int f = 0; f < FACILITIES; f++) {
        int won = successes[f].get();
        // Through the API: the counter, the version, the history.
        HttpResponse<String> now = app.get("/api/facilities/" + ids[f]);
        JsonNode feature = RunningApp.json(now);
        assertThat(feature.at("/properties/extra/counter").asInt()).as("counter of facility %d", ids[f]).isEqualTo(won);
        assertThat(feature.at("/properties/version").asInt()).isEqualTo(1 + won);
        assertThat(now.headers().firstValue("ETag")).contains("\"" + (1 + won) + "\"");
        JsonNode history = RunningApp.json(app.get("/api/facilities/" + ids[f] + "/history"));
        assertThat(history).hasSize(1 + won);
        for (int v = 0; v < history.size(); v++) {
          JsonNode entry = history.get(v);
          assertThat(entry.get("version").asInt()).isEqualTo(v + 1);
          // Each version holds the count it was written with: v updates before it.
          assertThat(entry.at("/feature/properties/extra/counter").asInt()).isEqualTo(v);
        }
        // In the database: one history row per write, and each writer's rows match its 200s.
        try (Connection c = db.dataSource().getConnection(); PreparedStatement s = c.prepareStatement(
            "SELECT by, count(*) FROM facility_history WHERE facility_id = ? AND action = 'update' GROUP BY by")) {
          s.setLong(1, ids[f]);
          Map<String, Integer> rowsBy = new java.util.HashMap<>();
          try (ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
              rowsBy.put(rs.getString(1), rs.getInt(2));
            }
          }
          Map<String, Integer> seenBy = new java.util.HashMap<>();
          successesBy.get(f).forEach((k, v) -> seenBy.put(k, v.get()));
          assertThat(rowsBy).as("history rows by writer, facility %d", ids[f]).isEqualTo(seenBy);
        }
      }
    }
  }
}
