package linli.web;

import static linli.web.RunningApp.admin;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import linli.registry.Database;
import linli.registry.LocalPostgis;
import linli.registry.WritePositions;
import linli.registry.city.CityLoader;
import linli.registry.testing.FixtureCity;
import org.junit.jupiter.api.Test;

/**
 * A real primary and a real streaming hot standby (pg_basebackup -R): plain reads go to the standby,
 * writes and a writer's own reads to the primary; then the primary stops, the standby is promoted, the
 * service is pointed at it, and every acknowledged write is still there.
 */
class ReadReplicaIT {
  private static final String DB = "replica";

  @Test
  void readsOnTheStandbyWritersReadTheirWritesAndFailoverLosesNoAcknowledgedWrite() throws Exception {
    try (LocalPostgis primary = LocalPostgis.startThrowaway()) {
      primary.createDatabaseIfMissing(DB);
      try (Database setup = Database.connect(primary.jdbcUrl(DB)).migrate()) {
        new CityLoader(setup.dataSource()).load(FixtureCity.build());
      }
      try (LocalPostgis standby = primary.startStandby()) {
        String standbyUrl = standby.jdbcUrl(DB);
        assertThat(scalar(standbyUrl, "SELECT pg_is_in_recovery()::text")).isEqualTo("true");
        Database db = Database.connect(primary.jdbcUrl(DB), standbyUrl);
        RunningApp app = new RunningApp(db, Map.of());
        try {
          // The standby stops replaying: what is written now is on the primary only.
          execute(standbyUrl, "SELECT pg_wal_replay_pause()");
          HttpResponse<String> created = app.post("/api/facilities", FacilityApiIT.shelter("复制测试避难场所", ""),
              admin("Content-Type", "application/geo+json"));
          assertThat(created.statusCode()).isEqualTo(201);
          String location = created.headers().firstValue("Location").orElseThrow();
          // The writer reads its own write at once (its reads stay on the primary), through this instance and
          // through another one on the same database (as behind a balancer) ...
          HttpResponse<String> own = app.get(location, admin());
          assertThat(own.statusCode()).isEqualTo(200);
          assertThat(own.body()).contains("复制测试避难场所");
          try (RunningApp other = new RunningApp(db, Map.of())) {
            assertThat(other.get(location, admin()).statusCode()).as("the writer's read through another instance")
                .isEqualTo(200);
            assertThat(other.get(location).statusCode()).as("an anonymous read there").isEqualTo(404);
          }
          // ... while a plain reader is answered by the standby, which has not replayed it yet.
          assertThat(app.get(location).statusCode()).as("an anonymous read is served by the paused standby")
              .isEqualTo(404);
          assertThat(scalar(standbyUrl, "SELECT count(*) FROM pg_stat_activity WHERE application_name = '"
              + Database.STANDBY_APPLICATION_NAME + "'")).isNotEqualTo("0");
          // The writer is kept as its token's holder, nothing derived from the token.
          assertThat(scalar(primary.jdbcUrl(DB), "SELECT string_agg(client, ',') FROM client_write"))
              .isEqualTo(Auth.ENV_ADMIN_ID);
          WritePositions positions = db.writePositions().orElseThrow();
          assertThat(positions.prune()).as("the standby has not replayed the write: its writer is kept").isZero();
          onlyAValidTokenLooksUpItsWrites(primary.jdbcUrl(DB), app, location);

          execute(standbyUrl, "SELECT pg_wal_replay_resume()");
          long resumed = System.nanoTime();
          int status = 0;
          while (status != 200 && System.nanoTime() - resumed < 10_000_000_000L) {
            status = app.get(location).statusCode();
          }
          assertThat(status).as("the standby catches up").isEqualTo(200);
          // Replayed, the writer's position goes: with or without it, the standby has all its writes.
          long waitedForReplay = System.nanoTime();
          while (positions.prune() == 0 && System.nanoTime() - waitedForReplay < 10_000_000_000L) {
            Thread.sleep(50);
          }
          assertThat(scalar(primary.jdbcUrl(DB), "SELECT count(*) FROM client_write")).isEqualTo("0");
          // Once its writes are replayed, the writer reads from the standby again: a row written on the primary
          // behind the service's back while replay is paused is not there for it.
          execute(standbyUrl, "SELECT pg_wal_replay_pause()");
          String direct = scalar(primary.jdbcUrl(DB), "INSERT INTO facility (category, name, source, source_id, geom,"
              + " updated_by) VALUES ('emergency_shelter', '直接写入', 'replica-it', 'direct',"
              + " ST_SetSRID(ST_MakePoint(120.3168, 36.1045), 4490), 'test') RETURNING id::text");
          assertThat(app.get("/api/facilities/" + direct, admin()).statusCode())
              .as("the writer's read, its own writes replayed, is on the paused standby").isEqualTo(404);
          execute(standbyUrl, "SELECT pg_wal_replay_resume()");
          System.out.printf("standby caught up %.3f s after replay resumed%n", (System.nanoTime() - resumed) / 1e9);

          // Failover. A writer keeps writing; the primary stops; the standby is promoted; the service is
          // restarted with LINLI_DB_URL at the promoted standby.
          List<String> acknowledged = new CopyOnWriteArrayList<>();
          List<Integer> failedWrites = new CopyOnWriteArrayList<>();
          AtomicBoolean writing = new AtomicBoolean(true);
          RunningApp old = app;
          Thread writer = new Thread(() -> {
            for (int i = 0; writing.get(); i++) {
              String name = "failover-" + i;
              try {
                HttpResponse<String> r = old.post("/api/facilities", FacilityApiIT.shelter(name, ""),
                    admin("Content-Type", "application/geo+json"));
                if (r.statusCode() == 201) {
                  acknowledged.add(name);
                } else {
                  failedWrites.add(r.statusCode());
                }
              } catch (Exception e) {
                failedWrites.add(-1);
              }
            }
          });
          writer.start();
          Thread.sleep(1_000);
          long down = System.nanoTime();
          primary.stopServer();
          Thread.sleep(500); // writes fail now: the writer sees the outage
          HttpResponse<String> readDuringOutage = old.get(location);
          writing.set(false);
          writer.join();
          standby.promote();
          double promoted = (System.nanoTime() - down) / 1e9;
          old.close();
          app = null;
          db.close();
          db = null;
          db = Database.connect(standbyUrl).migrate();
          app = new RunningApp(db, Map.of());
          status = 0;
          int attempts = 0;
          while (status != 201 && System.nanoTime() - down < 60_000_000_000L) {
            attempts++;
            status = app.post("/api/facilities", FacilityApiIT.shelter("after-failover", ""),
                admin("Content-Type", "application/geo+json")).statusCode();
          }
          double withoutWrites = (System.nanoTime() - down) / 1e9;
          assertThat(status).isEqualTo(201);
          System.out.printf("failover: promoted %.2f s after the primary stopped; first write answered %.2f s after"
              + " (%d attempts); a plain read during the outage: %d; %d writes acknowledged before, %d refused%n",
              promoted, withoutWrites, attempts, readDuringOutage.statusCode(), acknowledged.size(),
              failedWrites.size());
          assertThat(readDuringOutage.statusCode()).as("plain reads go on from the standby").isEqualTo(200);
          assertThat(acknowledged).isNotEmpty();
          assertThat(failedWrites).as("writes fail while the primary is down").isNotEmpty();
          // Nothing acknowledged was lost (a clean stop sends the standby all WAL before it exits).
          long found = Long.parseLong(scalar(standbyUrl, "SELECT count(*) FROM facility WHERE name IN ('"
              + String.join("','", acknowledged) + "')"));
          assertThat(found).isEqualTo(acknowledged.size());
          assertThat(scalar(standbyUrl, "SELECT pg_is_in_recovery()::text")).isEqualTo("false");
        } finally {
          if (app != null) {
            app.close();
          }
          if (db != null) {
            db.close();
          }
        }
      }
    }
  }

  /**
   * A GET with a made-up token costs the primary no look-up of a writer's position: with client_write
   * locked, it is answered at once (by the standby, as an anonymous read), while the valid token's
   * read waits for its position.
   */
  private static void onlyAValidTokenLooksUpItsWrites(String primaryUrl, RunningApp app, String location)
      throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    try (Connection lock = DriverManager.getConnection(primaryUrl); Statement s = lock.createStatement()) {
      lock.setAutoCommit(false);
      s.execute("LOCK TABLE client_write IN ACCESS EXCLUSIVE MODE");
      HttpResponse<String> junk = http.send(HttpRequest.newBuilder(URI.create(app.url(location)))
          .header("Authorization", "Bearer made-up-" + System.nanoTime()).timeout(Duration.ofSeconds(5)).GET().build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(junk.statusCode()).as("a made-up token's read, on the paused standby").isEqualTo(404);
      CompletableFuture<HttpResponse<String>> writer = http.sendAsync(HttpRequest.newBuilder(URI.create(app.url(location)))
          .header("Authorization", "Bearer " + RunningApp.ADMIN_TOKEN).GET().build(), HttpResponse.BodyHandlers.ofString());
      long deadline = System.nanoTime() + 10_000_000_000L;
      while (!scalar(primaryUrl, "SELECT count(*) > 0 FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
          + " AND query LIKE '%FROM client_write%'").equals("t")) {
        assertThat(System.nanoTime()).as("the writer's read looks up its position").isLessThan(deadline);
        Thread.sleep(50);
      }
      assertThat(writer).isNotDone();
      lock.rollback();
      assertThat(writer.get(10, TimeUnit.SECONDS).statusCode()).as("the writer's read, on the primary").isEqualTo(200);
    }
  }

  private static String scalar(String url, String sql) throws Exception {
    try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getString(1);
    }
  }

  private static void execute(String url, String sql) throws Exception {
    try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }
}
