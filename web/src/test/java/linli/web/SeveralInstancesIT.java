package linli.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import linli.registry.Database;
import linli.registry.access.Role;
import linli.registry.access.TokenStore;
import linli.registry.city.CityLoader;
import linli.registry.testing.FixtureCity;
import linli.registry.testing.PostgisExtension;
import linli.registry.testing.TestPostgis;
import linli.tiles.TileCoord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.locationtech.jts.geom.Point;

/**
 * Two Linli processes ({@code java -jar linli.jar serve}) on one PostgreSQL behind a real nginx
 * (HTTPS, round robin): the write rate is shared, not doubled; an import taken by A is polled to its
 * report through B; an edit through A is in B's next coverage answer and tile; and a rolling restart
 * (A stopped gracefully and started again, then B) costs a client looping through nginx no request.
 */
@ExtendWith(PostgisExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SeveralInstancesIT {
  private static final String ADMIN = "several-instances-admin";
  /** One write per 2 s, bursts of 6, for every token: one bucket each, wherever it writes. */
  private static final int PER_MINUTE = 30;
  private static final int BURST = 6;
  private static final HttpClient DIRECT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  private static Database db;
  private static Map<String, String> env;
  private static final LinliJar[] instances = new LinliJar[2];
  private static final int[] ports = new int[2];
  private static Nginx nginx;
  private static HttpClient https;
  private static String proxy;
  private static TokenStore tokens;

  @BeforeAll
  static void start(Database database) throws Exception {
    db = database;
    new CityLoader(db.dataSource()).load(FixtureCity.build());
    tokens = new TokenStore(db.dataSource());
    String name;
    try (Connection c = db.dataSource().getConnection()) {
      name = c.getCatalog();
    }
    env = Map.of("LINLI_DB_URL", TestPostgis.get().urlFor(name), "LINLI_ADMIN_TOKEN", ADMIN,
        "LINLI_WRITE_RATE", PER_MINUTE + ",burst=" + BURST);
    for (int i = 0; i < 2; i++) {
      ports[i] = LinliJar.freePort();
      instances[i] = LinliJar.start("serve", env, ports[i]);
    }
    for (LinliJar instance : instances) {
      instance.awaitServing(120);
    }
    Path dir = Nginx.prepare();
    int port = LinliJar.freePort();
    // No keepalive to the upstreams: each request opens its connection, so one to a stopping instance is
    // refused before anything was sent and nginx passes it to the other (proxy_next_upstream error), POSTs
    // included. max_fails=0: nginx never marks a server down for a while; with its default (1 fail, 10 s)
    // the instance just restarted can still be marked down when the next one stops, and then neither is tried.
    nginx = Nginx.start(dir, List.of("""
          upstream linli {
            server 127.0.0.1:%d max_fails=0;
            server 127.0.0.1:%d max_fails=0;
          }
          server {
            listen 127.0.0.1:%d ssl;
            location / {
              proxy_pass http://linli;
              proxy_next_upstream error timeout http_502 http_503;
              proxy_set_header X-Forwarded-Proto $scheme;
              proxy_set_header X-Forwarded-Host $host;
              proxy_set_header X-Forwarded-Port $server_port;
              add_header X-Upstream $upstream_addr always;
            }
          }""".formatted(ports[0], ports[1], port)), List.of(port));
    https = HttpClient.newBuilder().sslContext(Nginx.trusting(dir)).build();
    proxy = "https://127.0.0.1:" + port;
  }

  @AfterAll
  static void stop() throws Exception {
    if (nginx != null) {
      nginx.close();
    }
    for (LinliJar instance : instances) {
      if (instance != null) {
        instance.close();
      }
    }
  }

  private static String token(String name) throws Exception {
    return tokens.create(name, Role.EDITOR, null, null, "test").token();
  }

  private static String direct(int instance, String path) {
    return "http://127.0.0.1:" + ports[instance] + path;
  }

  private static HttpResponse<String> send(HttpClient client, HttpRequest.Builder request) throws Exception {
    return client.send(request.timeout(Duration.ofSeconds(60)).build(), BodyHandlers.ofString());
  }

  private static HttpRequest.Builder post(String url, String token, String body) {
    return HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token)
        .POST(BodyPublishers.ofString(body));
  }

  private static String shelter(Point at, String name) {
    return """
        {"type": "Feature", "geometry": {"type": "Point", "coordinates": [%s, %s]},
         "properties": {"category": "emergency_shelter", "name": "%s", "status": "open"}}""".formatted(at.getX(),
        at.getY(), name);
  }

  private static String upstream(HttpResponse<?> r) {
    return r.headers().firstValue("X-Upstream").orElse("?");
  }

  @Test
  @Order(1)
  void theWriteRateIsSharedNotDoubled() throws Exception {
    String token = token("rate");
    Map<String, AtomicInteger> allowedBy = new ConcurrentHashMap<>();
    Map<String, AtomicInteger> refusedBy = new ConcurrentHashMap<>();
    long started = System.nanoTime();
    int writes = 2 * BURST;
    for (int i = 0; i < writes; i++) {
      HttpResponse<String> r = send(https, post(proxy + "/api/facilities", token,
          shelter(FixtureCity.anchor(2), "限流 " + i)));
      assertThat(r.statusCode()).as(r.body()).isIn(201, 429);
      (r.statusCode() == 201 ? allowedBy : refusedBy).computeIfAbsent(upstream(r), k -> new AtomicInteger())
          .incrementAndGet();
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    int allowed = allowedBy.values().stream().mapToInt(AtomicInteger::get).sum();
    System.out.printf("Write rate through two instances: %d of %d writes allowed in %.2f s (burst %d, one more"
        + " every %d s); allowed by %s, refused by %s%n", allowed, writes, seconds, BURST, 60 / PER_MINUTE,
        allowedBy, refusedBy);
    // Each instance with its own bucket would have let all 2 x BURST through.
    assertThat(allowed).isBetween(BURST, BURST + (int) (seconds * PER_MINUTE / 60) + 1).isLessThan(writes);
    assertThat(refusedBy.keySet()).as("both instances refuse once the shared bucket is empty")
        .contains("127.0.0.1:" + ports[0], "127.0.0.1:" + ports[1]);
  }

  @Test
  @Order(2)
  void anImportTakenByAIsPolledToItsReportThroughB() throws Exception {
    String token = token("import");
    Point first = FixtureCity.offset(FixtureCity.anchor(3), 45, 120);
    Point second = FixtureCity.offset(FixtureCity.anchor(4), 45, 120);
    String csv = "编号,名称,类别,经度,纬度\nM1,多实例导入一,应急避难场所,%s,%s\nM2,多实例导入二,应急避难场所,%s,%s\n"
        .formatted(first.getX(), first.getY(), second.getX(), second.getY());
    HttpResponse<String> taken;
    String location;
    // The test holds the tables the import writes, so the job is still running when A answers (202).
    try (Connection lock = db.dataSource().getConnection()) {
      lock.setAutoCommit(false);
      try (Statement s = lock.createStatement()) {
        s.execute("LOCK TABLE facility, category IN ACCESS EXCLUSIVE MODE");
      }
      taken = send(DIRECT, post(direct(0, "/api/imports?source=several-instances"), token, csv)
          .header("Content-Type", "text/csv"));
      assertThat(taken.statusCode()).as(taken.body()).isEqualTo(202);
      location = taken.headers().firstValue("Location").orElseThrow();
      JsonNode running = RunningApp.JSON.readTree(send(DIRECT, HttpRequest.newBuilder(URI.create(direct(1, location)))
          .header("Authorization", "Bearer " + token)).body());
      assertThat(running.get("state").asText()).isIn("queued", "running");
      assertThat(running.get("id").asText()).isEqualTo(RunningApp.JSON.readTree(taken.body()).get("id").asText());
      lock.rollback();
    }
    JsonNode status = null;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      status = RunningApp.JSON.readTree(send(DIRECT, HttpRequest.newBuilder(URI.create(direct(1, location)))
          .header("Authorization", "Bearer " + token)).body());
      if (!status.get("state").asText().matches("queued|running")) {
        break;
      }
      Thread.sleep(200);
    }
    assertThat(status.get("state").asText()).as(status.toString()).isEqualTo("done");
    assertThat(status.at("/report/inserted").asInt()).isEqualTo(2);
    assertThat(status.at("/report/committed").asBoolean()).isTrue();
    assertThat(status.at("/progress/rows_read").asInt()).isEqualTo(2);
    // Through the proxy, whichever instance answers, the same report.
    HttpResponse<String> viaProxy = send(https, HttpRequest.newBuilder(URI.create(proxy + location))
        .header("Authorization", "Bearer " + token));
    assertThat(RunningApp.JSON.readTree(viaProxy.body())).isEqualTo(status);
  }

  @Test
  @Order(3)
  void anEditThroughAIsInBsNextCoverageAnswerAndTile() throws Exception {
    String token = token("edit");
    Point at = FixtureCity.offset(FixtureCity.anchor(5), 90, 60);
    TileCoord tile = TileCoord.containing(at.getX(), at.getY(), 14);
    String tilePath = "/tiles/facilities/14/" + tile.x() + "/" + tile.y() + ".mvt";
    String coveragePath = "/api/coverage?category=emergency_shelter&distance=300";
    // B answers both first, so both sit in its caches.
    String coverageBefore = send(DIRECT, HttpRequest.newBuilder(URI.create(direct(1, coveragePath)))).body();
    assertThat(send(DIRECT, HttpRequest.newBuilder(URI.create(direct(1, coveragePath)))).body())
        .isEqualTo(coverageBefore);
    byte[] tileBefore = DIRECT.send(HttpRequest.newBuilder(URI.create(direct(1, tilePath))).build(),
        BodyHandlers.ofByteArray()).body();
    String name = "甲处新建的避难场所";
    assertThat(new String(tileBefore, StandardCharsets.UTF_8)).doesNotContain(name);

    HttpResponse<String> created = send(DIRECT, post(direct(0, "/api/facilities"), token, shelter(at, name)));
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);

    // B's very next answers: no waiting, no retry.
    String coverageAfter = send(DIRECT, HttpRequest.newBuilder(URI.create(direct(1, coveragePath)))).body();
    assertThat(coverageAfter).isNotEqualTo(coverageBefore)
        .isEqualTo(send(DIRECT, HttpRequest.newBuilder(URI.create(direct(0, coveragePath)))).body());
    HttpResponse<byte[]> tileAfter = DIRECT.send(HttpRequest.newBuilder(URI.create(direct(1, tilePath))).build(),
        BodyHandlers.ofByteArray());
    assertThat(tileAfter.statusCode()).isEqualTo(200);
    assertThat(new String(tileAfter.body(), StandardCharsets.UTF_8)).contains(name);
  }

  @Test
  @Order(4)
  void aRollingRestartCostsTheClientNoRequest() throws Exception {
    String token = token("restart");
    TileCoord tile = TileCoord.containing(FixtureCity.anchor(0).getX(), FixtureCity.anchor(0).getY(), 14);
    List<String> reads = List.of("/api/facilities?limit=2", "/api/coverage?category=emergency_shelter",
        "/tiles/facilities/14/" + tile.x() + "/" + tile.y() + ".mvt", "/health/ready", "/ogc/collections");
    List<String> failures = new CopyOnWriteArrayList<>();
    Map<String, AtomicInteger> answeredBy = new ConcurrentHashMap<>();
    AtomicInteger requests = new AtomicInteger();
    AtomicInteger writes = new AtomicInteger();
    AtomicBoolean running = new AtomicBoolean(true);
    List<Thread> clients = new ArrayList<>();
    for (int c = 0; c < 2; c++) {
      int client = c;
      Thread thread = new Thread(() -> {
        long lastWrite = 0;
        for (int i = 0; running.get(); i++) {
          HttpRequest.Builder request;
          boolean write = client == 0 && System.nanoTime() - lastWrite > TimeUnit.MILLISECONDS.toNanos(2_500);
          if (write) {
            lastWrite = System.nanoTime();
            request = post(proxy + "/api/facilities", token, shelter(FixtureCity.anchor(6), "重启中 " + i));
          } else {
            request = HttpRequest.newBuilder(URI.create(proxy + reads.get(i % reads.size())));
          }
          try {
            HttpResponse<String> r = send(https, request);
            requests.incrementAndGet();
            answeredBy.computeIfAbsent(upstream(r), k -> new AtomicInteger()).incrementAndGet();
            if (r.statusCode() >= 400 || (write && r.statusCode() != 201)) {
              failures.add(r.statusCode() + " " + r.uri() + " via " + upstream(r) + ": " + r.body());
            } else if (write) {
              writes.incrementAndGet();
            }
          } catch (Exception e) {
            failures.add(e + " on " + request.build().uri());
          }
          try {
            Thread.sleep(20); // a steady client, not a load test: the machine is shared
          } catch (InterruptedException e) {
            return;
          }
        }
      }, "client-" + c);
      thread.start();
      clients.add(thread);
    }
    List<String> steps = new ArrayList<>();
    try {
      Thread.sleep(2_000);
      for (int i = 0; i < 2; i++) {
        long t = System.nanoTime();
        Process old = instances[i].process;
        assertThat(old.toHandle().destroy()).isTrue(); // SIGTERM: GracefulStop
        assertThat(old.waitFor(60, TimeUnit.SECONDS)).as("instance %d stops", i).isTrue();
        instances[i].awaitOutputEnd();
        assertThat(instances[i].log()).contains("Stopped serving");
        double stopped = (System.nanoTime() - t) / 1e9;
        int before = requests.get();
        instances[i] = LinliJar.start("serve", env, ports[i]);
        instances[i].awaitServing(120);
        steps.add("instance %d stopped in %.1f s, back after %.1f s; %d requests meanwhile".formatted(i, stopped,
            (System.nanoTime() - t) / 1e9, requests.get() - before));
        Thread.sleep(3_000); // traffic on both before the next one goes
      }
    } finally {
      running.set(false);
      for (Thread client : clients) {
        client.join(60_000);
      }
    }
    System.out.printf("Rolling restart: %s; %d requests (%d writes) through nginx, %d failed; answered by %s%n",
        steps, requests.get(), writes.get(), failures.size(), answeredBy);
    assertThat(failures).as(nginx.errors()).isEmpty();
    assertThat(requests.get()).isGreaterThan(50);
    assertThat(writes.get()).isPositive();
    // Every write the clients saw succeed is in the registry once.
    try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT count(*) FROM facility WHERE name LIKE '重启中 %'")) {
      rs.next();
      assertThat(rs.getInt(1)).isEqualTo(writes.get());
    }
    // After the restart both instances answer again.
    Map<String, AtomicInteger> after = new ConcurrentHashMap<>();
    for (int i = 0; i < 20 && after.size() < 2; i++) {
      HttpResponse<String> r = send(https, HttpRequest.newBuilder(URI.create(proxy + "/health/ready")));
      assertThat(r.statusCode()).isEqualTo(200);
      after.computeIfAbsent(upstream(r), k -> new AtomicInteger()).incrementAndGet();
      Thread.sleep(500);
    }
    assertThat(after.keySet()).contains("127.0.0.1:" + ports[0], "127.0.0.1:" + ports[1]);
  }
}
