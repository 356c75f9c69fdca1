package linli.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import linli.registry.Database;
import linli.registry.LocalPostgis;
import org.junit.jupiter.api.Test;

/**
 * Liveness and readiness on a real cluster: live is 200 whatever the database does; ready is 200
 * only when the database answers and every migration is applied, else a 503 problem; /health keeps
 * its contract (200 {"status":"ok"}, 503 while the database is unreachable).
 */
class HealthProbesIT {
  private static void assertNotReady(HttpResponse<String> r, String why) throws Exception {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(503);
    assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
    assertThat(RunningApp.json(r).get("detail").asText()).contains(why);
  }

  private static void assertOk(HttpResponse<String> r) throws Exception {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(RunningApp.json(r).get("status").asText()).isEqualTo("ok");
  }

  @Test
  void readinessFollowsMigrationsAndTheDatabaseWhileLivenessStaysUp() throws Exception {
    try (LocalPostgis cluster = LocalPostgis.startThrowaway()) {
      cluster.createDatabaseIfMissing("probes");
      try (Database db = Database.connect(cluster.jdbcUrl("probes"));
          RunningApp app = new RunningApp(db)) {
        // Reachable but not migrated: alive, healthy by the contract's measure, not ready.
        assertOk(app.get("/health/live"));
        assertOk(app.get("/health"));
        assertNotReady(app.get("/health/ready"), "migrations");

        db.migrate();
        assertOk(app.get("/health/ready"));

        cluster.stopServer();
        assertOk(app.get("/health/live"));
        assertNotReady(app.get("/health/ready"), "unreachable");
        assertThat(app.get("/health").statusCode()).isEqualTo(503);

        cluster.startServer();
        long start = System.nanoTime();
        int status = 0;
        while (status != 200 && System.nanoTime() - start < 30_000_000_000L) {
          status = app.get("/health/ready").statusCode();
          if (status != 200) {
            Thread.sleep(100);
          }
        }
        assertOk(app.get("/health/ready"));
        assertOk(app.get("/health"));
      }
    }
  }
}
