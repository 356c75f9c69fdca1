package linli.registry;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Read-your-writes across instances with a standby: where the primary's WAL stood after each client's
 * last write ({@code client_write}, V31), and whether the standby has replayed that far. A client is
 * the writer as the caller names it (the web layer: {@code token:ID} of its api_token row, or
 * {@code admin-env}; V34 refuses anything else, so nothing derived from a token is kept).
 *
 * <p>Chosen over remembering writers in each process's memory for a fixed time: any instance can tell,
 * and a standby lagging longer than any fixed window still never shows a writer its old data. It costs
 * a row written per write and two single-row reads for a read by a client that carries a token;
 * anonymous reads cost nothing.
 *
 * <p>The table holds only writers the standby may still be behind: every {@link #PRUNE_EVERY} at
 * most, a write also deletes the rows whose position the standby has replayed ({@link #prune}). That
 * is the exact bound after which no standby is behind a write (no guessed time: a standby paused or
 * lagging for hours keeps its writers' rows), and costs one query on the standby and a DELETE over a
 * table of at most one row per token.
 */
public final class WritePositions {
  private static final Logger log = LoggerFactory.getLogger(WritePositions.class);
  private static final NamedSql WROTE = sql("client_wrote.sql");
  private static final NamedSql LSN = sql("client_write_lsn.sql");
  private static final NamedSql REPLAYED = sql("replayed.sql");
  private static final NamedSql REPLAY_POSITION = sql("replay_position.sql");
  private static final NamedSql PRUNE = sql("client_write_prune.sql");
  /** How often a write also prunes the rows the standby has replayed, at most (per instance). */
  static final Duration PRUNE_EVERY = Duration.ofMinutes(5);

  private final DataSource primary;
  private final DataSource standby;
  /** System.nanoTime() after which the next write prunes. */
  private final AtomicLong nextPrune = new AtomicLong(System.nanoTime());

  WritePositions(DataSource primary, DataSource standby) {
    this.primary = primary;
    this.standby = standby;
  }

  private static NamedSql sql(String name) {
    return NamedSql.parse(SqlResource.load(WritePositions.class, "replica/" + name));
  }

  /** Records that {@code client}'s write has committed; call after the commit, before answering the client. */
  public void wrote(String client) throws SQLException {
    try (Connection c = primary.getConnection(); PreparedStatement ps = WROTE.prepare(c, Map.of("client", client))) {
      ps.executeUpdate();
    }
    long due = nextPrune.get();
    if (System.nanoTime() - due >= 0 && nextPrune.compareAndSet(due, System.nanoTime() + PRUNE_EVERY.toNanos())) {
      // Off the write's own answer: a standby that does not answer would hold it up to its connect timeout.
      Thread pruning = new Thread(() -> {
        try {
          prune();
        } catch (SQLException | RuntimeException e) {
          log.warn("Could not prune the writers the standby has caught up with: {}", e.getMessage());
        }
      }, "linli-client-write-prune");
      pruning.setDaemon(true);
      pruning.start();
    }
  }

  /**
   * Deletes the positions the standby has replayed (they answer as no row would); how many. None
   * while the standby does not answer or is no standby.
   */
  public int prune() throws SQLException {
    String replayed;
    try (Connection c = standby.getConnection(); PreparedStatement ps = REPLAY_POSITION.prepare(c, Map.of());
        ResultSet rs = ps.executeQuery()) {
      replayed = rs.next() ? rs.getString(1) : null;
    }
    if (replayed == null) {
      return 0;
    }
    try (Connection c = primary.getConnection(); PreparedStatement ps = PRUNE.prepare(c, Map.of("replayed", replayed))) {
      return ps.executeUpdate();
    }
  }

  /** Whether the standby holds every write {@code client} has made (true for a client that never wrote). */
  public boolean standbyHasWritesOf(String client) throws SQLException {
    String lsn;
    try (Connection c = primary.getConnection(); PreparedStatement ps = LSN.prepare(c, Map.of("client", client));
        ResultSet rs = ps.executeQuery()) {
      if (!rs.next()) {
        return true;
      }
      lsn = rs.getString(1);
    }
    try (Connection c = standby.getConnection(); PreparedStatement ps = REPLAYED.prepare(c, Map.of("lsn", lsn));
        ResultSet rs = ps.executeQuery()) {
      return rs.next() && rs.getBoolean(1);
    }
  }
}
