package linli.registry.coverage;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;

/**
 * Coverage answers (per-community lists, capacity results), kept while the registry layers they depend on are unchanged:
 * every use reads the revisions (one small query) and an answer made from other revisions is
 * recomputed, so an edit or import is never hidden. Bounded to the most recent queries.
 */
final class CoverageCache<V> {
  private static final int MAX_ENTRIES = 64;

  private record Entry<V>(String revisions, V value) {}

  private final DataSource dataSource;
  private final AtomicLong hits = new AtomicLong();
  private final AtomicLong misses = new AtomicLong();
  private final Map<CoverageQuery, Entry<V>> entries = new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<CoverageQuery, Entry<V>> eldest) {
      return size() > MAX_ENTRIES;
    }
  };

  CoverageCache(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  interface Computation<V> {
    V compute() throws SQLException;
  }

  V get(CoverageQuery query, Computation<V> computation) throws SQLException {
    return get(query, computation, revisions());
  }

  /**
   * A past question, answered by {@code past}; or, when the registry has not changed since its
   * instant, by {@code present} under the present question's key. So an instant taken from the
   * clock (as_of today, a comparison up to now), new on every request, shares the present answer
   * instead of filling the cache with entries nobody asks for again.
   */
  V get(CoverageQuery query, Computation<V> past, Computation<V> present) throws SQLException {
    Revisions r = readRevisions();
    if (r.lastChange() == null || !query.asOf().isBefore(r.lastChange())) {
      return get(query.at(null), present, r.revisions());
    }
    return get(query, past, r.revisions());
  }

  private V get(CoverageQuery query, Computation<V> computation, String revisions) throws SQLException {
    synchronized (entries) {
      Entry<V> e = entries.get(query);
      if (e != null && e.revisions().equals(revisions)) {
        hits.incrementAndGet();
        return e.value();
      }
    }
    misses.incrementAndGet();
    V fresh = computation.compute();
    synchronized (entries) {
      entries.put(query, new Entry<>(revisions, fresh));
    }
    return fresh;
  }

  interface Computations<V> {
    Map<CoverageQuery, V> compute(List<CoverageQuery> queries) throws SQLException;
  }

  /**
   * Several present questions: those cached at the current revisions are served, the rest computed
   * together by {@code computation} (which answers every question it is given) and kept, each under
   * its own key, so a later single question is served the same answer.
   */
  Map<CoverageQuery, V> getAll(List<CoverageQuery> queries, Computations<V> computation) throws SQLException {
    String revisions = revisions();
    Map<CoverageQuery, V> out = new LinkedHashMap<>();
    List<CoverageQuery> missing = new ArrayList<>();
    synchronized (entries) {
      for (CoverageQuery q : queries) {
        Entry<V> e = entries.get(q);
        if (e != null && e.revisions().equals(revisions)) {
          hits.incrementAndGet();
          out.put(q, e.value());
        } else if (!missing.contains(q)) {
          missing.add(q);
        }
      }
    }
    if (!missing.isEmpty()) {
      misses.addAndGet(missing.size());
      Map<CoverageQuery, V> fresh = computation.compute(missing);
      synchronized (entries) {
        for (CoverageQuery q : missing) {
          entries.put(q, new Entry<>(revisions, fresh.get(q)));
        }
      }
      out.putAll(fresh);
    }
    return out;
  }

  long hits() {
    return hits.get();
  }

  long misses() {
    return misses.get();
  }

  /**
   * The revisions of every layer an answer may depend on. Read before computing: a change that
   * commits during the computation leaves the entry under the older revisions, so it is redone.
   */
  private String revisions() throws SQLException {
    return readRevisions().revisions();
  }

  /** The layers' revisions, and when the last of them changed (the changing transaction's start). */
  private record Revisions(String revisions, Instant lastChange) {}

  private Revisions readRevisions() throws SQLException {
    try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT string_agg(layer || ':' || revision, ',' ORDER BY layer),"
            + " max(changed_at) FROM registry_revision")) {
      rs.next();
      OffsetDateTime last = rs.getObject(2, OffsetDateTime.class);
      return new Revisions(String.valueOf(rs.getString(1)), last == null ? null : last.toInstant());
    }
  }
}
