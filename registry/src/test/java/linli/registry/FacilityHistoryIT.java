package linli.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import linli.registry.testing.PostgisExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * How the history stores versions (V13, V15): the newest version of a facility is its live row, and
 * a version's feature is frozen into facility_history_feature from the old row when a newer one
 * supersedes it (or the row is removed). Every version reads the same through facility_versions
 * whether frozen or live; both tables are append-only.
 */
@ExtendWith(PostgisExtension.class)
class FacilityHistoryIT {
  private static final String INSERT = "INSERT INTO facility (category, name, status, source, source_id, geom, updated_by)"
      + " VALUES ('emergency_shelter', '%s', 'open', 'history-it', '%s', ST_SetSRID(ST_MakePoint(120.31, 36.10), 4490),"
      + " 'tester') RETURNING id";

  @Test
  void theNewestVersionIsTheLiveRowAndSupersededOnesAreFrozen(Database db) throws SQLException {
    try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
      long a = id(s, INSERT.formatted("甲", "A"));
      long b = id(s, INSERT.formatted("乙", "B"));
      assertThat(strings(s, "SELECT coalesce(feature::text, 'null') FROM facility_history WHERE facility_id IN ("
          + a + ", " + b + ")")).containsOnly("null");
      String liveA1 = string(s, "SELECT facility_as_feature(f)::text FROM facility f WHERE id = " + a);
      assertThat(string(s, "SELECT feature::text FROM facility_versions WHERE facility_id = " + a + " AND version = 1"))
          .isEqualTo(liveA1);

      String rowVersion = "SELECT xmin::text FROM facility_history WHERE facility_id = " + a + " AND version = 1";
      String written = string(s, rowVersion);

      // One statement supersedes both: each old version is frozen as it was, the new ones stay live,
      // and no history row is rewritten for it.
      s.execute("UPDATE facility SET name = name || '(改)', version = version + 1, updated_by = 'editor'"
          + " WHERE source = 'history-it'");
      assertThat(string(s, rowVersion)).isEqualTo(written);
      assertThat(string(s, "SELECT feature::text FROM facility_history_feature WHERE facility_id = " + a
          + " AND version = 1")).isEqualTo(liveA1);
      assertThat(string(s, "SELECT feature->'properties'->>'name' FROM facility_history_feature WHERE facility_id = "
          + b + " AND version = 1")).isEqualTo("乙");
      assertThat(string(s, "SELECT count(*) FROM facility_history h WHERE version = 2 AND feature IS NULL"
          + " AND NOT EXISTS (SELECT 1 FROM facility_history_feature x WHERE x.facility_id = h.facility_id"
          + " AND x.version = 2) AND h.facility_id IN (" + a + ", " + b + ")")).isEqualTo("2");
      assertThat(strings(s, "SELECT feature->'properties'->>'name' FROM facility_versions WHERE facility_id = " + a
          + " ORDER BY version")).containsExactly("甲", "甲(改)");

      // Removed outright (only by hand in SQL): its last version is frozen, nothing is lost.
      String liveB2 = string(s, "SELECT facility_as_feature(f)::text FROM facility f WHERE id = " + b);
      s.execute("DELETE FROM facility WHERE id = " + b);
      assertThat(string(s, "SELECT feature::text FROM facility_versions WHERE facility_id = " + b + " AND version = 2"))
          .isEqualTo(liveB2);
    }
  }

  @Test
  void neitherTableCanBeRewritten(Database db) throws SQLException {
    try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
      long id = id(s, INSERT.formatted("丙", "C"));
      s.execute("UPDATE facility SET version = version + 1 WHERE id = " + id);
      for (String table : new String[] {"facility_history", "facility_history_feature"}) {
        assertThatThrownBy(() -> s.execute("UPDATE " + table + " SET feature = '{\"forged\": true}'"
            + " WHERE facility_id = " + id)).hasMessageContaining("append-only");
        assertThatThrownBy(() -> s.execute("DELETE FROM " + table + " WHERE facility_id = " + id))
            .hasMessageContaining("append-only");
      }
    }
  }

  /** What answers as of a past instant rely on to know a facility removed outright (V40) cannot be rewritten (V45). */
  @Test
  void theRecordOfRemovalsCannotBeRewritten(Database db) throws SQLException {
    try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
      long id = id(s, INSERT.formatted("丁", "D"));
      s.execute("DELETE FROM facility WHERE id = " + id);
      String removed = "SELECT count(*) FROM facility_removed WHERE facility_id = " + id;
      assertThat(string(s, removed)).isEqualTo("1");
      assertThatThrownBy(() -> s.execute("UPDATE facility_removed SET at = '2000-01-01' WHERE facility_id = " + id))
          .hasMessageContaining("append-only");
      assertThatThrownBy(() -> s.execute("DELETE FROM facility_removed WHERE facility_id = " + id))
          .hasMessageContaining("append-only");
      assertThatThrownBy(() -> s.execute("TRUNCATE facility_removed")).hasMessageContaining("append-only");
      assertThat(string(s, removed)).isEqualTo("1");
    }
  }

  @Test
  void truncatingFacilitiesKeepsTheirNewestVersions(Database db) throws SQLException {
    try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
      long id = id(s, INSERT.formatted("丁", "D"));
      String live = string(s, "SELECT facility_as_feature(f)::text FROM facility f WHERE id = " + id);
      s.execute("TRUNCATE facility");
      assertThat(string(s, "SELECT feature::text FROM facility_versions WHERE facility_id = " + id + " AND version = 1"))
          .isEqualTo(live);
    }
  }

  private static long id(Statement s, String sql) throws SQLException {
    return Long.parseLong(string(s, sql));
  }

  private static String string(Statement s, String sql) throws SQLException {
    try (ResultSet rs = s.executeQuery(sql)) {
      assertThat(rs.next()).as(sql).isTrue();
      return rs.getString(1);
    }
  }

  private static List<String> strings(Statement s, String sql) throws SQLException {
    List<String> out = new ArrayList<>();
    try (ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        out.add(rs.getString(1));
      }
    }
    return out;
  }
}
