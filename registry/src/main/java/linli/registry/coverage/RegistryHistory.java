package linli.registry.coverage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import linli.registry.NamedSql;
import linli.registry.SqlResource;

/**
 * Where the registry's history begins (V23 {@code registry_history_start()}): an {@code as_of}
 * before it is refused. Kept once known: the history is append-only and its records are stamped
 * with the time they are written, so the beginning never moves.
 */
public final class RegistryHistory {
  private static final NamedSql START = NamedSql.parse(SqlResource.load(RegistryHistory.class, "history_start.sql"));

  private final DataSource dataSource;
  private volatile Instant start;

  public RegistryHistory(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** The first recorded instant (not before the community history's baseline); empty while none. */
  public Optional<Instant> start() throws SQLException {
    Instant known = start;
    if (known != null) {
      return Optional.of(known);
    }
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = START.prepare(c, Map.of());
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      Timestamp at = rs.getTimestamp(1);
      if (at != null) {
        start = at.toInstant();
      }
      return Optional.ofNullable(start);
    }
  }
}
