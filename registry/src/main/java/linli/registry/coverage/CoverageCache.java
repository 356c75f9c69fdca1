package linli.registry.coverage;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToLongFunction;
import javax.sql.DataSource;

/**
 * Coverage answers (per-community lists, capacity results), kept while the registry layers they depend on are unchanged:
 * every use reads the revisions (one small query) and an answer made from other revisions is
 * recomputed, so an edit or import is never hidden. Bounded to the most recent queries, and by
 * weight (rows): at province scale one answer holds some 80,000 communities, and 64 of them would
 * hold a gigabyte (docs/SCALING.md).
 */
final class CoverageCache<V> {
  private static final int MAX_ENTRIES = 64;

  private record Entry<V>(String revisions, V value, long weight) {}

  private final DataSource dataSource;
  private final ToLongFunction<V> weigher;
  private final long maxWeight;
  private final AtomicLong hits = new AtomicLong();
  private final AtomicLong misses = new AtomicLong();
  /** Guarded by {@code entries}. */
  private long weight;
  private final LinkedHashMap<CoverageQuery, Entry<V>> entries = new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<CoverageQuery, Entry<V>> eldest) {
      if (size() > MAX_ENTRIES) {
        weight -= eldest.getValue().weight();
        return true;
      }
      return false;
    }
  };

  /** At most {@link #MAX_ENTRIES} answers, whatever their size. */
  CoverageCache(DataSource dataSource) {
    this(dataSource, v -> 1, MAX_ENTRIES);
  }

  /**
   * At most {@link #MAX_ENTRIES} answers weighing at most {@code maxWeight} together (the latest
   * answer is kept even when it alone weighs more).
   */
  CoverageCache(DataSource dataSource, ToLongFunction<V> weigher, long maxWeight) {
    this.dataSource = dataSource;
    this.weigher = weigher;
    this.maxWeight = maxWeight;
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
      keep(query, revisions, fresh);
    }
    return fresh;
  }

  /** Keeps an answer, then drops the least recently used ones while the rows weigh too much. */
  private void keep(CoverageQuery query, String revisions, V value) {
    assert Thread.holdsLock(entries);
    Entry<V> entry = new Entry<>(revisions, value, weigher.applyAsLong(value));
    Entry<V> replaced = entries.put(query, entry);
    weight += entry.weight() - (replaced == null ? 0 : replaced.weight());
    Iterator<Entry<V>> eldestFirst = entries.values().iterator();
    while (weight > maxWeight && entries.size() > 1) {
      Entry<V> eldest = eldestFirst.next();
      weight -= eldest.weight();
      eldestFirst.remove();
    }
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
          keep(q, revisions, fresh.get(q));
        }
      }
      out.putAll(fresh);
    }
    return out;
  }

  /** The answers held, and their weight together. */
  int size() {
    synchronized (entries) {
      return entries.size();
    }
  }

  long weight() {
    synchronized (entries) {
      return weight;
    }
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
