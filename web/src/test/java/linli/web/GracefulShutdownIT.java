package linli.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import linli.registry.Database;
import linli.registry.city.CityLoader;
import linli.registry.testing.FixtureCity;
import linli.registry.testing.PostgisExtension;
import linli.registry.testing.TestPostgis;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * SIGTERM to the real {@code java -jar linli.jar serve} while a request is in flight (a replace
 * held up in PostgreSQL): the port closes at once (new connections are refused), the request still
 * gets its whole answer and its write is kept, and only then is the database pool closed.
 */
@ExtendWith(PostgisExtension.class)
class GracefulShutdownIT {
  private static final String TOKEN = "graceful-admin-token";

  @Test
  void sigtermLetsTheRequestInFlightFinish(Database db) throws Exception {
    new CityLoader(db.dataSource()).load(FixtureCity.build());
    try (LinliJar jar = LinliJar.start("serve", java.util.Map.of(
        "LINLI_DB_URL", TestPostgis.get().urlFor(databaseName(db)), "LINLI_ADMIN_TOKEN", TOKEN))) {
      jar.awaitServing(90);
      Process server = jar.process;
      int port = jar.port;

      // A replace that is slow on the server's side: the test holds the facility's row lock, so the
      // UPDATE waits inside PostgreSQL until the test lets go, well after the SIGTERM.
      HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      String url = "http://127.0.0.1:" + port + "/api/facilities";
      HttpResponse<String> created = http.send(HttpRequest.newBuilder(URI.create(url))
          .header("Authorization", "Bearer " + TOKEN).POST(BodyPublishers.ofString(shelter("停机前"))).build(),
          BodyHandlers.ofString());
      assertThat(created.statusCode()).isEqualTo(201);
      String location = url + "/" + created.headers().firstValue("Location").orElseThrow().replaceAll(".*/", "");
      long id = Long.parseLong(location.replaceAll(".*/", ""));

      try (Connection lock = db.dataSource().getConnection()) {
        lock.setAutoCommit(false);
        try (PreparedStatement s = lock.prepareStatement("SELECT 1 FROM facility WHERE id = ? FOR UPDATE")) {
          s.setLong(1, id);
          s.executeQuery().close();
        }
        CompletableFuture<HttpResponse<String>> inFlight = http.sendAsync(HttpRequest.newBuilder(URI.create(location))
            .header("Authorization", "Bearer " + TOKEN).header("If-Match", "\"1\"")
            .PUT(BodyPublishers.ofString(shelter("停机时的请求"))).build(), BodyHandlers.ofString());
        waitUntilAnUpdateWaitsForTheLock(db);

        long term = System.nanoTime();
        // SIGTERM. (Process.destroy() would also close our end of its output, losing the shutdown log.)
        assertThat(server.toHandle().destroy()).isTrue();
        double refusedAfter = -1;
        while (refusedAfter < 0 && System.nanoTime() - term < TimeUnit.SECONDS.toNanos(10)) {
          if (refused(port)) {
            refusedAfter = (System.nanoTime() - term) / 1e9;
          }
          Thread.sleep(50);
        }
        assertThat(refusedAfter).as("new connections refused after SIGTERM").isGreaterThanOrEqualTo(0);
        Thread.sleep(Math.max(0, 3_000 - (System.nanoTime() - term) / 1_000_000));
        assertThat(server.isAlive()).as("the server waits for the request in flight").isTrue();
        assertThat(inFlight).isNotDone();
        lock.rollback(); // let the UPDATE through

        HttpResponse<String> response = inFlight.get(60, TimeUnit.SECONDS);
        double answeredAfter = (System.nanoTime() - term) / 1e9;
        assertThat(server.waitFor(60, TimeUnit.SECONDS)).isTrue();
        double exitedAfter = (System.nanoTime() - term) / 1e9;
        System.out.printf("SIGTERM: new connections refused after %.2f s, the request in flight (held 3 s) answered"
            + " after %.2f s, process gone after %.2f s (exit %d)%n", refusedAfter, answeredAfter, exitedAfter,
            server.exitValue());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("ETag")).contains("\"2\"");
        assertThat(response.body()).contains("停机时的请求");
        try (PreparedStatement s = lock.prepareStatement("SELECT name, version FROM facility WHERE id = ?")) {
          s.setLong(1, id);
          try (ResultSet rs = s.executeQuery()) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("停机时的请求");
            assertThat(rs.getInt(2)).isEqualTo(2);
          }
        }
      }
      jar.awaitOutputEnd();
      String log = jar.log();
      int stopped = log.indexOf("Stopped serving");
      int poolClosed = log.indexOf("Database pool closed");
      assertThat(stopped).as(log).isNotNegative();
      assertThat(poolClosed).as("the pool is closed after the server stopped").isGreaterThan(stopped);
    }
  }

  private static String shelter(String name) {
    return """
        {"type": "Feature", "geometry": {"type": "Point", "coordinates": [120.3168, 36.1045]},
         "properties": {"category": "emergency_shelter", "name": "%s", "status": "open"}}
        """.formatted(name);
  }

  /** Until PostgreSQL shows a statement of the service waiting for a lock (the test's). */
  private static void waitUntilAnUpdateWaitsForTheLock(Database db) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    try (Connection c = db.dataSource().getConnection(); PreparedStatement s = c.prepareStatement(
        "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE '%UPDATE facility%'")) {
      while (System.nanoTime() < deadline) {
        try (ResultSet rs = s.executeQuery()) {
          rs.next();
          if (rs.getInt(1) > 0) {
            return;
          }
        }
        Thread.sleep(50);
      }
    }
    throw new AssertionError("the replace never reached the database");
  }

  private static boolean refused(int port) throws IOException {
    try (Socket probe = new Socket()) {
      probe.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1_000);
      return false;
    } catch (ConnectException e) {
      return true;
    }
  }

  private static String databaseName(Database db) throws Exception {
    try (Connection c = db.dataSource().getConnection(); java.sql.Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT current_database()")) {
      rs.next();
      return rs.getString(1);
    }
  }
}
