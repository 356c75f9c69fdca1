package linli.registry.coverage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
 * revision moved. A category is brought up to date when the facility revision moved and the change
 * feed ({@link RegistryChanges}) announced a change of that category since it was loaded; after a
 * move the feed is first caught up (one round trip on its connection), so every change committed
 * before the revision was read has been counted. The feed names the facilities a statement touched
 * (V41, up to 128 of them): the category is then patched with those rows read again (one query for
 * every category of a question) instead of read whole; a change naming none (an import, TRUNCATE)
 * reads it whole. Without a feed (or while it is down, or after it reconnected) any move of the
 * facility revision reads the category whole.
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
  private static final NamedSql TOUCHED = sql("touched_facilities.sql");
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

  /**
   * A category as loaded: at which facility revision and feed epoch, and how many of its own changes
   * ({@link Announcements#changes}) and of changes of every category the feed had announced before it
   * was read (it holds at least those).
   */
  private record Loaded(long revision, long epoch, long changes, long changesOfAll, CategoryFacilities facilities) {}

  /** One announced change of a category: its number among the category's changes and the facilities it named. */
  private record Named(long number, Set<Long> ids) {}

  /** The facilities touched by a category's changes after some point, ascending (null: not all named), up to its {@code changes}-th change. */
  private record Touched(long changes, long[] ids) {}

  /**
   * What the feed announced of one category: how many changes, and the facilities each named since
   * the category was last brought up to date (or since the last change that named none).
   */
  private static final class Announcements {
    /** Ids held at most (a category edited often and asked rarely): beyond it the changes count as naming none. */
    static final int MAX_NAMED_IDS = 50_000;
    private long changes;
    /** The number of the latest change that named no facilities (0: none). */
    private long unnamed;
    private final ArrayDeque<Named> named = new ArrayDeque<>();
    private int namedIds;

    synchronized void add(Set<Long> ids) {
      changes++;
      if (ids == null || namedIds + ids.size() > MAX_NAMED_IDS) {
        unnamed = changes;
        named.clear();
        namedIds = 0;
      } else {
        named.addLast(new Named(changes, ids));
        namedIds += ids.size();
      }
    }

    synchronized long changes() {
      return changes;
    }

    /** The facilities touched by the changes after the {@code after}-th. */
    synchronized Touched since(long after) {
      if (unnamed > after) {
        return new Touched(changes, null);
      }
      long[] ids = named.stream().filter(n -> n.number() > after).flatMap(n -> n.ids().stream())
          .mapToLong(Long::longValue).sorted().distinct().toArray();
      return new Touched(changes, ids);
    }

    /** The changes up to the {@code upTo}-th are held by the category: their ids are needed no more. */
    synchronized void forget(long upTo) {
      while (!named.isEmpty() && named.peekFirst().number() <= upTo) {
        namedIds -= named.removeFirst().ids().size();
      }
    }
  }

  private final DataSource dataSource;
  private volatile RegistryChanges feed;
  private volatile boolean listening;
  /** Moves whenever the feed starts or stops: changes may have gone unseen across it. */
  private final AtomicLong epoch = new AtomicLong();
  private final Map<String, Announcements> announced = new ConcurrentHashMap<>();
  /** Changes announced of any category at all (TRUNCATE, an unreadable payload): every category is read whole. */
  private final AtomicLong announcedForAll = new AtomicLong();
  /** Written only under the category's lock ({@link #categoryLocks}). */
  private final Map<String, Loaded> categories = new ConcurrentHashMap<>();
  private final Map<String, Object> categoryLocks = new ConcurrentHashMap<>();
  private final Object communitiesLock = new Object();
  private volatile Communities communities; // written only under communitiesLock
  private final AtomicLong categoryLoads = new AtomicLong();
  private final AtomicLong categoryPatches = new AtomicLong();

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

  /** How many times a category was read whole from the database (for tests: an unrelated change reads none). */
  long categoryLoads() {
    return categoryLoads.get();
  }

  /** How many times a category was patched with the facilities the feed named (for tests). */
  long categoryPatches() {
    return categoryPatches.get();
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
    boolean caughtUp = false;
    if (f != null && asked.stream().map(this.categories::get)
        .anyMatch(held -> held != null && held.revision() < facilityRevision)) {
      // Once for all the categories asked (a round trip on the feed's connection, after its poll of up
      // to 20 ms): the changes committed before the revisions above are then announced, and each
      // category held can tell whether one of them was its own, and which facilities they touched.
      caughtUp = f.catchUpAll();
    }
    return new Snapshots(current, categoriesAsOf(asked, facilityRevision, caughtUp));
  }

  /**
   * The categories at least as of {@code facilityRevision} ({@code caughtUp}: every change committed
   * before it has been announced). Those the feed names the touched facilities of are patched, with
   * one read for all of them; those to be read whole are read side by side, each on its own pooled
   * connection (a life-circle question asks 13 at once).
   */
  private Map<String, CategoryFacilities> categoriesAsOf(List<String> asked, long facilityRevision, boolean caughtUp)
      throws SQLException {
    Map<String, CategoryFacilities> out = new HashMap<>();
    Map<String, Patch> patches = new LinkedHashMap<>();
    List<String> rest = new ArrayList<>();
    for (String category : asked) {
      Loaded held = categories.get(category);
      if (held != null && held.revision() >= facilityRevision) {
        out.put(category, held.facilities());
        continue;
      }
      Touched touched = held != null && caughtUp && trusted(held) ? announcements(category).since(held.changes()) : null;
      // A patch reads the touched rows by id: past a quarter of the category, reading it whole costs as much.
      if (touched != null && touched.ids() != null && touched.ids().length > 0
          && touched.ids().length <= held.facilities().size() / 4 + 16) {
        patches.put(category, new Patch(held, touched));
      } else {
        rest.add(category); // unchanged, or read whole
      }
    }
    if (!patches.isEmpty()) {
      rest.addAll(patch(patches, facilityRevision, out));
    }
    if (rest.size() == 1) {
      out.put(rest.get(0), category(rest.get(0), facilityRevision, caughtUp));
      return out;
    }
    Map<String, Object> read = new ConcurrentHashMap<>();
    rest.parallelStream().forEach(category -> {
      try {
        read.put(category, category(category, facilityRevision, caughtUp));
      } catch (SQLException e) {
        read.put(category, e);
      }
    });
    for (String category : rest) {
      if (read.get(category) instanceof SQLException e) {
        throw e;
      }
      out.put(category, (CategoryFacilities) read.get(category));
    }
    return out;
  }

  /** A category to bring up to date from {@code held} by reading the facilities {@code touched} again. */
  private record Patch(Loaded held, Touched touched) {}

  /** A facility row read again for a patch. */
  private record Row(long id, String category, double lon, double lat, String status, boolean deleted) {}

  /**
   * Patches each category of {@code patches} with its touched facilities as one snapshot holds them,
   * into {@code out}; returns the categories that must be read whole instead.
   *
   * <p>Exact: every change committed up to {@code facilityRevision} was announced before the touched
   * ids were taken, and facility writers commit in the order of the revision (each holds the
   * revision row from its bump to its commit). A snapshot at that revision therefore differs from
   * the loaded category in the touched facilities only. A snapshot at a later revision (a write
   * committed meanwhile) does so too once the feed, caught up again, announced no further change of
   * the category; else the category is read whole.
   */
  private List<String> patch(Map<String, Patch> patches, long facilityRevision, Map<String, CategoryFacilities> out)
      throws SQLException {
    Long[] ids = patches.values().stream().flatMapToLong(p -> Arrays.stream(p.touched().ids())).sorted().distinct()
        .boxed().toArray(Long[]::new);
    List<Row> rows = new ArrayList<>();
    long[] snapshotRevision = new long[1];
    inSnapshot((c, revisions) -> {
      snapshotRevision[0] = revisions.getOrDefault("facility", 0L);
      try (PreparedStatement ps = TOUCHED.prepare(c, Map.of("ids", ids)); ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          rows.add(new Row(rs.getLong(1), rs.getString(2), rs.getDouble(3), rs.getDouble(4), rs.getString(5),
              rs.getBoolean(6)));
        }
      }
      return null;
    });
    rows.sort(java.util.Comparator.comparingLong(Row::id));
    boolean laterCaughtUp = snapshotRevision[0] == facilityRevision;
    if (!laterCaughtUp) {
      // Writes committed between the question's revision and the snapshot: once they are announced, a
      // category none of them touched is exact as of the snapshot.
      RegistryChanges f = feed;
      laterCaughtUp = f != null && f.catchUpAll();
    }
    List<String> readWhole = new ArrayList<>();
    for (Map.Entry<String, Patch> e : patches.entrySet()) {
      String category = e.getKey();
      Loaded held = e.getValue().held();
      Touched touched = e.getValue().touched();
      if (snapshotRevision[0] != facilityRevision && (!laterCaughtUp || !trusted(held)
          || announcements(category).changes() != touched.changes())) {
        readWhole.add(category);
        continue;
      }
      List<Row> now = rows.stream().filter(r -> !r.deleted() && r.category().equals(category)).toList();
      CategoryFacilities patched = held.facilities().patched(touched.ids(),
          now.stream().mapToLong(Row::id).toArray(), now.stream().mapToDouble(Row::lon).toArray(),
          now.stream().mapToDouble(Row::lat).toArray(), now.stream().map(Row::status).toArray(String[]::new));
      categoryPatches.incrementAndGet();
      synchronized (categoryLocks.computeIfAbsent(category, k -> new Object())) {
        // Kept unless another question brought the category up to date meanwhile (this answer is exact all the same).
        if (categories.get(category) == held) {
          categories.put(category, new Loaded(snapshotRevision[0], held.epoch(), touched.changes(),
              held.changesOfAll(), patched));
          announcements(category).forget(touched.changes());
        }
      }
      out.put(category, patched);
    }
    return readWhole;
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

  /** The category's facilities at least as of {@code facilityRevision}, read whole again unless unchanged. */
  private CategoryFacilities category(String category, long facilityRevision, boolean caughtUp) throws SQLException {
    synchronized (categoryLocks.computeIfAbsent(category, k -> new Object())) {
      Loaded loaded = categories.get(category);
      if (loaded != null && loaded.revision() < facilityRevision) {
        loaded = caughtUp && unchangedSince(category, loaded) ? new Loaded(facilityRevision, loaded.epoch(),
            loaded.changes(), loaded.changesOfAll(), loaded.facilities()) : null;
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
    return trusted(loaded) && announcements(category).changes() == loaded.changes();
  }

  /** Whether the feed has been listening since the category was loaded and announced no change of every category. */
  private boolean trusted(Loaded loaded) {
    return feed != null && listening && loaded.epoch() == epoch.get() && announcedForAll.get() == loaded.changesOfAll();
  }

  private Announcements announcements(String category) {
    return announced.computeIfAbsent(category, k -> new Announcements());
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

  /**
   * The communities' anchors {@code anchorsSql} reads (code, names, population, lon, lat; in code
   * order) with their ECEF positions, as of {@code revisions}: today's ({@code anchors.sql}) or a
   * past instant's ({@code as_of_anchors.sql}, {@link PastIndex}).
   */
  static Communities readCommunities(Connection c, NamedSql anchorsSql, Map<String, Object> values,
      Map<String, Long> revisions) throws SQLException {
    List<NetworkCoverage.Anchor> anchors = new ArrayList<>();
    try (PreparedStatement ps = anchorsSql.prepare(c, values); ResultSet rs = ps.executeQuery()) {
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
  }

  private Communities loadCommunities() throws SQLException {
    return inSnapshot((c, revisions) -> readCommunities(c, revisions));
  }

  /** Today's communities, read on {@code c} (whose snapshot {@code revisions} were read in). */
  static Communities readCommunities(Connection c, Map<String, Long> revisions) throws SQLException {
    Map<String, Object> values = new HashMap<>();
    values.put("district", null);
    return readCommunities(c, ANCHORS, values, revisions);
  }

  private Loaded loadCategory(String category) throws SQLException {
    long epochBefore = epoch.get();
    long changesBefore = announcements(category).changes();
    long changesOfAllBefore = announcedForAll.get();
    categoryLoads.incrementAndGet();
    return inSnapshot((c, revisions) -> new Loaded(revisions.getOrDefault("facility", 0L), epochBefore, changesBefore,
        changesOfAllBefore, readCategory(c, category)));
  }

  /** The live facilities of {@code category}, every status, read on {@code c}. */
  static CategoryFacilities readCategory(Connection c, String category) throws SQLException {
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
    return new CategoryFacilities(Arrays.copyOf(ids, n), Arrays.copyOf(lons, n), Arrays.copyOf(lats, n),
        Arrays.copyOf(statuses, n));
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
    boolean unreadable = change.table().isEmpty(); // may have been a facility change of any category
    if (!change.table().equals("facility") && !unreadable) {
      return; // communities follow their revision; divisions and roads hold no facility
    }
    if (change.categories() == null || unreadable) {
      announcedForAll.incrementAndGet();
    } else {
      for (String category : change.categories()) {
        announcements(category).add(change.ids());
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
