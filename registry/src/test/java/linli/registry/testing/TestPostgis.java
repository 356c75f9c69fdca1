package linli.registry.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import linli.registry.Database;
import linli.registry.LocalPostgis;

/**
 * The PostGIS server that integration tests use, one per JVM: {@code LINLI_TEST_DB_URL} when set
 * (a JDBC URL of a user that may create databases), otherwise a throwaway cluster started from the
 * installed binaries and removed when the JVM exits. It fails, never skips, when neither works.
 */
public final class TestPostgis {
  private static final String TEMPLATE = "linli_template";
  private static final AtomicInteger COUNTER = new AtomicInteger();
  private static TestPostgis instance;

  private final String adminUrl;

  private TestPostgis(String adminUrl) {
    this.adminUrl = adminUrl;
  }

  public static synchronized TestPostgis get() {
    if (instance == null) {
      instance = new TestPostgis(start());
      instance.createTemplate();
    }
    return instance;
  }

  private static String start() {
    String external = System.getenv("LINLI_TEST_DB_URL");
    if (external != null && !external.isBlank()) {
      return external;
    }
    try {
      LocalPostgis cluster = LocalPostgis.startThrowaway();
      Runtime.getRuntime().addShutdownHook(new Thread(cluster::close, "linli-test-postgis-stop"));
      return cluster.jdbcUrl("postgres");
    } catch (IOException e) {
      throw new UncheckedIOException("Could not start a throwaway PostGIS for the tests (or set LINLI_TEST_DB_URL)", e);
    }
  }

  /** The same server and credentials, another database. */
  public String urlFor(String database) {
    int slash = adminUrl.indexOf('/', "jdbc:postgresql://".length());
    int query = adminUrl.indexOf('?', slash);
    return adminUrl.substring(0, slash + 1) + database + (query < 0 ? "" : adminUrl.substring(query));
  }

  /** A new, empty database (PostGIS not yet installed, nothing migrated). */
  public String createEmptyDatabase(String prefix) {
    String name = uniqueName(prefix);
    execute("CREATE DATABASE " + name);
    return urlFor(name);
  }

  /** A new database copied from the migrated template: fast, and isolated from every other test. */
  public String createMigratedDatabase(String prefix) {
    String name = uniqueName(prefix);
    execute("CREATE DATABASE " + name + " TEMPLATE " + TEMPLATE);
    return urlFor(name);
  }

  public void dropDatabase(String url) {
    String name = url.substring(url.indexOf('/', "jdbc:postgresql://".length()) + 1).split("\\?")[0];
    execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
  }

  private void createTemplate() {
    execute("DROP DATABASE IF EXISTS " + TEMPLATE + " WITH (FORCE)");
    execute("CREATE DATABASE " + TEMPLATE);
    try (Database db = Database.connect(urlFor(TEMPLATE))) {
      db.migrate();
    }
  }

  private static String uniqueName(String prefix) {
    String clean = prefix.toLowerCase().replaceAll("[^a-z0-9]", "_");
    return "t_" + clean.substring(0, Math.min(clean.length(), 40)) + "_" + ProcessHandle.current().pid() + "_"
        + COUNTER.incrementAndGet();
  }

  private void execute(String sql) {
    try (Connection c = DriverManager.getConnection(adminUrl); Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(sql + ": " + e.getMessage(), e);
    }
  }
}
