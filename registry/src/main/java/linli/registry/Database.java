package linli.registry;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Optional;
import java.util.Properties;
import javax.sql.DataSource;
import linli.registry.catalog.FacilityFeatureFunction;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfoService;

/** The registry's connection pool and schema migrations. Only the registry runs SQL on it. */
public final class Database implements AutoCloseable {
  /** The application_name of the standby pool's sessions (what pg_stat_activity on the standby shows). */
  public static final String STANDBY_APPLICATION_NAME = "linli-read";
  private static final ThreadLocal<Boolean> ON_STANDBY = ThreadLocal.withInitial(() -> false);

  private final HikariDataSource dataSource;
  private final HikariDataSource standby; // null: no read replica, every read on the primary
  private final DataSource reads;
  private final WritePositions writePositions; // null without a standby

  private Database(HikariDataSource dataSource, HikariDataSource standby) {
    this.dataSource = dataSource;
    this.standby = standby;
    this.reads = standby == null ? dataSource : new ThreadRoutedDataSource(dataSource, standby);
    this.writePositions = standby == null ? null : new WritePositions(dataSource, standby);
  }

  /** Connects to a PostGIS database given as a JDBC URL with user and password as parameters. */
  public static Database connect(String jdbcUrl) {
    return connect(jdbcUrl, null);
  }

  /**
   * Connects to the primary and, when {@code readUrl} is given, to a streaming standby of it
   * ({@code LINLI_DB_READ_URL}) for the reads that {@link #readDataSource()} may send there. The
   * standby's pool is read-only: a write that strayed onto it fails instead of being lost.
   */
  public static Database connect(String jdbcUrl, String readUrl) {
    HikariDataSource standby = null;
    if (readUrl != null) {
      HikariConfig read = config(readUrl, "linli-read");
      read.setReadOnly(true);
      read.addDataSourceProperty("ApplicationName", STANDBY_APPLICATION_NAME);
      standby = new HikariDataSource(read);
    }
    return new Database(new HikariDataSource(config(jdbcUrl, "linli")), standby);
  }

  private static HikariConfig config(String jdbcUrl, String poolName) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(jdbcUrl);
    config.setPoolName(poolName);
    config.setMaximumPoolSize(8);
    // Start even while the database is down: /health reports it, and the pool reconnects later.
    config.setInitializationFailTimeout(-1);
    config.setConnectionTimeout(5_000);
    // Coverage queries are many small index lookups; JIT compilation only adds start-up cost to them.
    // No query may run for ever (imports lift this inside their own transaction).
    config.setConnectionInitSql("SET jit = off; SET statement_timeout = '60s'");
    return config;
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

  /** The primary: writes, migrations, imports, and every read that must see the latest commit. */
  public DataSource dataSource() {
    return dataSource;
  }

  /**
   * For stores that read: the standby while the calling thread is inside {@link #onStandby}, the
   * primary otherwise (and always, without a standby). Primary by default, so a background thread or a
   * write that reaches a store through this never lands on the read-only standby by accident.
   */
  public DataSource readDataSource() {
    return reads;
  }

  public boolean hasStandby() {
    return standby != null;
  }

  /** Which clients' writes the standby has replayed, so they may read there; empty without a standby. */
  public Optional<WritePositions> writePositions() {
    return Optional.ofNullable(writePositions);
  }

  /**
   * Lets the calling thread's reads through {@link #readDataSource()} go to the standby (true) or
   * keeps them on the primary (false). The web layer sets it per request: plain reads from a client
   * that has not written lately go to the standby (see docs/OPERATIONS.md, "A standby for reads").
   */
  public static void onStandby(boolean standby) {
    if (standby) {
      ON_STANDBY.set(true);
    } else {
      ON_STANDBY.remove();
    }
  }

  /** Whether the calling thread's reads may go to the standby now. */
  public static boolean isOnStandby() {
    return ON_STANDBY.get();
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

  /** True when there is a standby and it answers a query within two seconds. */
  public boolean standbyIsReachable() {
    if (standby == null) {
      return false;
    }
    try (Connection c = standby.getConnection()) {
      return c.isValid(2);
    } catch (SQLException e) {
      return false;
    }
  }

  @Override
  public void close() {
    if (standby != null) {
      standby.close();
    }
    dataSource.close();
  }

  /** The primary or the standby, as the calling thread's {@link #onStandby} says. */
  private static final class ThreadRoutedDataSource implements DataSource {
    private final DataSource primary;
    private final DataSource standby;

    ThreadRoutedDataSource(DataSource primary, DataSource standby) {
      this.primary = primary;
      this.standby = standby;
    }

    @Override
    public Connection getConnection() throws SQLException {
      return (isOnStandby() ? standby : primary).getConnection();
    }

    @Override
    public Connection getConnection(String user, String password) throws SQLException {
      return getConnection();
    }

    @Override
    public java.io.PrintWriter getLogWriter() throws SQLException {
      return primary.getLogWriter();
    }

    @Override
    public void setLogWriter(java.io.PrintWriter out) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void setLoginTimeout(int seconds) {
      throw new UnsupportedOperationException();
    }

    @Override
    public int getLoginTimeout() throws SQLException {
      return primary.getLoginTimeout();
    }

    @Override
    public java.util.logging.Logger getParentLogger() {
      return java.util.logging.Logger.getLogger("linli.registry");
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
      if (iface.isInstance(this)) {
        return iface.cast(this);
      }
      throw new SQLException("not a wrapper of " + iface);
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
      return iface.isInstance(this);
    }
  }
}
