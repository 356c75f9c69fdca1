package linli.registry.coverage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import linli.registry.NamedSql;
import linli.registry.RegistryChanges;
import linli.registry.SqlResource;
import linli.registry.coverage.straight.CategoryFacilities;
import linli.registry.coverage.straight.PostgisGeodesic;

/**
 * The communities' anchors and each category's facilities in memory, for straight-line coverage,
 * kept in step with the registry. Every use reads the layers' revisions (one small query, as
 * {@link CoverageCache} does). Communities are reloaded when the community, street or district
 * revision moved. A category is reloaded when the facility revision moved and the change feed
 * ({@link RegistryChanges}) announced a change of that category since it was loaded; after a move
 * the feed is first caught up (one round trip on its connection), so every change committed before
 * the revision was read has been counted. Without a feed (or while it is down, or after it
 * reconnected) any move of the facility revision reloads the category.
 *
 * <p>Each category has its own lock, and the communities theirs: reloading one category (seconds at
 * province scale) holds up only the questions that need that category, and two questions needing
 * the same stale category load it once. What a question gets is at least as new as the revisions it
 * read (revisions only grow), never older.
 */
final class FacilityIndex implements RegistryChanges.Subscriber, StraightCoverage.Referee {
  private static final NamedSql REVISIONS = sql("revisions.sql");
  private static final NamedSql ANCHORS = sql("anchors.sql");
  private static final NamedSql FACILITIES = sql("index_facilities.sql");
  private static final NamedSql PAIR_DISTANCES = sql("pair_distances.sql");

  /**
   * Every community's anchor with its ECEF position ({@code xyz[3i..3i+2]}), in code order, as of the
   * community, street and district {@code revisions} (in that order).
   */
  record Communities(long[] revisions, List<NetworkCoverage.Anchor> anchors, double[] xyz) {
    /** Whether these rows are at least as new as {@code wanted} (from {@link #communityRevisions}). */
    boolean atLeast(long[] wanted) {
      for (int i = 0; i < wanted.length; i++) {
        if (revisions[i] < wanted[i]) {
          return false;
        }
      }
      return true;
    }
  }

  /** What a straight question is answered from: both read from the committed registry. */
  record Snapshot(Communities communities, CategoryFacilities facilities) {}

  /** A category as loaded: at which facility revision, feed epoch and count of its announced changes. */
  private record Loaded(long revision, long epoch, long changes, CategoryFacilities facilities) {}

  private final DataSource dataSource;
  private volatile RegistryChanges feed;
  private volatile boolean listening;
  /** Moves whenever the feed starts or stops: changes may have gone unseen across it. */
  private final AtomicLong epoch = new AtomicLong();
  private final Map<String, AtomicLong> announced = new ConcurrentHashMap<>();
  private final AtomicLong announcedForAll = new AtomicLong();
  /** Written only under the category's lock ({@link #categoryLocks}). */
  private final Map<String, Loaded> categories = new ConcurrentHashMap<>();
  private final Map<String, Object> categoryLocks = new ConcurrentHashMap<>();
  private final Object communitiesLock = new Object();
  private volatile Communities communities; // written only under communitiesLock
  private final AtomicLong categoryLoads = new AtomicLong();

  FacilityIndex(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  private static NamedSql sql(String name) {
    return NamedSql.parse(SqlResource.load(FacilityIndex.class, name));
  }

  /** Learns of facility changes from {@code changes} from now on. */
  void follow(RegistryChanges changes) {
    this.feed = changes;
    changes.subscribe(this);
  }

  /** How many times a category was read from the database (for tests: an unrelated change reads none). */
  long categoryLoads() {
    return categoryLoads.get();
  }

  Snapshot snapshot(String category) throws SQLException {
    Snapshots both = snapshot(List.of(category));
    return new Snapshot(both.communities(), both.facilities().get(category));
  }

  /** The communities and several categories' facilities, the revisions read once for all of them. */
  record Snapshots(Communities communities, Map<String, CategoryFacilities> facilities) {}

  Snapshots snapshot(Collection<String> categories) throws SQLException {
    Map<String, Long> revisions;
    try (Connection c = dataSource.getConnection()) {
      revisions = revisions(c);
    }
    Communities current = communities(communityRevisions(revisions));
    long facilityRevision = revisions.getOrDefault("facility", 0L);
    List<String> asked = categories.stream().distinct().toList();
    RegistryChanges f = feed;
    if (f != null && asked.stream().map(this.categories::get)
        .anyMatch(held -> held != null && held.revision() < facilityRevision)) {
      // Once for all the categories asked (a round trip on the feed's connection, after its poll of up
      // to 20 ms): the changes committed before the revisions above are then announced, and each
      // category held can tell whether one of them was its own.
      f.catchUpAll();
    }
    return new Snapshots(current, categoriesAsOf(asked, facilityRevision));
  }

  /**
   * The categories at least as of {@code facilityRevision}; those to be read again (after edits) are
   * read side by side, each on its own pooled connection (a life-circle question asks 13 at once).
   */
  private Map<String, CategoryFacilities> categoriesAsOf(List<String> asked, long facilityRevision) throws SQLException {
    Map<String, CategoryFacilities> out = new HashMap<>();
    if (asked.size() == 1) {
      out.put(asked.get(0), category(asked.get(0), facilityRevision));
      return out;
    }
    Map<String, Object> read = new ConcurrentHashMap<>();
    asked.parallelStream().forEach(category -> {
      try {
        read.put(category, category(category, facilityRevision));
      } catch (SQLException e) {
        read.put(category, e);
      }
    });
    for (String category : asked) {
      if (read.get(category) instanceof SQLException e) {
        throw e;
      }
      out.put(category, (CategoryFacilities) read.get(category));
    }
    return out;
  }

  private Communities communities(long[] wanted) throws SQLException {
    Communities current = communities;
    if (current != null && current.atLeast(wanted)) {
      return current;
    }
    synchronized (communitiesLock) {
      current = communities;
      if (current == null || !current.atLeast(wanted)) {
        current = loadCommunities();
        communities = current;
      }
      return current;
    }
  }

  /** The category's facilities at least as of {@code facilityRevision}, loaded again only when it changed. */
  private CategoryFacilities category(String category, long facilityRevision) throws SQLException {
    synchronized (categoryLocks.computeIfAbsent(category, k -> new Object())) {
      Loaded loaded = categories.get(category);
      if (loaded != null && loaded.revision() < facilityRevision) {
        loaded = unchangedSince(category, loaded)
            ? new Loaded(facilityRevision, loaded.epoch(), loaded.changes(), loaded.facilities()) : null;
      }
      if (loaded == null) {
        loaded = loadCategory(category);
      }
      categories.put(category, loaded);
      return loaded.facilities();
    }
  }

  /**
   * Whether the feed has announced no change of the category since it was loaded ({@link #snapshot}
   * caught the feed up after reading the revision it asks for).
   */
  private boolean unchangedSince(String category, Loaded loaded) {
    return feed != null && listening && loaded.epoch() == epoch.get() && announced(category) == loaded.changes();
  }

  private long announced(String category) {
    AtomicLong n = announced.get(category);
    return announcedForAll.get() + (n == null ? 0 : n.get());
  }

  static long[] communityRevisions(Map<String, Long> revisions) {
    return new long[] {revisions.getOrDefault("community", 0L), revisions.getOrDefault("street", 0L),
        revisions.getOrDefault("district", 0L)};
  }

  static Map<String, Long> revisions(Connection c) throws SQLException {
    Map<String, Long> out = new HashMap<>();
    try (PreparedStatement ps = REVISIONS.prepare(c, Map.of()); ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        out.put(rs.getString(1), rs.getLong(2));
      }
    }
    return out;
  }

  /** Runs {@code read} in one REPEATABLE READ snapshot, so the revisions it reads are those of its rows. */
  private interface Read<T> {
    T read(Connection c, Map<String, Long> revisions) throws SQLException;
  }

  private <T> T inSnapshot(Read<T> read) throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
      try {
        return read.read(c, revisions(c));
      } finally {
        c.rollback();
        c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
        c.setAutoCommit(true);
      }
    }
  }

  private Communities loadCommunities() throws SQLException {
    return inSnapshot((c, revisions) -> {
      Map<String, Object> values = new HashMap<>();
      values.put("district", null);
      List<NetworkCoverage.Anchor> anchors = new ArrayList<>();
      try (PreparedStatement ps = ANCHORS.prepare(c, values); ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          anchors.add(new NetworkCoverage.Anchor(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
              rs.getString(5), rs.getString(6), rs.getLong(7), rs.getDouble(8), rs.getDouble(9)));
        }
      }
      double[] xyz = new double[3 * anchors.size()];
      for (int i = 0; i < anchors.size(); i++) {
        PostgisGeodesic.ecef(anchors.get(i).lon(), anchors.get(i).lat(), xyz, 3 * i);
      }
      return new Communities(communityRevisions(revisions), List.copyOf(anchors), xyz);
    });
  }

  private Loaded loadCategory(String category) throws SQLException {
    long epochBefore = epoch.get();
    long changesBefore = announced(category);
    categoryLoads.incrementAndGet();
    return inSnapshot((c, revisions) -> {
      int n = 0;
      long[] ids = new long[1024];
      double[] lons = new double[1024];
      double[] lats = new double[1024];
      String[] statuses = new String[1024];
      Map<String, String> interned = new HashMap<>();
      try (PreparedStatement ps = FACILITIES.prepare(c, Map.of("category", category))) {
        ps.setFetchSize(10_000);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            if (n == ids.length) {
              ids = Arrays.copyOf(ids, 2 * n);
              lons = Arrays.copyOf(lons, 2 * n);
              lats = Arrays.copyOf(lats, 2 * n);
              statuses = Arrays.copyOf(statuses, 2 * n);
            }
            ids[n] = rs.getLong(1);
            lons[n] = rs.getDouble(2);
            lats[n] = rs.getDouble(3);
            statuses[n++] = interned.computeIfAbsent(rs.getString(4), s -> s);
          }
        }
      }
      CategoryFacilities facilities = new CategoryFacilities(Arrays.copyOf(ids, n), Arrays.copyOf(lons, n),
          Arrays.copyOf(lats, n), Arrays.copyOf(statuses, n));
      return new Loaded(revisions.getOrDefault("facility", 0L), epochBefore, changesBefore, facilities);
    });
  }

  @Override
  public double[] distances(List<double[]> facilities, List<double[]> places) throws SQLException {
    Map<String, Object> values = new HashMap<>();
    values.put("f_lons", facilities.stream().map(p -> p[0]).toArray(Double[]::new));
    values.put("f_lats", facilities.stream().map(p -> p[1]).toArray(Double[]::new));
    values.put("p_lons", places.stream().map(p -> p[0]).toArray(Double[]::new));
    values.put("p_lats", places.stream().map(p -> p[1]).toArray(Double[]::new));
    double[] out = new double[facilities.size()];
    try (Connection c = dataSource.getConnection(); PreparedStatement ps = PAIR_DISTANCES.prepare(c, values);
        ResultSet rs = ps.executeQuery()) {
      for (int i = 0; i < out.length && rs.next(); i++) {
        out[i] = rs.getDouble(1);
      }
    }
    return out;
  }

  @Override
  public void changed(RegistryChanges.Change change) {
    if (!change.table().equals("facility")) {
      return; // communities follow their revision; divisions and roads hold no facility
    }
    if (change.categories() == null) {
      announcedForAll.incrementAndGet();
    } else {
      for (String category : change.categories()) {
        announced.computeIfAbsent(category, k -> new AtomicLong()).incrementAndGet();
      }
    }
  }

  @Override
  public void connected() {
    epoch.incrementAndGet();
    listening = true;
  }

  @Override
  public void lost() {
    listening = false;
    epoch.incrementAndGet();
  }
}
