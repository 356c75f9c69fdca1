package linli.registry.access;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import linli.registry.NamedSql;
import linli.registry.SqlResource;

/**
 * Write buckets kept in PostgreSQL, one per principal, so every instance on one database charges
 * the same bucket (see {@code write_rate_take.sql}). A principal may make {@code perMinute} writes a
 * minute on average and up to {@code burst} at once.
 */
public final class WriteBuckets {
  private static final NamedSql TAKE = NamedSql.parse(SqlResource.load(WriteBuckets.class, "write_rate_take.sql"));
  private static final String FORGET = SqlResource.load(WriteBuckets.class, "write_rate_forget.sql");
  /** How often an instance deletes the buckets that are full again: rows one per token, cheap to keep a while. */
  private static final long FORGET_EVERY_NANOS = Duration.ofMinutes(10).toNanos();

  private final DataSource dataSource;
  private final AtomicLong lastForget = new AtomicLong(System.nanoTime());

  public WriteBuckets(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** Takes one write for {@code principal}: {@link Duration#ZERO} when allowed, else how long until one is free. */
  public Duration take(String principal, int perMinute, int burst) throws SQLException {
    if (perMinute <= 0 || burst <= 0) {
      throw new IllegalArgumentException("a write rate needs a positive rate and burst");
    }
    double interval = 60.0 / perMinute;
    double ahead = interval * (burst - 1);
    try (Connection c = dataSource.getConnection()) {
      forgetFullBuckets(c);
      try (PreparedStatement ps = TAKE.prepare(c, Map.of("principal", principal, "interval_s", interval,
          "burst_s", ahead)); ResultSet rs = ps.executeQuery()) {
        rs.next();
        if (rs.getBoolean("allowed")) {
          return Duration.ZERO;
        }
        double wait = rs.getDouble("ahead_s") - ahead;
        return Duration.ofNanos(Math.max(1, (long) Math.ceil(wait * 1e9)));
      }
    }
  }

  private void forgetFullBuckets(Connection c) throws SQLException {
    long last = lastForget.get();
    if (System.nanoTime() - last < FORGET_EVERY_NANOS || !lastForget.compareAndSet(last, System.nanoTime())) {
      return;
    }
    try (var s = c.createStatement()) {
      s.executeUpdate(FORGET);
    }
  }
}
