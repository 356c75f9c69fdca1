package linli.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.javalin.Javalin;
import io.javalin.json.JavalinJackson;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import linli.registry.Database;
import linli.registry.access.TokenStore;
import linli.registry.city.CityLoader;
import linli.registry.testing.FixtureCity;
import linli.registry.testing.PostgisExtension;
import linli.registry.transfer.write.LayerExporter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A client that goes away in the middle of a large export stops it: the export's query leaves
 * PostgreSQL within seconds (seen in pg_stat_activity) and its slot is free again. The exporter
 * here has ONE slot, so a second export succeeds only if the first really let go.
 */
@ExtendWith(PostgisExtension.class)
class ExportDisconnectIT {
  private static final int ROWS = 200_000;
  /** The export's query as pg_stat_activity shows it, while it runs or holds its cursor open. */
  private static final String EXPORT_BACKENDS = "SELECT count(*) FROM pg_stat_activity WHERE pid <> pg_backend_pid()"
      + " AND datname = current_database() AND state <> 'idle' AND query LIKE '%FROM facility f%ORDER BY f.id%'";
  private static Database db;
  private static Javalin app;

  @BeforeAll
  static void start(Database database) throws SQLException {
    db = database;
    new CityLoader(db.dataSource()).load(FixtureCity.build());
    try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
      s.execute("INSERT INTO facility (category, name, address, status, capacity, area_m2, community_code, source,"
          + " source_id, extra, geom) SELECT 'meal_point', '老年人助餐点' || g, '青岛市市北区辽宁路' || g || '号', 'open',"
          + " g % 80, g * 0.5, '370203001004', 'bulk', 'M-' || g, jsonb_build_object('备注', '第' || g || '号'),"
          + " ST_SetSRID(ST_MakePoint(120.334 + (g % 500) * 0.00001, 36.102 + (g / 500) * 0.00001), 4490)"
          + " FROM generate_series(1, " + ROWS + ") g");
    }
    ExportHandlers exports = new ExportHandlers(new LayerExporter(db.dataSource(), 1),
        new Auth("secret", true, new TokenStore(db.dataSource())));
    app = Javalin.create(cfg -> {
      cfg.jsonMapper(new JavalinJackson(LinliApp.objectMapper(), false));
      cfg.startup.showJavalinBanner = false;
      ProblemMapper.register(cfg);
      cfg.routes.get("/api/export/{file}", exports::export);
    }).start("127.0.0.1", 0);
  }

  @AfterAll
  static void stop() {
    app.stop();
  }

  @Test
  void aClientThatHangsUpStopsTheQueryAndFreesTheSlot() throws Exception {
    long fullBytes;
    long fullMillis;
    { // How long the whole export takes when read to the end: it must be long enough to interrupt.
      long t0 = System.nanoTime();
      HttpResponse<InputStream> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
          URI.create("http://127.0.0.1:" + app.port() + "/api/export/facilities.geojson")).build(),
          HttpResponse.BodyHandlers.ofInputStream());
      try (InputStream in = r.body()) {
        fullBytes = in.transferTo(OutputStream.nullOutputStream());
      }
      fullMillis = (System.nanoTime() - t0) / 1_000_000;
    }

    try (Socket socket = new Socket()) {
      socket.setReceiveBufferSize(8 * 1024); // so the server feels the client stop reading soon
      socket.connect(new InetSocketAddress("127.0.0.1", app.port()), 5_000);
      socket.getOutputStream().write(("GET /api/export/facilities.geojson HTTP/1.1\r\nHost: 127.0.0.1\r\n"
          + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      socket.getOutputStream().flush();
      byte[] head = socket.getInputStream().readNBytes(64 * 1024);
      assertThat(new String(head, StandardCharsets.UTF_8)).startsWith("HTTP/1.1 200").contains("FeatureCollection");
      // The export is under way and holds its query in the database.
      assertThat(waitFor(true, 10_000)).as("the export's query is seen in pg_stat_activity").isTrue();
      Thread.sleep(200);
      assertThat(count(EXPORT_BACKENDS)).as("still exporting while the client dawdles").isEqualTo(1);
    } // the client hangs up, with unread bytes: the server sees a reset

    long t0 = System.nanoTime();
    assertThat(waitFor(false, 5_000)).as("the export's query is gone within 5 s of the hang-up").isTrue();
    long goneMillis = (System.nanoTime() - t0) / 1_000_000;

    // The single slot is free: another export runs to the end at once (without it: 503 after 5 s).
    long t1 = System.nanoTime();
    HttpResponse<String> next = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + app.port() + "/api/export/facilities.geojson?category=emergency_shelter"))
        .build(), HttpResponse.BodyHandlers.ofString());
    assertThat(next.statusCode()).as(next.body()).isEqualTo(200);
    assertThat(next.body()).contains("避难场所a").endsWith("]}\n");
    assertThat(count(EXPORT_BACKENDS)).isZero();
    System.out.printf("ExportDisconnectIT: full export %d bytes in %d ms; query gone %d ms after the hang-up;"
        + " next export answered in %d ms%n", fullBytes, fullMillis, goneMillis, (System.nanoTime() - t1) / 1_000_000);
  }

  /** Polls until the export's query is ({@code present}) or is not in pg_stat_activity; false on timeout. */
  private static boolean waitFor(boolean present, long timeoutMillis) throws Exception {
    long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
    while (System.nanoTime() < deadline) {
      if ((count(EXPORT_BACKENDS) > 0) == present) {
        return true;
      }
      Thread.sleep(20);
    }
    return false;
  }

  private static long count(String sql) throws SQLException {
    try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
