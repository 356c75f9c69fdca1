package linli.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import linli.registry.Database;
import linli.registry.LocalPostgis;
import linli.registry.city.CityLoader;
import linli.registry.testing.FixtureCity;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL stops and starts while the service runs: /health says 503 meanwhile, requests get a
 * problem (never a hang or a stack trace), and the service answers again by itself, no restart.
 */
class DatabaseOutageIT {
  @Test
  void theServiceRecoversByItselfWhenPostgresComesBack() throws Exception {
    try (LocalPostgis cluster = LocalPostgis.startThrowaway()) {
      cluster.createDatabaseIfMissing("outage");
      try (Database db = Database.connect(cluster.jdbcUrl("outage")).migrate()) {
        new CityLoader(db.dataSource()).load(FixtureCity.build());
        try (RunningApp app = new RunningApp(db, Map.of())) {
          assertThat(app.get("/health").statusCode()).isEqualTo(200);
          assertThat(app.get("/api/coverage?category=emergency_shelter").statusCode()).isEqualTo(200);

          long down = System.nanoTime();
          cluster.stopServer();
          assertThat(app.get("/health").statusCode()).isEqualTo(503);
          HttpResponse<String> during = app.get("/api/facilities?status=closed");
          assertThat(during.statusCode()).isEqualTo(503);
          assertThat(during.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
          assertThat(during.body()).doesNotContain("Exception", "PSQL");
          cluster.startServer();
          double outage = (System.nanoTime() - down) / 1e9;

          long back = System.nanoTime();
          List<Integer> statuses = new ArrayList<>();
          int status = 0;
          while (status != 200 && System.nanoTime() - back < 30_000_000_000L) {
            status = app.get("/api/coverage?category=emergency_shelter").statusCode();
            statuses.add(status);
            if (status != 200) {
              Thread.sleep(100);
            }
          }
          double recovery = (System.nanoTime() - back) / 1e9;
          System.out.printf("outage %.1f s, first answer again after %.2f s (%d requests: %s)%n", outage, recovery,
              statuses.size(), statuses);
          assertThat(status).isEqualTo(200);
          assertThat(app.get("/health").statusCode()).isEqualTo(200);
        }
      }
    }
  }
}
