package linli.web;

import static linli.web.RunningApp.admin;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import linli.registry.Database;
import linli.registry.city.CityLoader;
import linli.registry.testing.FixtureCity;
import linli.registry.testing.PostgisExtension;
import linli.registry.testing.TestPostgis;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code linli backup} and {@code linli restore} through the packaged jar: a registry with edits,
 * history, tokens and audit is dumped and restored into a fresh database; every table and sequence
 * is equal, the service on the copy answers the same, and the triggers still keep the history.
 */
@ExtendWith(PostgisExtension.class)
class BackupRestoreIT {
  private static String shelter(String name, int capacity) {
    return """
        {"type": "Feature", "geometry": {"type": "Point", "coordinates": [120.3168, 36.1045]},
         "properties": {"category": "emergency_shelter", "name": "%s", "status": "open", "capacity": %d,
                        "管理单位": "市南区应急局"}}
        """.formatted(name, capacity);
  }

  @Test
  void aBackupRestoresIntoAFreshDatabaseThatWorksTheSame(Database db) throws Exception {
    new CityLoader(db.dataSource()).load(FixtureCity.build());
    String editorToken;
    List<String> locations = new ArrayList<>();
    try (RunningApp app = new RunningApp(db)) {
      for (int i = 0; i < 3; i++) {
        HttpResponse<String> r = app.post("/api/facilities", shelter("备份" + i, 100 * i), admin());
        assertThat(r.statusCode()).isEqualTo(201);
        locations.add(r.headers().firstValue("Location").orElseThrow());
      }
      assertThat(app.put(locations.get(0), shelter("备份0(改)", 50), admin("If-Match", "\"1\"")).statusCode())
          .isEqualTo(200);
      assertThat(app.delete(locations.get(1), admin("If-Match", "\"1\"")).statusCode()).isEqualTo(204);
      assertThat(app.post(locations.get(0) + "/restore?version=1", "", admin("If-Match", "\"2\"")).statusCode())
          .isEqualTo(200);
      HttpResponse<String> token = app.post("/api/tokens", "{\"name\": \"备份编辑\", \"role\": \"editor\"}", admin());
      assertThat(token.statusCode()).isEqualTo(201);
      editorToken = RunningApp.json(token).get("token").asText();
      HttpResponse<String> revoked = app.post("/api/tokens", "{\"name\": \"作废\", \"role\": \"viewer\"}", admin());
      assertThat(app.delete("/api/tokens/" + RunningApp.json(revoked).get("id").asText(), admin()).statusCode())
          .isEqualTo(204);
    }

    TestPostgis server = TestPostgis.get();
    String sourceUrl = server.urlFor(databaseName(db));
    String copyUrl = server.createEmptyDatabase("restored");
    Path dump = Files.createTempDirectory("linli-backup").resolve("registry.dump");
    try {
      Map<String, String> before = checksums(db);
      long started = System.nanoTime();
      assertThat(cli(sourceUrl, "backup", dump.toString())).contains("bytes");
      double dumped = (System.nanoTime() - started) / 1e9;
      started = System.nanoTime();
      assertThat(cli(copyUrl, "restore", dump.toString())).contains("restored");
      double restored = (System.nanoTime() - started) / 1e9;
      // A second restore into the now full database is refused, and changes nothing.
      assertThat(cliFails(copyUrl, "restore", dump.toString())).contains("already holds");
      System.out.printf("backup of %d tables: %,d bytes, dumped in %.1f s, restored in %.1f s%n", before.size(),
          Files.size(dump), dumped, restored);

      try (Database copy = Database.connect(copyUrl)) {
        Map<String, String> after = checksums(copy);
        assertThat(after.keySet()).containsAll(List.of("table facility", "table facility_history", "table api_token",
            "table audit_log", "table registry_revision", "table community", "table flyway_schema_history"));
        assertThat(after).isEqualTo(before);
        copy.migrate(); // nothing to do: the copy is at the same schema version
        assertThat(checksums(copy)).isEqualTo(before);

        try (RunningApp original = new RunningApp(db); RunningApp app = new RunningApp(copy)) {
          for (String path : List.of("/api/facilities?limit=1000", "/api/coverage?category=emergency_shelter",
              "/api/communities", locations.get(0) + "/history", locations.get(1) + "/history")) {
            HttpResponse<String> a = original.get(path, admin());
            HttpResponse<String> b = app.get(path, admin());
            assertThat(b.statusCode()).as(path).isEqualTo(a.statusCode()).isEqualTo(200);
            assertThat(RunningApp.json(b)).as(path).isEqualTo(RunningApp.json(a));
          }
          // The same entries (entries of one instant may come in either order).
          assertThat(entries(app.get("/api/audit?limit=1000", admin())))
              .containsExactlyInAnyOrderElementsOf(entries(original.get("/api/audit?limit=1000", admin())));

          // The restored token writes; the edit gets the next version, a history row and a new revision.
          long revision = facilityRevision(copy);
          int historyBefore = RunningApp.json(app.get(locations.get(2) + "/history")).size();
          HttpResponse<String> edit = app.put(locations.get(2), shelter("恢复后编辑", 9),
              "Authorization", "Bearer " + editorToken, "If-Match", "\"1\"");
          assertThat(edit.statusCode()).as(edit.body()).isEqualTo(200);
          JsonNode history = RunningApp.json(app.get(locations.get(2) + "/history"));
          assertThat(history).hasSize(historyBefore + 1);
          assertThat(history.get(history.size() - 1).get("by").asText()).isEqualTo("备份编辑");
          assertThat(facilityRevision(copy)).isEqualTo(revision + 1);
          // New ids continue after the restored ones (the sequences came along).
          HttpResponse<String> created = app.post("/api/facilities", shelter("恢复后新建", 1), admin());
          long newId = Long.parseLong(created.headers().firstValue("Location").orElseThrow().replaceAll(".*/", ""));
          assertThat(newId).isGreaterThan(locations.stream()
              .mapToLong(l -> Long.parseLong(l.replaceAll(".*/", ""))).max().orElseThrow());
          // The history is still append-only.
          try (Connection c = copy.dataSource().getConnection(); Statement s = c.createStatement()) {
            assertThatThrownBy(() -> s.executeUpdate("UPDATE facility_history SET by = 'x'"))
                .isInstanceOf(SQLException.class);
            assertThatThrownBy(() -> s.executeUpdate("DELETE FROM facility_history"))
                .isInstanceOf(SQLException.class);
          }
        }
      }
    } finally {
      server.dropDatabase(copyUrl);
      Files.deleteIfExists(dump);
    }
  }

  /** An md5 of every table in the public schema (rows in text order) and the value of every sequence. */
  private static Map<String, String> checksums(Database db) throws SQLException {
    Map<String, String> out = new TreeMap<>();
    try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
      List<String> tables = new ArrayList<>();
      try (ResultSet rs = s.executeQuery("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")) {
        while (rs.next()) {
          tables.add(rs.getString(1));
        }
      }
      for (String t : tables) {
        try (ResultSet rs = s.executeQuery("SELECT count(*) || ':' || coalesce(md5(string_agg(x::text, '|' ORDER BY"
            + " x::text)), '') FROM public.\"" + t + "\" x")) {
          rs.next();
          out.put("table " + t, rs.getString(1));
        }
      }
      try (ResultSet rs = s.executeQuery("SELECT sequencename, last_value FROM pg_sequences WHERE schemaname = 'public'")) {
        while (rs.next()) {
          out.put("sequence " + rs.getString(1), String.valueOf(rs.getObject(2)));
        }
      }
    }
    return out;
  }

  private static List<String> entries(HttpResponse<String> response) throws Exception {
    List<String> out = new ArrayList<>();
    RunningApp.json(response).forEach(e -> out.add(e.toString()));
    assertThat(out).isNotEmpty();
    return out;
  }

  private static long facilityRevision(Database db) throws SQLException {
    try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT revision FROM registry_revision WHERE layer = 'facility'")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static Process start(String dbUrl, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-jar", Path.of("target", "linli.jar").toString()));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.environment().put("LINLI_DB_URL", dbUrl);
    return pb.start();
  }

  private static String cli(String dbUrl, String... args) throws Exception {
    Process p = start(dbUrl, args);
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(300, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    return out;
  }

  private static String cliFails(String dbUrl, String... args) throws Exception {
    Process p = start(dbUrl, args);
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(300, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isNotZero();
    return out;
  }

  private static String databaseName(Database db) throws SQLException {
    try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT current_database()")) {
      rs.next();
      return rs.getString(1);
    }
  }
}
