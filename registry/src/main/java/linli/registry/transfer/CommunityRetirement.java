package linli.registry.transfer;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import javax.sql.DataSource;
import linli.registry.NamedSql;
import linli.registry.SqlResource;

/**
 * Retires community codes that statistics no longer issue (merged, renamed, split): in one
 * transaction, the facilities that name them are located among the communities that stay, and the
 * communities leave the live table. Nothing is lost: community_history keeps every version of each,
 * the retirement (its 'delete' row) dated and signed. Import the communities that replace them
 * first, so their facilities find the new polygons.
 */
public final class CommunityRetirement {
  private static final NamedSql FACILITIES =
      NamedSql.parse(SqlResource.load(CommunityRetirement.class, "community_retire_facilities.sql"));
  private static final NamedSql RETIRE = NamedSql.parse(SqlResource.load(CommunityRetirement.class,
      "community_retire.sql"));

  /**
   * What a retirement did (or, in a dry run, would do).
   *
   * @param retired the codes retired, in order
   * @param unknown the codes asked for that no live community has (nothing done for them)
   * @param facilitiesMoved the facilities that named a retired code and got another (or none)
   */
  public record Report(List<String> retired, List<String> unknown, long facilitiesMoved, boolean committed) {
    public Report {
      retired = List.copyOf(retired);
      unknown = List.copyOf(unknown);
    }
  }

  private final DataSource dataSource;

  public CommunityRetirement(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** Retires {@code codes} (12 digits each); {@code by} is recorded in both histories. */
  public Report retire(List<String> codes, String by, boolean dryRun) throws SQLException {
    for (String code : codes) {
      if (!code.matches("[0-9]{12}")) {
        throw new IllegalArgumentException("'" + code + "' is not a 12-digit community code");
      }
    }
    Map<String, Object> params = Map.of("codes", codes.toArray(new String[0]), "by", by);
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try {
        try (PreparedStatement ps = c.prepareStatement("SELECT set_config('linli.by', ?, true)")) {
          ps.setString(1, by);
          ps.execute();
        }
        long moved;
        try (PreparedStatement ps = FACILITIES.prepare(c, params)) {
          moved = ps.executeLargeUpdate();
        }
        List<String> retired = new ArrayList<>();
        try (PreparedStatement ps = RETIRE.prepare(c, params); ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            retired.add(rs.getString(1));
          }
        }
        retired.sort(null);
        TreeSet<String> unknown = new TreeSet<>(codes);
        unknown.removeAll(retired);
        boolean commit = ImportSession.end(c, !dryRun, ImportProgress.NONE);
        return new Report(retired, List.copyOf(unknown), moved, commit);
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    }
  }
}
