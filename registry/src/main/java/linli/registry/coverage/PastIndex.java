package linli.registry.coverage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import javax.sql.DataSource;
import linli.registry.NamedSql;
import linli.registry.SqlResource;
import linli.registry.coverage.straight.CategoryFacilities;

/**
 * The registry as it stood at past instants, in memory, so that questions {@code as_of} an instant
 * are answered by the engines that answer today's: today's {@link FacilityIndex} with the
 * facilities changed since the instant replaced by the versions they then had
 * ({@code as_of_changed_facilities.sql}: V40 finds them through the history's time index), and the
 * communities as they then were (today's, when none changed since). A planner comparing dates asks
 * a few instants many questions; each instant is kept (the {@value #MAX_INSTANTS} latest asked, and
 * no more than {@link #MAX_BYTES} of them by estimate, the least recently asked going first) while
 * the registry's revisions stay those it was read at, and its categories with it, so their grids and
 * their joins to the road graph are made once. Whoever keeps more per instant (the network's joins
 * and searches) drops it with the instant ({@link #keptInstants}).
 *
 * <p>Exact: a facility without a history row after the instant (and not removed outright since)
 * stood then as it stands in today's index; the changed ones are read in a snapshot taken after
 * today's categories were, so no change that today's categories show is missing from them.
 */
final class PastIndex {
  static final int MAX_INSTANTS = 8;
  /**
   * Estimated bytes of kept instants held at most ({@link Past#bytes}): at province scale an instant
   * long ago changes hundreds of thousands of facilities, and a category made from today's is a copy
   * of it (10 categories of 144,000 facilities: about 90 MB), so eight of them must not be held
   * whatever their size.
   */
  static final long MAX_BYTES = 512L << 20;
  private static final NamedSql CHANGED = sql("as_of_changed_facilities.sql");
  private static final NamedSql COMMUNITIES_CHANGED = sql("as_of_communities_changed.sql");
  private static final NamedSql ANCHORS = sql("as_of_anchors.sql");

  private final DataSource dataSource;
  private final FacilityIndex present;
  private final long maxBytes;
  private final AtomicLong wholeReads = new AtomicLong();
  /** The latest instants asked, most recent last. Guarded by itself. */
  private final LinkedHashMap<Instant, Past> instants = new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<Instant, Past> eldest) {
      return size() > MAX_INSTANTS;
    }
  };

  PastIndex(DataSource dataSource, FacilityIndex present) {
    this(dataSource, present, MAX_BYTES);
  }

  PastIndex(DataSource dataSource, FacilityIndex present, long maxBytes) {
    this.dataSource = dataSource;
    this.present = present;
    this.maxBytes = maxBytes;
  }

  private static NamedSql sql(String name) {
    return NamedSql.parse(SqlResource.load(PastIndex.class, name));
  }

  /**
   * The facilities changed since an instant, each as it then stood ({@code category} null: it did not
   * exist or was deleted), sorted by id; and the communities then, when any changed since (else null).
   */
  private record Changes(long[] ids, String[] categories, String[] statuses, double[] lons, double[] lats,
      FacilityIndex.Communities communities) {}

  /** An instant as read at {@code revisions}, with each category made from one of today's. */
  private static final class Past {
    final Map<String, Long> revisions;
    final Changes changes;
    /** Per category: today's facilities it was made from, and the facilities then. Guarded by itself. */
    final Map<String, CategoryFacilities[]> categories = new HashMap<>();

    /** The estimated bytes of {@link #changes} (the communities then included), counted once. */
    final long changesBytes;
    /** The estimated bytes of the categories made so far. Guarded by {@link #categories}. */
    long categoriesBytes;

    Past(Map<String, Long> revisions, Changes changes) {
      this.revisions = revisions;
      this.changes = changes;
      this.changesBytes = bytes(changes);
    }

    /**
     * What this instant holds, estimated: per changed facility its id, place and two shared strings
     * (40 bytes); per community then, its record and strings; per facility of a category made from
     * today's, its id, place and status (28 bytes) and as much again for the grids built of it.
     */
    long bytes() {
      synchronized (categories) {
        return changesBytes + categoriesBytes;
      }
    }

    private static long bytes(Changes changes) {
      long bytes = 256 + 40L * changes.ids().length;
      FacilityIndex.Communities communities = changes.communities();
      if (communities != null) {
        bytes += 8L * communities.xyz().length;
        for (NetworkCoverage.Anchor a : communities.anchors()) {
          bytes += 80 + chars(a.code()) + chars(a.name()) + chars(a.districtCode()) + chars(a.district())
              + chars(a.streetCode()) + chars(a.street());
        }
      }
      return bytes;
    }

    private static long chars(String s) {
      return s == null ? 0 : 48 + 2L * s.length();
    }
  }

  /** The communities and the categories' facilities as they stood at {@code at}. */
  FacilityIndex.Snapshots snapshot(Instant at, Collection<String> categories) throws SQLException {
    return at(at, categories).snapshots();
  }

  /**
   * The registry at an instant, and whether it is today's own snapshot (nothing changed since the
   * instant, as read after today's), so that a question at the instant is today's question and the
   * present's kept answers and searches serve it. Decided from the same reads as the snapshot: a
   * separate "changed since?" read before today's would let a change committed in between (made
   * after the instant) into the past answer.
   */
  record AsOf(FacilityIndex.Snapshots snapshots, boolean today) {}

  AsOf at(Instant at, Collection<String> categories) throws SQLException {
    List<String> asked = categories.stream().distinct().toList();
    // Today's first: the changes are then read in a later snapshot, which holds every change these show.
    FacilityIndex.Snapshots today = present.snapshot(asked);
    Past past;
    for (int attempt = 1; ; attempt++) {
      past = past(at);
      // A transaction that started at or before the instant (its history rows are stamped with its
      // start) and committed between the two reads is in neither: not in today's, read before it, nor
      // among the changes since the instant. Today's read again after the changes must be the same
      // objects (then they stood so at the changes' revisions too); else both are read again.
      FacilityIndex.Snapshots again = present.snapshot(asked);
      if (same(today, again, asked)) {
        break;
      }
      if (attempt == MAX_ATTEMPTS) {
        // Today's moves under every read (a stream of writes): the slow way, exact without the check.
        return inOneSnapshot(at, asked);
      }
      today = again;
    }
    if (past.changes.ids().length == 0 && past.changes.communities() == null) {
      return new AsOf(today, true);
    }
    FacilityIndex.Communities communities =
        past.changes.communities() == null ? today.communities() : past.changes.communities();
    Map<String, CategoryFacilities> facilities = new HashMap<>();
    synchronized (past.categories) {
      for (String category : asked) {
        CategoryFacilities now = today.facilities().get(category);
        CategoryFacilities[] made = past.categories.get(category);
        if (made == null || made[0] != now) {
          CategoryFacilities[] was = made;
          made = new CategoryFacilities[] {now, then(category, now, past.changes)};
          past.categories.put(category, made);
          past.categoriesBytes += bytes(made) - (was == null ? 0 : bytes(was));
        }
        facilities.put(category, made[1]);
      }
    }
    bound(at);
    return new AsOf(new FacilityIndex.Snapshots(communities, facilities), false);
  }

  /** A category made from today's: nothing when it is today's own (no change touched it). */
  private static long bytes(CategoryFacilities[] made) {
    return made[1] == made[0] ? 0 : 64 + 56L * made[1].size();
  }

  /** Drops the least recently asked instants but {@code keep} while the kept ones' bytes exceed the bound. */
  private void bound(Instant keep) {
    synchronized (instants) {
      long total = 0;
      for (Past p : instants.values()) {
        total += p.bytes();
      }
      var eldest = instants.entrySet().iterator();
      while (total > maxBytes && eldest.hasNext()) {
        Map.Entry<Instant, Past> e = eldest.next();
        if (!e.getKey().equals(keep)) {
          total -= e.getValue().bytes();
          eldest.remove();
        }
      }
    }
  }

  /** The estimated bytes of the kept instants (for tests: the bound holds). */
  long bytes() {
    synchronized (instants) {
      return instants.values().stream().mapToLong(Past::bytes).sum();
    }
  }

  /**
   * The instants kept now: what is kept per instant elsewhere (the network's joins and searches)
   * goes when its instant is no longer among them, as an instant asked again is read again.
   */
  java.util.Set<Instant> keptInstants() {
    synchronized (instants) {
      return java.util.Set.copyOf(instants.keySet());
    }
  }

  private static final int MAX_ATTEMPTS = 4;

  /**
   * The instant read whole in one snapshot: the changes since it, the asked categories as they stand
   * and the communities, so no transaction can fall between two reads. Seconds at province scale (each
   * category read whole), and nothing of it kept: only when today's index moved under every attempt.
   */
  private AsOf inOneSnapshot(Instant at, List<String> asked) throws SQLException {
    wholeReads.incrementAndGet();
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
      try {
        Map<String, Long> revisions = FacilityIndex.revisions(c);
        Changes changes = changes(c, at, revisions);
        FacilityIndex.Communities communities = changes.communities() != null ? changes.communities()
            : FacilityIndex.readCommunities(c, revisions);
        Map<String, CategoryFacilities> facilities = new HashMap<>();
        for (String category : asked) {
          facilities.put(category, then(category, FacilityIndex.readCategory(c, category), changes));
        }
        return new AsOf(new FacilityIndex.Snapshots(communities, facilities), false);
      } finally {
        c.rollback();
      }
    }
  }

  /** How many past questions were read whole in one snapshot (for tests). */
  long wholeReads() {
    return wholeReads.get();
  }

  private static boolean same(FacilityIndex.Snapshots a, FacilityIndex.Snapshots b, List<String> categories) {
    if (a.communities() != b.communities()) {
      return false;
    }
    for (String category : categories) {
      if (a.facilities().get(category) != b.facilities().get(category)) {
        return false;
      }
    }
    return true;
  }

  /** How many instants are kept (for tests). */
  int kept() {
    synchronized (instants) {
      return instants.size();
    }
  }

  /** The instant as kept, when the registry has not changed since it was read; else read again. */
  private Past past(Instant at) throws SQLException {
    Map<String, Long> revisions;
    try (Connection c = dataSource.getConnection()) {
      revisions = FacilityIndex.revisions(c);
    }
    synchronized (instants) {
      // Revisions only grow: an instant read at older ones is never served again, and would keep
      // its changes and the categories made from today's (and their grids) alive until pushed out.
      instants.values().removeIf(p -> behind(p.revisions, revisions));
      Past kept = instants.get(at);
      if (kept != null && kept.revisions.equals(revisions)) {
        return kept;
      }
    }
    Past fresh = read(at);
    if (fresh.changes.ids().length == 0 && fresh.changes.communities() == null) {
      // Today's question (an instant from the clock: a comparison or district report up to now, a day
      // picked as today): cheap to read again, and kept it would push out an instant that is not.
      return fresh;
    }
    synchronized (instants) {
      instants.put(at, fresh);
    }
    bound(at);
    return fresh;
  }

  /** Whether {@code kept} is behind {@code now} in some layer. */
  private static boolean behind(Map<String, Long> kept, Map<String, Long> now) {
    for (Map.Entry<String, Long> e : now.entrySet()) {
      if (kept.getOrDefault(e.getKey(), 0L) < e.getValue()) {
        return true;
      }
    }
    return false;
  }

  private Past read(Instant at) throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
      try {
        Map<String, Long> revisions = FacilityIndex.revisions(c);
        return new Past(revisions, changes(c, at, revisions));
      } finally {
        c.rollback();
      }
    }
  }

  /** The facilities changed since {@code at} as they then stood, and the communities then, read on {@code c}. */
  private static Changes changes(Connection c, Instant at, Map<String, Long> revisions) throws SQLException {
    Map<String, Object> values = new HashMap<>();
    values.put("as_of", HistoricalCoverage.timestamp(at));
    values.put("district", null);
    int n = 0;
    long[] ids = new long[256];
    String[] categories = new String[256];
    String[] statuses = new String[256];
    double[] lons = new double[256];
    double[] lats = new double[256];
    Map<String, String> interned = new HashMap<>();
    try (PreparedStatement ps = CHANGED.prepare(c, values)) {
      ps.setFetchSize(10_000);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          if (n == ids.length) {
            ids = Arrays.copyOf(ids, 2 * n);
            categories = Arrays.copyOf(categories, 2 * n);
            statuses = Arrays.copyOf(statuses, 2 * n);
            lons = Arrays.copyOf(lons, 2 * n);
            lats = Arrays.copyOf(lats, 2 * n);
          }
          ids[n] = rs.getLong(1);
          String category = rs.getString(2);
          categories[n] = category == null ? null : interned.computeIfAbsent(category, s -> s);
          String status = rs.getString(3);
          statuses[n] = status == null ? null : interned.computeIfAbsent(status, s -> s);
          lons[n] = rs.getDouble(4);
          lats[n++] = rs.getDouble(5);
        }
      }
    }
    return sortedById(n, ids, categories, statuses, lons, lats, communitiesThen(c, values, revisions));
  }

  /** The communities at the instant, or null when none changed since (today's then serve). */
  private static FacilityIndex.Communities communitiesThen(Connection c, Map<String, Object> values,
      Map<String, Long> revisions) throws SQLException {
    try (PreparedStatement ps = COMMUNITIES_CHANGED.prepare(c, values); ResultSet rs = ps.executeQuery()) {
      rs.next();
      if (!rs.getBoolean(1)) {
        return null;
      }
    }
    return FacilityIndex.readCommunities(c, ANCHORS, values, revisions);
  }

  private static Changes sortedById(int n, long[] ids, String[] categories, String[] statuses, double[] lons,
      double[] lats, FacilityIndex.Communities communities) {
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Long.compare(ids[a], ids[b]));
    Changes sorted = new Changes(new long[n], new String[n], new String[n], new double[n], new double[n], communities);
    for (int k = 0; k < n; k++) {
      int i = order[k];
      sorted.ids()[k] = ids[i];
      sorted.categories()[k] = categories[i];
      sorted.statuses()[k] = statuses[i];
      sorted.lons()[k] = lons[i];
      sorted.lats()[k] = lats[i];
    }
    return sorted;
  }

  /**
   * The category's facilities at the instant: today's, less every facility changed since, plus the
   * changed ones that were of the category then ({@link CategoryFacilities#patched}, as an edit
   * patches today's: in today's order, then the changed ones by id). Today's own when no change
   * touched the category.
   */
  private static CategoryFacilities then(String category, CategoryFacilities now, Changes changes) {
    if (!touches(category, now, changes)) {
      return now;
    }
    int[] ofCategory = IntStream.range(0, changes.ids().length)
        .filter(k -> category.equals(changes.categories()[k])).toArray();
    return now.patched(changes.ids(), IntStream.of(ofCategory).mapToLong(k -> changes.ids()[k]).toArray(),
        IntStream.of(ofCategory).mapToDouble(k -> changes.lons()[k]).toArray(),
        IntStream.of(ofCategory).mapToDouble(k -> changes.lats()[k]).toArray(),
        IntStream.of(ofCategory).mapToObj(k -> changes.statuses()[k]).toArray(String[]::new));
  }

  private static boolean touches(String category, CategoryFacilities now, Changes changes) {
    for (String then : changes.categories()) {
      if (category.equals(then)) {
        return true;
      }
    }
    for (int i = 0; i < now.size(); i++) {
      if (Arrays.binarySearch(changes.ids(), now.id(i)) >= 0) {
        return true;
      }
    }
    return false;
  }
}
