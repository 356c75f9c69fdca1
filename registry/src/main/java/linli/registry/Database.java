package linli.registry;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import javax.sql.DataSource;
import linli.registry.catalog.FacilityFeatureFunction;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfoService;

/** The registry's connection pool and schema migrations. Only the registry runs SQL on it. */
public final class Database implements AutoCloseable {
  private final HikariDataSource dataSource;

  private Database(HikariDataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** Connects to a PostGIS database given as a JDBC URL with user and password as parameters. */
  public static Database connect(String jdbcUrl) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(jdbcUrl);
    config.setPoolName("linli");
    config.setMaximumPoolSize(8);
    // Start even while the database is down: /health reports it, and the pool reconnects later.
    config.setInitializationFailTimeout(-1);
    config.setConnectionTimeout(5_000);
    // Coverage queries are many small index lookups; JIT compilation only adds start-up cost to them.
    // No query may run for ever (imports lift this inside their own transaction).
    config.setConnectionInitSql("SET jit = off; SET statement_timeout = '60s'");
    return new Database(new HikariDataSource(config));
  }

  /** Brings the schema up to date (Flyway migrations in db/migration). */
  public Database migrate() {
    flyway().migrate();
    return this;
  }

  /** The SQL migrations in db/migration and the functions made from the catalogue. */
  private Flyway flyway() {
    return Flyway.configure().dataSource(dataSource).locations("classpath:db/migration")
        .javaMigrations(new FacilityFeatureFunction()).load();
  }

  public DataSource dataSource() {
    return dataSource;
  }

  /**
   * A new connection outside the pool, to the same database with the same session settings, for a
   * session that is held open (the change feed's LISTEN) rather than borrowed.
   */
  public Connection openDirect() throws SQLException {
    Properties props = new Properties();
    if (dataSource.getUsername() != null) {
      props.setProperty("user", dataSource.getUsername());
    }
    if (dataSource.getPassword() != null) {
      props.setProperty("password", dataSource.getPassword());
    }
    props.setProperty("ApplicationName", "linli-changes");
    return DriverManager.getConnection(dataSource.getJdbcUrl(), props);
  }

  /** True when a connection can be had and answers a query within two seconds. */
  public boolean isReachable() {
    try (Connection c = dataSource.getConnection()) {
      return c.isValid(2);
    } catch (SQLException e) {
      return false;
    }
  }

  /** The pool's connections now: busy, idle, requests waiting for one, and the most it opens. */
  public record PoolStats(int active, int idle, int pending, int max) {}

  public PoolStats poolStats() {
    var mx = dataSource.getHikariPoolMXBean();
    return mx == null ? new PoolStats(0, 0, 0, dataSource.getMaximumPoolSize())
        : new PoolStats(mx.getActiveConnections(), mx.getIdleConnections(), mx.getThreadsAwaitingConnection(),
            dataSource.getMaximumPoolSize());
  }

  /** True when every migration this build knows is applied (false also while the database is unreachable). */
  public boolean schemaIsCurrent() {
    try {
      MigrationInfoService info = flyway().info();
      return info.current() != null && !info.current().getState().isFailed() && info.pending().length == 0;
    } catch (FlywayException e) {
      return false;
    }
  }

  @Override
  public void close() {
    dataSource.close();
  }
}
