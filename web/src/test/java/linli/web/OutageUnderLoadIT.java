package linli.web;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import linli.registry.Database;
import linli.registry.LocalPostgis;
import linli.registry.city.CityLoader;
import linli.registry.testing.FixtureCity;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL stops for a few seconds while 20 clients read and write: every answer is 200, 201,
 * 412 or a 503 problem (no 500, nothing hangs), /health says 503 meanwhile, the service answers
 * again by itself, and every write that was acknowledged with a 2xx is in the database afterwards.
 */
class OutageUnderLoadIT {
  private static final int CLIENTS = 20;
  private static final int TARGETS = 10;
  private static final Set<Integer> ALLOWED = Set.of(200, 201, 412, 503);
  /** Database statements are cut after 60 s (Database.statement_timeout): nothing may take longer. */
  private static final Duration NO_HANG = Duration.ofSeconds(60);

  /** A write the service acknowledged: facility {@code id} at {@code version} carries {@code marker}. */
  private record Acknowledged(long id, int version, String marker) {}

  private static String shelter(String marker) {
    return """
        {"type": "Feature", "geometry": {"type": "Point", "coordinates": [120.3168, 36.1045]},
         "properties": {"category": "emergency_shelter", "name": "负载%s", "status": "open", "marker": "%s"}}
        """.formatted(marker, marker);
  }

  @Test
  void underLoadAnOutageGivesOnlyProblemsAndLosesNoAcknowledgedWrite() throws Exception {
    try (LocalPostgis cluster = LocalPostgis.startThrowaway()) {
      cluster.createDatabaseIfMissing("outage_load");
      try (Database db = Database.connect(cluster.jdbcUrl("outage_load")).migrate()) {
        new CityLoader(db.dataSource()).load(FixtureCity.build());
        try (RunningApp app = new RunningApp(db, Map.of())) {
          long[] targets = new long[TARGETS];
          for (int i = 0; i < TARGETS; i++) {
            HttpResponse<String> r = app.post("/api/facilities", shelter("t" + i), RunningApp.admin());
            assertThat(r.statusCode()).isEqualTo(201);
            targets[i] = Long.parseLong(r.headers().firstValue("Location").orElseThrow().replaceAll(".*/", ""));
          }

          Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
          ConcurrentLinkedQueue<String> bad = new ConcurrentLinkedQueue<>();
          ConcurrentLinkedQueue<Acknowledged> acknowledged = new ConcurrentLinkedQueue<>();
          AtomicLong slowestNanos = new AtomicLong();
          AtomicLong lastSuccessNanos = new AtomicLong();
          AtomicBoolean stop = new AtomicBoolean();
          AtomicInteger markers = new AtomicInteger();
          ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
          List<Future<?>> clients = new ArrayList<>();
          for (int c = 0; c < CLIENTS; c++) {
            int client = c;
            clients.add(pool.submit(() -> {
              HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
              Random random = new Random(client);
              while (!stop.get()) {
                long id = targets[random.nextInt(TARGETS)];
                String marker = "c" + client + "-" + markers.incrementAndGet();
                HttpRequest request = switch (random.nextInt(4)) {
                  case 0 -> get(app.url("/api/coverage?category=emergency_shelter")).build();
                  case 1 -> get(app.url("/api/facilities?category=emergency_shelter&limit=20")).build();
                  case 2 -> get(app.url("/api/facilities")).header("Authorization", "Bearer " + RunningApp.ADMIN_TOKEN)
                      .POST(HttpRequest.BodyPublishers.ofString(shelter(marker))).build();
                  default -> {
                    // Read-modify-write: the ETag read now, the write a moment later (412 when someone won).
                    HttpResponse<String> read = timed(http, get(app.url("/api/facilities/" + id)).build(),
                        statuses, bad, slowestNanos, lastSuccessNanos);
                    String etag = read == null ? null : read.headers().firstValue("ETag").orElse(null);
                    yield etag == null ? null : get(app.url("/api/facilities/" + id))
                        .header("Authorization", "Bearer " + RunningApp.ADMIN_TOKEN).header("If-Match", etag)
                        .PUT(HttpRequest.BodyPublishers.ofString(shelter(marker))).build();
                  }
                };
                if (request == null) {
                  continue;
                }
                HttpResponse<String> r = timed(http, request, statuses, bad, slowestNanos, lastSuccessNanos);
                if (r != null && (r.statusCode() == 200 || r.statusCode() == 201) && !request.method().equals("GET")) {
                  long written = r.statusCode() == 201
                      ? Long.parseLong(r.headers().firstValue("Location").orElseThrow().replaceAll(".*/", "")) : id;
                  int version = Integer.parseInt(r.headers().firstValue("ETag").orElseThrow().replace("\"", ""));
                  acknowledged.add(new Acknowledged(written, version, marker));
                }
                Thread.sleep(10);
              }
              return null;
            }));
          }

          Thread.sleep(2_000);
          int before = acknowledged.size();
          long down = System.nanoTime();
          cluster.stopServer();
          double stopping = (System.nanoTime() - down) / 1e9;
          Thread.sleep(1_000);
          assertThat(app.get("/health").statusCode()).isEqualTo(503);
          Thread.sleep(3_000);
          int duringOutage = statuses.getOrDefault(503, new AtomicInteger()).get();
          cluster.startServer();
          long up = System.nanoTime();
          double outage = (up - down) / 1e9;
          int health = 0;
          while (health != 200 && System.nanoTime() - up < 30_000_000_000L) {
            health = app.get("/health").statusCode();
          }
          double healthBack = (System.nanoTime() - up) / 1e9;
          Thread.sleep(3_000);
          stop.set(true);
          for (Future<?> f : clients) {
            f.get(2, TimeUnit.MINUTES);
          }
          pool.shutdownNow();
          double firstSuccessAfterStart = (lastSuccessNanos.get() - up) / 1e9;
          int total = statuses.values().stream().mapToInt(AtomicInteger::get).sum();
          System.out.printf("%d clients, %d requests %s; outage %.1f s (pg_ctl stop took %.1f s), /health 200 again"
                  + " %.2f s after the start; slowest answer %.1f s; %d acknowledged writes (%d before the outage)%n",
              CLIENTS, total, statuses, outage, stopping, healthBack, slowestNanos.get() / 1e9, acknowledged.size(),
              before);

          assertThat(bad).as("answers outside 200/201/412/503 or without problem JSON").isEmpty();
          assertThat(statuses.keySet()).isSubsetOf(ALLOWED).contains(200, 201, 503);
          assertThat(duringOutage).isPositive();
          assertThat(health).isEqualTo(200);
          assertThat(healthBack).isLessThan(10);
          assertThat(firstSuccessAfterStart).as("clients were served after the start").isPositive();
          assertThat(slowestNanos.get()).isLessThan(NO_HANG.toNanos());
          assertThat(acknowledged.size()).isGreaterThan(before);
          assertAllInTheDatabase(db, acknowledged);
        }
      }
    }
  }

  private static HttpRequest.Builder get(String url) {
    return HttpRequest.newBuilder(URI.create(url)).timeout(NO_HANG.plusSeconds(30));
  }

  /** Sends, records the status and the time taken; a 503 must be problem JSON, nothing else is allowed. */
  private static HttpResponse<String> timed(HttpClient http, HttpRequest request, Map<Integer, AtomicInteger> statuses,
      ConcurrentLinkedQueue<String> bad, AtomicLong slowest, AtomicLong lastSuccess) {
    long t = System.nanoTime();
    try {
      HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
      long took = System.nanoTime() - t;
      slowest.accumulateAndGet(took, Math::max);
      statuses.computeIfAbsent(r.statusCode(), k -> new AtomicInteger()).incrementAndGet();
      if (!ALLOWED.contains(r.statusCode())) {
        bad.add(request.method() + " " + request.uri() + " -> " + r.statusCode() + " " + r.body());
      } else if (r.statusCode() == 503 && (!r.headers().firstValue("Content-Type").orElse("")
          .startsWith("application/problem+json") || r.body().contains("Exception"))) {
        bad.add(request.method() + " " + request.uri() + " -> 503 " + r.body());
      } else if (r.statusCode() < 300) {
        lastSuccess.accumulateAndGet(System.nanoTime(), Math::max);
      }
      return r;
    } catch (Exception e) {
      bad.add(request.method() + " " + request.uri() + " -> " + e);
      return null;
    }
  }

  /** Every acknowledged create and replace is in the history at its version, with its marker. */
  private static void assertAllInTheDatabase(Database db, ConcurrentLinkedQueue<Acknowledged> acknowledged)
      throws Exception {
    List<Acknowledged> missing = new ArrayList<>();
    try (Connection c = db.dataSource().getConnection(); PreparedStatement s = c.prepareStatement(
        "SELECT feature #>> '{properties,extra,marker}' FROM facility_versions WHERE facility_id = ? AND version = ?")) {
      for (Acknowledged a : acknowledged) {
        s.setLong(1, a.id());
        s.setInt(2, a.version());
        try (ResultSet rs = s.executeQuery()) {
          if (!rs.next() || !a.marker().equals(rs.getString(1))) {
            missing.add(a);
          }
        }
      }
    }
    assertThat(missing).as("acknowledged writes missing from the database").isEmpty();
  }
}
