package linli.registry;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import javax.sql.DataSource;

/**
 * Read-your-writes across instances with a standby: where the primary's WAL stood after each client's
 * last write ({@code client_write}, V31), and whether the standby has replayed that far. A client is
 * an opaque key the caller chooses (the web layer uses a digest of the bearer token).
 *
 * <p>Chosen over remembering writers in each process's memory for a fixed time: any instance can tell,
 * and a standby lagging longer than any fixed window still never shows a writer its old data. It costs
 * a row written per write and two single-row reads for a read by a client that carries a token;
 * anonymous reads cost nothing.
 */
public final class WritePositions {
  private static final NamedSql WROTE = sql("client_wrote.sql");
  private static final NamedSql LSN = sql("client_write_lsn.sql");
  private static final NamedSql REPLAYED = sql("replayed.sql");

  private final DataSource primary;
  private final DataSource standby;

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
