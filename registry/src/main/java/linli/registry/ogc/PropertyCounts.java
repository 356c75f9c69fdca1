package linli.registry.ogc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How many features of a collection there are for each combination of the values of its
 * {@link OgcCollection#countedBy() counted properties} (facilities: category and status), counted
 * in one pass and kept until the collection's table changes: its revision in registry_revision
 * (V5) moves in the same transaction as every statement that changes the table, so a snapshot
 * that reads the revision knows which counts are its own. The numberMatched of a page filtered by
 * nothing but those properties: at province scale counting one category of 1.6 million facilities
 * scans the whole table (0.15–0.3 s), and the map asks two such counts per question.
 */
final class PropertyCounts {
  /** The revision of the table the counts are of: its number and when it moved (a restore may reuse a number). */
  private record Revision(long number, OffsetDateTime changedAt) {}

  /** Counts by the counted properties' values, in their order. */
  private record Counted(Revision revision, Map<List<String>, Long> counts) {}

  private final OgcCollection collection;
  private final String countSql;
  private volatile Counted counted;

  PropertyCounts(OgcCollection collection) {
    if (collection.revisionLayer() == null || collection.countedBy().isEmpty()) {
      throw new IllegalArgumentException(collection.id() + " is not counted ahead");
    }
    this.collection = collection;
    List<String> columns = collection.countedBy().stream()
        .map(name -> collection.queryables().get(name).sqlExpression() + "::text").toList();
    this.countSql = "SELECT " + String.join(", ", columns) + ", count(*) FROM " + collection.from() + " WHERE "
        + collection.where() + " GROUP BY " + String.join(", ", columns);
  }

  /**
   * The features whose properties have the given values (a property not given: any value), as the
   * snapshot of {@code c}'s transaction sees them. The caller holds one REPEATABLE READ snapshot
   * for this and whatever else it reads, so that both see the same registry.
   */
  long count(Connection c, Map<String, String> equal) throws SQLException {
    if (!collection.countedBy().containsAll(equal.keySet())) {
      throw new IllegalArgumentException(equal.keySet() + " are not all counted properties of " + collection.id());
    }
    Counted now = current(c);
    List<String> names = collection.countedBy();
    long sum = 0;
    for (Map.Entry<List<String>, Long> e : now.counts().entrySet()) {
      boolean matches = true;
      for (int i = 0; i < names.size() && matches; i++) {
        String wanted = equal.get(names.get(i));
        matches = wanted == null || wanted.equals(e.getKey().get(i));
      }
      if (matches) {
        sum += e.getValue();
      }
    }
    return sum;
  }

  /** The counts of the snapshot's revision: the kept ones, or counted now (one scan of the table). */
  private Counted current(Connection c) throws SQLException {
    Revision revision = revision(c);
    Counted now = counted;
    if (now != null && now.revision().equals(revision)) {
      return now;
    }
    // One count at a time: the map asks two counts at once right after a change.
    synchronized (this) {
      now = counted;
      if (now != null && now.revision().equals(revision)) {
        return now;
      }
      Counted fresh = new Counted(revision, countAll(c));
      if (now == null || revision.number() > now.revision().number()
          || revision.changedAt().isAfter(now.revision().changedAt())) {
        counted = fresh; // a request on an older snapshot does not replace newer counts
      }
      return fresh;
    }
  }

  private Revision revision(Connection c) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT revision, changed_at FROM registry_revision WHERE layer = ?")) {
      ps.setQueryTimeout(OgcFeatureStore.QUERY_TIMEOUT_SECONDS);
      ps.setString(1, collection.revisionLayer());
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          throw new IllegalStateException("registry_revision has no row for " + collection.revisionLayer());
        }
        return new Revision(rs.getLong(1), rs.getObject(2, OffsetDateTime.class));
      }
    }
  }

  private Map<List<String>, Long> countAll(Connection c) throws SQLException {
    Map<List<String>, Long> out = new HashMap<>();
    int n = collection.countedBy().size();
    try (PreparedStatement ps = c.prepareStatement(countSql)) {
      ps.setQueryTimeout(OgcFeatureStore.QUERY_TIMEOUT_SECONDS);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          String[] values = new String[n];
          for (int i = 0; i < n; i++) {
            values[i] = rs.getString(i + 1);
          }
          out.merge(Arrays.asList(values), rs.getLong(n + 1), Long::sum);
        }
      }
    }
    return out;
  }
}
