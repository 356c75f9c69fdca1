package linli.registry.facility;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Map;
import javax.sql.DataSource;
import linli.registry.NamedSql;
import linli.registry.SqlResource;
import linli.registry.access.Principal;
import linli.registry.access.Role;

/**
 * Removes everything of one source in one transaction: its facilities are soft-deleted (the history
 * keeps a delete version of each, and a facility can be restored), its roads are deleted. Caches
 * follow as after any write: the statements bump the registry revisions and announce the change.
 */
public final class SourceRemover {
  private static final NamedSql FACILITIES = sql("remove_source_facilities.sql");
  private static final NamedSql ROADS = sql("remove_source_roads.sql");

  /** How many facilities were soft-deleted and how many roads deleted. */
  public record Removed(String source, long facilities, long roads) {}

  private final DataSource dataSource;

  public SourceRemover(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  private static NamedSql sql(String name) {
    return NamedSql.parse(SqlResource.load(SourceRemover.class, name));
  }

  /** Only an admin removes a whole source: an editor's scope is checked per facility, not per source. */
  public Removed remove(String source, Principal who) throws SQLException {
    if (who.role() != Role.ADMIN) {
      throw new IllegalArgumentException("removing a source needs an admin");
    }
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try {
        long facilities;
        long roads;
        try (PreparedStatement ps = FACILITIES.prepare(c, Map.of("source", source, "by", who.name()))) {
          facilities = ps.executeLargeUpdate();
        }
        try (PreparedStatement ps = ROADS.prepare(c, Map.of("source", source))) {
          roads = ps.executeLargeUpdate();
        }
        c.commit();
        return new Removed(source, facilities, roads);
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    }
  }
}
