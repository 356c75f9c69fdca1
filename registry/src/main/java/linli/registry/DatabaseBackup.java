package linli.registry;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Backup and restore of a registry database with PostgreSQL's own tools: {@code pg_dump -Fc} (one
 * consistent snapshot, taken while the service runs) and {@code pg_restore} into an empty database,
 * in one transaction. The tools come from the same bin folder as the local cluster's.
 */
public final class DatabaseBackup {
  private DatabaseBackup() {}

  /** Writes a custom-format dump of the database behind {@code jdbcUrl} to {@code file}. */
  public static void dump(String jdbcUrl, Path file) throws IOException {
    Path partial = file.resolveSibling(file.getFileName() + ".partial");
    try {
      run(jdbcUrl, List.of(tool("pg_dump"), "--format=custom", "--file=" + partial));
    } catch (IOException e) {
      Files.deleteIfExists(partial);
      throw e;
    }
    // Only a finished dump takes the file's name: a failed one never looks like a backup.
    Files.move(partial, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
  }

  /**
   * Restores {@code file} into the database behind {@code jdbcUrl}, which must hold no tables yet:
   * all of it or nothing (one transaction), owned by the connecting user.
   */
  public static void restore(Path file, String jdbcUrl) throws IOException {
    if (!Files.isReadable(file)) {
      throw new IOException("cannot read " + file);
    }
    int tables = tableCount(jdbcUrl);
    if (tables > 0) {
      throw new IOException("the database already holds " + tables + " tables: restore into an empty one");
    }
    // No comments: the schema has none of its own, and COMMENT ON EXTENSION fails for a user who
    // does not own an extension created beforehand by a superuser.
    run(jdbcUrl, List.of(tool("pg_restore"), "--exit-on-error", "--single-transaction", "--no-owner",
        "--no-acl", "--no-comments", "--dbname=" + connection(jdbcUrl).get("PGDATABASE"), file.toString()));
  }

  /** Drops and creates the database behind {@code jdbcUrl} (connecting to {@code postgres} on the same server). */
  public static void recreate(String jdbcUrl) throws IOException {
    String name = connection(jdbcUrl).get("PGDATABASE");
    String maintenance = jdbcUrl.replaceFirst("(jdbc:postgresql://[^/]*/)[^?]*", "$1postgres");
    String quoted = "\"" + name.replace("\"", "\"\"") + "\"";
    try (Connection c = DriverManager.getConnection(maintenance); Statement s = c.createStatement()) {
      s.execute("DROP DATABASE IF EXISTS " + quoted + " WITH (FORCE)");
      s.execute("CREATE DATABASE " + quoted);
    } catch (SQLException e) {
      throw new IOException("could not recreate database " + name + ": " + e.getMessage(), e);
    }
  }

  private static int tableCount(String jdbcUrl) throws IOException {
    try (Connection c = DriverManager.getConnection(jdbcUrl); Statement s = c.createStatement();
        // Tables of extensions (PostGIS's spatial_ref_sys, when it was created beforehand) do not count.
        ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
            + " WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND NOT EXISTS (SELECT 1 FROM pg_depend d"
            + " WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e')")) {
      rs.next();
      return rs.getInt(1);
    } catch (SQLException e) {
      throw new IOException("cannot connect to the target database: " + e.getMessage(), e);
    }
  }

  private static String tool(String name) throws IOException {
    return LocalPostgis.findBinDir().resolve(name).toString();
  }

  /**
   * libpq's environment for a JDBC URL {@code jdbc:postgresql://host[:port]/db?user=..&password=..}:
   * the password travels in the environment, never on a command line that {@code ps} shows.
   */
  static Map<String, String> connection(String jdbcUrl) {
    var m = java.util.regex.Pattern.compile("jdbc:postgresql://([^/:?]*)(?::(\\d+))?/([^?]+)(?:\\?(.*))?")
        .matcher(jdbcUrl);
    if (!m.matches()) {
      throw new IllegalArgumentException("not a JDBC URL of the form jdbc:postgresql://host:port/database?user=..");
    }
    Map<String, String> env = new HashMap<>();
    env.put("PGHOST", m.group(1).isEmpty() ? "localhost" : m.group(1));
    env.put("PGPORT", m.group(2) == null ? "5432" : m.group(2));
    env.put("PGDATABASE", decode(m.group(3)));
    if (m.group(4) != null) {
      for (String pair : m.group(4).split("&")) {
        int eq = pair.indexOf('=');
        String key = eq < 0 ? pair : pair.substring(0, eq);
        String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
        switch (key) {
          case "user" -> env.put("PGUSER", value);
          case "password" -> env.put("PGPASSWORD", value);
          case "sslmode" -> env.put("PGSSLMODE", value);
          default -> { } // driver-only settings mean nothing to libpq
        }
      }
    }
    return env;
  }

  private static String decode(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }

  private static void run(String jdbcUrl, List<String> command) throws IOException {
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.environment().putAll(connection(jdbcUrl));
    Process p = pb.start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    try {
      if (!p.waitFor(6, TimeUnit.HOURS) || p.exitValue() != 0) {
        throw new IOException(Path.of(command.get(0)).getFileName() + " failed:\n" + output.strip());
      }
    } catch (InterruptedException e) {
      p.destroy();
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }
}
