package linli.registry.access;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * Reads the record of every write: facility versions (from the history) and the other writes
 * (tokens, imports, restores) from the audit log, newest first, as one list.
 */
public final class AuditLog {
  private final DataSource dataSource;

  public AuditLog(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  public record Entry(OffsetDateTime at, String actor, String action, String target, String before, String after) {}

  /** Entries since {@code since} (null: all), by {@code actor} (null: anyone), at most {@code limit}. */
  public List<Entry> entries(OffsetDateTime since, String actor, int limit) throws SQLException {
    // The newest entries are chosen first and only theirs get features: a facility's newest version
    // is built from its live row (facility_versions), which would cost a JSON document per facility.
    String sql = """
        SELECT at, actor, action, target,
               CASE WHEN facility_id IS NULL THEN before::text ELSE (SELECT p.feature::text FROM facility_versions p
                    WHERE p.facility_id = e.facility_id AND p.version = e.version - 1) END,
               CASE WHEN facility_id IS NULL THEN after::text ELSE (SELECT v.feature::text FROM facility_versions v
                    WHERE v.facility_id = e.facility_id AND v.version = e.version) END
        FROM (
          SELECT * FROM (
            SELECT at, actor, action, target, before, after, NULL::bigint AS facility_id, NULL::integer AS version
            FROM audit_log
            UNION ALL
            SELECT h.at, h.by, 'facility.' || h.action, 'facility ' || h.facility_id, NULL::jsonb, NULL::jsonb,
                   h.facility_id, h.version
            FROM facility_history h) a
          WHERE (CAST(? AS timestamptz) IS NULL OR at >= ?) AND (CAST(? AS text) IS NULL OR actor = ?)
          ORDER BY at DESC LIMIT ?) e
        ORDER BY at DESC""";
    try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
      if (since == null) {
        ps.setNull(1, Types.TIMESTAMP_WITH_TIMEZONE);
        ps.setNull(2, Types.TIMESTAMP_WITH_TIMEZONE);
      } else {
        ps.setObject(1, since);
        ps.setObject(2, since);
      }
      ps.setString(3, actor);
      ps.setString(4, actor);
      ps.setInt(5, limit);
      try (ResultSet rs = ps.executeQuery()) {
        List<Entry> out = new ArrayList<>();
        while (rs.next()) {
          out.add(new Entry(rs.getObject(1, OffsetDateTime.class), rs.getString(2), rs.getString(3), rs.getString(4),
              rs.getString(5), rs.getString(6)));
        }
        return out;
      }
    }
  }
}
