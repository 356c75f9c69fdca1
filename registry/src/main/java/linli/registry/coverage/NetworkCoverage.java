package linli.registry.coverage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import javax.sql.DataSource;
import linli.registry.NamedSql;
import linli.registry.SqlResource;
import linli.registry.coverage.straight.CategoryFacilities;
import linli.registry.coverage.network.DistanceField;
import linli.registry.coverage.network.RoadGraph;
import linli.registry.coverage.network.WalkingDistance;

/**
 * Coverage along the road network (shared API.md, "Walking distance"): one multi-source search
 * from every facility of the category at once over the cached road graph. Present questions read
 * the communities and facilities from the in-memory {@link FacilityIndex} (as straight questions
 * do) and keep them joined to the graph, and each category's whole search ({@link DistanceField}),
 * so that any distance asked of a category is read off its kept search, and a facility edit is
 * followed by searching only around the facilities that changed. Questions as of a past instant
 * are answered the same way from the registry as it then stood ({@link PastIndex}), their joins and
 * searches kept under the instant (the facilities then do not change until the history does).
 */
final class NetworkCoverage {
  /** A point farther than this from every walkable road cannot reach the network. */
  static final double MAX_LEG_M = 1_000;
  private static final NamedSql ANCHORS = NamedSql.parse(SqlResource.load(NetworkCoverage.class, "anchors.sql"));
  private static final NamedSql SOURCES = NamedSql.parse(SqlResource.load(NetworkCoverage.class, "sources.sql"));

  private final DataSource dataSource;
  private final RoadGraphCache graphs;
  private final FacilityIndex index;
  private final PastIndex past;
  /**
   * The latest communities asked (today's, and those of past instants when communities changed
   * since) joined to the graph, most recent first, while the graph is the current one.
   */
  private final List<JoinedAnchors> joinedAnchors = new ArrayList<>();
  private static final int MAX_JOINED_ANCHORS = 3;
  /**
   * Each category's counted facilities joined to the graph, while both are the current ones (dropped
   * with the category's kept search, so the same bound holds them).
   */
  private final Map<SourceKey, JoinedSources> joinedSources = new ConcurrentHashMap<>();
  /** Each category's whole search, kept while the graph is the current one and followed through facility edits. */
  private final Map<SourceKey, KeptSearch> keptSearches = new ConcurrentHashMap<>();
  /** When each kept search was last asked (a counter), so that the least recently asked goes first. */
  private final Map<SourceKey, Long> keptSearchUse = new ConcurrentHashMap<>();
  private final AtomicLong useClock = new AtomicLong();
  /**
   * Bytes of kept searches held at most ({@link #keptSearchBytes}: about 12 per graph node each,
   * 29 MB for the 16x city's 2.4 million nodes, so 26 of them; a city's are a few MB): each set of
   * statuses asked is a search of its own, and asking many must not grow the heap without end. A
   * search followed through an edit shares the pages the edit left alone with the one it replaces,
   * so a reader still holding the old one costs only the pages that changed.
   */
  static final long MAX_KEPT_SEARCH_BYTES = 768L << 20;
  private final long maxKeptSearchBytes;
  /** One join, search or kept-search update at a time per category: a second caller waits and reuses it. */
  private final Map<SourceKey, Object> joinLocks = new ConcurrentHashMap<>();

  private Object joinLock(SourceKey key) {
    return joinLocks.computeIfAbsent(key, k -> new Object());
  }

  NetworkCoverage(DataSource dataSource, RoadGraphCache graphs, FacilityIndex index) {
    this(dataSource, graphs, index, new PastIndex(dataSource, index), MAX_KEPT_SEARCH_BYTES);
  }

  NetworkCoverage(DataSource dataSource, RoadGraphCache graphs, FacilityIndex index, PastIndex past,
      long maxKeptSearchBytes) {
    this.maxKeptSearchBytes = maxKeptSearchBytes;
    this.dataSource = dataSource;
    this.graphs = graphs;
    this.index = index;
    this.past = past;
  }

  record Anchor(String code, String name, String districtCode, String district, String streetCode, String street,
      long population, double lon, double lat) {}

  record Source(long id, double lon, double lat) {}

  /** The communities and the facilities of the query, read in one snapshot, with the graph. */
  record Inputs(RoadGraph graph, List<Anchor> anchors, List<Source> sources) {}

  Inputs inputs(CoverageQuery query) throws SQLException {
    graphs.prepare(dataSource);
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
      try {
        RoadGraph graph = graphs.get(c);
        List<Anchor> anchors = readAnchors(c, query.district());
        Map<String, Object> values = new HashMap<>();
        values.put("category", query.category());
        values.put("statuses", query.statuses().toArray(String[]::new));
        List<Source> sources = new ArrayList<>();
        try (PreparedStatement ps = SOURCES.prepare(c, values); ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            sources.add(new Source(rs.getLong(1), rs.getDouble(2), rs.getDouble(3)));
          }
        }
        return new Inputs(graph, anchors, sources);
      } finally {
        c.rollback();
      }
    }
  }

  /** The current road graph (built once per road import, see {@link RoadGraphCache}). */
  RoadGraph graph() throws SQLException {
    return graphs.get(dataSource);
  }

  List<CommunityCoverage> communities(CoverageQuery query) throws SQLException {
    return communities(List.of(query)).get(0);
  }

  /**
   * Which facilities a search starts from: one search serves every distance and district asked of it.
   * {@code asOf}: the instant of a past question's facilities, null for today's.
   */
  private record SourceKey(String category, Set<String> statuses, Instant asOf) {}

  /** The communities' anchors (in code order) joined to {@code graph}, and each community's position by code. */
  private record JoinedAnchors(FacilityIndex.Communities communities, RoadGraph graph, WalkingDistance.Targets targets,
      Map<String, Integer> positions) {}

  /** A category's counted facilities joined to {@code graph}: source k is facility {@code members[k]}. */
  private record JoinedSources(CategoryFacilities facilities, RoadGraph graph, int[] members,
      WalkingDistance.Sources sources) {
    /**
     * These facilities' joins after {@code facilities} replaced them: those still counted at the same
     * place keep their joins (first, in their order here: {@code kept} gives their positions here),
     * the others are joined (after them). Null when more than half changed: joining and searching
     * everything again then costs about as much.
     */
    Rejoined rejoined(CategoryFacilities facilities, int[] counted) {
      // Each old facility's index in the new ones: from the patch that made them (no ids hashed), else by id.
      int[] renumbered = facilities.renumbering(this.facilities);
      Map<Long, Integer> now = null;
      boolean[] isCounted = new boolean[facilities.size()];
      for (int i : counted) {
        isCounted[i] = true;
      }
      if (renumbered == null) {
        now = new HashMap<>(2 * counted.length);
        for (int i : counted) {
          now.put(facilities.id(i), i);
        }
      }
      // The old joins in their order: those whose facility is still counted at the same place stay.
      int[] kept = new int[members.length];
      int[] newMembers = new int[counted.length];
      boolean[] stays = new boolean[facilities.size()];
      int keptCount = 0;
      for (int k = 0; k < members.length; k++) {
        int i = renumbered != null ? renumbered[members[k]] : now.getOrDefault(this.facilities.id(members[k]), -1);
        if (i >= 0 && isCounted[i] && this.facilities.lon(members[k]) == facilities.lon(i)
            && this.facilities.lat(members[k]) == facilities.lat(i)) {
          kept[keptCount] = k;
          newMembers[keptCount++] = i;
          stays[i] = true;
        }
      }
      int addedCount = counted.length - keptCount;
      if (2 * (addedCount + members.length - keptCount) > Math.max(members.length, counted.length)) {
        return null;
      }
      double[][] points = new double[addedCount][];
      int n = keptCount;
      for (int i : counted) {
        if (!stays[i]) {
          points[n - keptCount] = new double[] {facilities.lon(i), facilities.lat(i)};
          newMembers[n++] = i;
        }
      }
      int[] keptPositions = java.util.Arrays.copyOf(kept, keptCount);
      return new Rejoined(new JoinedSources(facilities, graph, newMembers, sources.only(keptPositions, points)),
          keptPositions);
    }

    /** The sources (ascending) that are the facilities with these ids; ids not counted here are left out. */
    int[] positions(Set<Long> ids) {
      long[] sorted = ids.stream().mapToLong(Long::longValue).sorted().toArray();
      return IntStream.range(0, members.length)
          .filter(k -> java.util.Arrays.binarySearch(sorted, facilities.id(members[k])) >= 0).toArray();
    }
  }

  /** New joins of a category's facilities; source k of them is source {@code kept[k]} of the joins they replace. */
  private record Rejoined(JoinedSources sources, int[] kept) {}

  /**
   * A category's whole search from {@code sources}, and the communities' distances read off it
   * ({@code metres}, exact, NaN where unreachable) while {@code anchors} are the current ones (both
   * null until asked): every distance asked of the category, and the "before" of every what-if.
   */
  private record KeptSearch(JoinedSources sources, DistanceField field, JoinedAnchors anchors, double[] metres) {}

  /**
   * The registry as a network question sees it, today's or as it stood at a past instant:
   * communities and sources joined to the current graph.
   */
  private final class Joined {
    final Instant asOf;
    final RoadGraph graph;
    final JoinedAnchors anchors;
    final Map<String, CategoryFacilities> facilities;

    Joined(Collection<String> categories) throws SQLException {
      this(null, categories);
    }

    /** As of {@code asOf} (null: today); an instant nothing changed since is today (its searches are today's). */
    Joined(Instant asOf, Collection<String> categories) throws SQLException {
      FacilityIndex.Snapshots snapshot;
      if (asOf == null) {
        snapshot = index.snapshot(categories);
        this.asOf = null;
      } else {
        PastIndex.AsOf then = past.at(asOf, categories);
        snapshot = then.snapshots();
        this.asOf = then.today() ? null : asOf;
      }
      graph = graph();
      anchors = joinedAnchors(snapshot.communities(), graph);
      facilities = snapshot.facilities();
      joinedSources.values().removeIf(j -> j.graph() != graph); // an older graph is not kept alive
      keptSearches.values().removeIf(s -> s.sources().graph() != graph);
      dropInstantsNotKept(this.asOf);
      keptSearchUse.keySet().retainAll(keptSearches.keySet());
    }

    /** Which facilities the question's search starts from. */
    SourceKey key(CoverageQuery q) {
      return new SourceKey(q.category(), Set.copyOf(q.statuses()), asOf);
    }

    JoinedSources sources(SourceKey key) {
      return joined(key, facilities.get(key.category()), graph);
    }

    /**
     * The exact walking distance from {@code sources} to every present community (NaN where
     * unreachable): read off the category's kept search when it is of these sources (searched
     * whole, or followed through the edits since), else one search over the whole graph, kept.
     */
    double[] distances(SourceKey key, JoinedSources sources) {
      KeptSearch kept = keptSearches.get(key);
      keptSearchUse.put(key, useClock.incrementAndGet());
      if (kept != null && kept.sources() == sources && kept.anchors() == anchors) {
        return kept.metres();
      }
      // Under the category's lock: a second caller waits for this search instead of running its own,
      // and a join of newer facilities cannot come between the check below and the keeping.
      synchronized (joinLock(key)) {
        kept = keptSearches.get(key);
        if (kept != null && kept.sources() == sources && kept.anchors() == anchors) {
          return kept.metres();
        }
        DistanceField field =
            kept != null && kept.sources() == sources ? kept.field() : DistanceField.of(sources.sources());
        double[] metres = field.distances(anchors.targets());
        if (joinedSources.get(key) == sources) { // else joined anew meanwhile: no later question asks of these
          keep(key, new KeptSearch(sources, field, anchors, metres));
        }
        return metres;
      }
    }
  }

  /**
   * Several present questions at once, each answered as {@link #communities(CoverageQuery)} would:
   * the communities and each category's facilities come from the in-memory {@link FacilityIndex},
   * joined to the graph once and kept while neither changes, and each category and status set
   * (not each distance or district) is read off its kept search, the categories spread over the
   * cores when they must be searched.
   */
  List<List<CommunityCoverage>> communities(List<CoverageQuery> queries) throws SQLException {
    Joined joined = joined(queries);
    Map<SourceKey, double[]> distances = distances(joined, queries);
    List<Anchor> anchors = joined.anchors.communities().anchors();
    List<List<CommunityCoverage>> out = new ArrayList<>(queries.size());
    for (CoverageQuery q : queries) {
      out.add(answer(q, anchors, distances.get(joined.key(q))));
    }
    return out;
  }

  /**
   * The registry as the questions (all of one instant, or all of today) see it, and the key of each
   * question's search: an instant nothing changed since asks today's.
   */
  private Joined joined(List<CoverageQuery> queries) throws SQLException {
    Instant asOf = queries.get(0).asOf();
    if (queries.stream().anyMatch(q -> !java.util.Objects.equals(q.asOf(), asOf))) {
      throw new IllegalArgumentException("questions of one instant only: " + queries);
    }
    return new Joined(asOf, queries.stream().map(CoverageQuery::category).distinct().toList());
  }

  /** Keeps {@code search}, dropping the least recently asked others while all of them exceed the bound. */
  private synchronized void keep(SourceKey key, KeptSearch search) {
    keptSearches.put(key, search);
    keptSearchUse.put(key, useClock.incrementAndGet());
    while (keptSearchBytes() > maxKeptSearchBytes && keptSearches.size() > 1) {
      SourceKey oldest = null;
      long oldestUse = Long.MAX_VALUE;
      for (SourceKey k : keptSearches.keySet()) {
        long use = keptSearchUse.getOrDefault(k, 0L);
        if (!k.equals(key) && use < oldestUse) {
          oldest = k;
          oldestUse = use;
        }
      }
      keptSearches.remove(oldest);
      keptSearchUse.remove(oldest);
      joinedSources.remove(oldest); // joined again (a few MB at province scale) when asked again
    }
  }

  /**
   * The bytes the kept searches hold: their fields' pages counted whole ({@link DistanceField#bytes()}:
   * about 12 per graph node per search; each key's chain of edits shares no page with another key's,
   * so the sum is what they hold), and the communities' distances read off them. A field replaced by
   * an edit and still held by a reader costs only the pages the edit copied, on top.
   */
  long keptSearchBytes() {
    long bytes = 0;
    for (KeptSearch s : keptSearches.values()) {
      bytes += s.field().bytes() + (s.metres() == null ? 0 : 16 + 8L * s.metres().length);
    }
    return bytes;
  }

  /**
   * Drops the joins, searches and locks of past instants no longer kept ({@link PastIndex#keptInstants}),
   * but {@code asking}'s: asked again, such an instant is read again, its categories made anew, so
   * nothing kept under it would serve, and the locks would grow with every instant ever asked.
   */
  private void dropInstantsNotKept(Instant asking) {
    if (joinLocks.keySet().stream().allMatch(k -> k.asOf() == null)) {
      return;
    }
    Set<Instant> kept = past.keptInstants();
    java.util.function.Predicate<SourceKey> dropped =
        k -> k.asOf() != null && !k.asOf().equals(asking) && !kept.contains(k.asOf());
    joinedSources.keySet().removeIf(dropped);
    keptSearches.keySet().removeIf(dropped);
    keptSearchUse.keySet().removeIf(dropped);
    joinLocks.keySet().removeIf(dropped);
  }

  /** The past instants anything is kept under: joins, searches or locks (for tests: dropped with their instant). */
  Set<Instant> instantsHeld() {
    Set<Instant> held = new java.util.HashSet<>();
    for (Map<SourceKey, ?> m : List.of(joinedSources, keptSearches, keptSearchUse, joinLocks)) {
      m.keySet().forEach(k -> {
        if (k.asOf() != null) {
          held.add(k.asOf());
        }
      });
    }
    return held;
  }

  /** How many categories' searches, and joined facilities, are kept (for tests: the bound holds). */
  int[] keptCounts() {
    return new int[] {keptSearches.size(), joinedSources.size()};
  }

  /**
   * Several present questions of one scope (district, statuses) asked only whether each community is
   * covered (life circles): the distances of {@link #communities(List)}, turned into flags without
   * per-community records or the coverage cache (13 answers of a province's 96,000 communities
   * would not fit it, each request pushing out the map's answers and its own).
   */
  CoveredCommunities covered(List<CoverageQuery> queries) throws SQLException {
    Joined joined = joined(queries);
    Map<SourceKey, double[]> distances = distances(joined, queries);
    CoveredCommunities.Scope scope =
        CoveredCommunities.Scope.of(joined.anchors.communities().anchors(), queries.get(0).district());
    List<boolean[]> covered = new ArrayList<>(queries.size());
    for (CoverageQuery q : queries) {
      double[] d = distances.get(joined.key(q));
      boolean[] flags = new boolean[scope.selected().length];
      for (int k = 0; k < flags.length; k++) {
        flags[k] = d[scope.selected()[k]] <= q.distanceM(); // NaN (unreachable) is not
      }
      covered.add(flags);
    }
    return new CoveredCommunities(scope.communities(), covered);
  }

  /** Each asked category's distances to every present community, read off its kept search, the categories spread over the cores. */
  private Map<SourceKey, double[]> distances(Joined joined, List<CoverageQuery> queries) {
    List<SourceKey> keys = queries.stream().map(joined::key).distinct().toList();
    Map<SourceKey, double[]> distances = new ConcurrentHashMap<>();
    (keys.size() == 1 ? keys.stream() : keys.parallelStream())
        .forEach(key -> distances.put(key, joined.distances(key, joined.sources(key))));
    return distances;
  }

  /** Walking distance from a proposed set of sources to every present community, by code. */
  record Reach(Map<String, Integer> positions, double[] metres) {
    /** The community's distance (+Infinity beyond the cutoff, NaN where unreachable or unknown). */
    double metres(String code) {
      Integer at = positions.get(code);
      return at == null ? Double.NaN : metres[at];
    }
  }

  /**
   * The walking distance to every present community from the nearest of {@code points} alone, exact
   * up to {@code cutoff} (+Infinity beyond it): a search bounded by the cutoff, so a proposed site
   * costs the roads within the distance of it, not the whole graph.
   */
  Reach reach(List<double[]> points, double cutoff) throws SQLException {
    Joined joined = new Joined(List.of());
    WalkingDistance.Sources sources =
        WalkingDistance.sources(joined.graph, points.toArray(double[][]::new), MAX_LEG_M);
    return new Reach(joined.anchors.positions(), WalkingDistance.nearest(sources, joined.anchors.targets(), cutoff));
  }

  /**
   * Every present community's walking distance, today and had a change been made, both from one
   * snapshot; each exact up to the cutoff, beyond it +Infinity or NaN (unreachable, or not searched).
   */
  record Comparison(List<Anchor> anchors, double[] before, double[] after) {}

  /** Slack for rounding in the bounds below: searching a little farther only adds work, never an error. */
  private static final double ROUNDING_M = 1;

  /**
   * The walking distance to every present community from the question's facilities as they are,
   * and had {@code removed} (ids; those not counted by the question change nothing) been closed and
   * {@code added} sites opened, both exact up to {@code cutoff} and both from the same snapshot of
   * facilities, communities and roads (a change committed meanwhile cannot show as the proposal's
   * doing).
   *
   * <p>Before is read off the category's kept search of this snapshot ({@link Joined#distances}).
   * After is searched only where the change can matter. A community's distance can grow only if a
   * removed facility r was within the cutoff of it (it is then within the cutoff of the closed
   * facilities' own search): its new distance comes from a search of the sites and the remaining
   * facilities f that can be within the cutoff of it. Walking distance (leg + walk along the roads
   * between the two joins + leg) obeys the triangle inequality through the community's join, so such
   * an f is within 2 x cutoff of r, legs included, and the walk from r's join to f's passes an end of
   * f's edge within that distance or stays on one edge ({@link WalkingDistance#near}). Everyone else
   * keeps a facility as near as before: after = the nearer of before and that search.
   */
  Comparison changed(CoverageQuery query, Set<Long> removed, List<double[]> added, double cutoff) throws SQLException {
    Joined joined = new Joined(List.of(query.category()));
    SourceKey key = joined.key(query);
    JoinedSources today = joined.sources(key);
    double[] before = joined.distances(key, today);
    WalkingDistance.Targets targets = joined.anchors.targets();
    int[] closedAt = today.positions(removed);
    WalkingDistance.Sources closed = today.sources().only(closedAt, new double[0][]);
    double[] fromClosed = WalkingDistance.nearest(closed, targets, cutoff + ROUNDING_M);
    int[] remainingNear = IntStream.of(WalkingDistance.near(closed, today.sources(), 2 * (cutoff + ROUNDING_M)))
        .filter(k -> java.util.Arrays.binarySearch(closedAt, k) < 0).toArray();
    double[] fromChanged = WalkingDistance.nearest(today.sources().only(remainingNear, added.toArray(double[][]::new)),
        targets, cutoff);
    double[] was = new double[before.length];
    double[] now = new double[before.length];
    for (int i = 0; i < before.length; i++) {
      was[i] = before[i] > cutoff ? Double.POSITIVE_INFINITY : before[i];
      now[i] = fromClosed[i] <= cutoff + ROUNDING_M ? fromChanged[i] : nearer(was[i], fromChanged[i]);
    }
    return new Comparison(joined.anchors.communities().anchors(), was, now);
  }

  /** The smaller of two distances, NaN (unreachable) counting as farther than any. */
  private static double nearer(double a, double b) {
    return Double.isNaN(a) ? b : Double.isNaN(b) ? a : Math.min(a, b);
  }

  private JoinedAnchors joinedAnchors(FacilityIndex.Communities communities, RoadGraph graph) {
    synchronized (joinedAnchors) {
      for (JoinedAnchors kept : joinedAnchors) {
        if (kept.communities() == communities && kept.graph() == graph) {
          joinedAnchors.remove(kept);
          joinedAnchors.add(0, kept);
          return kept;
        }
      }
    }
    List<Anchor> anchors = communities.anchors();
    double[][] points = new double[anchors.size()][];
    Map<String, Integer> positions = new HashMap<>(2 * anchors.size());
    for (int i = 0; i < points.length; i++) {
      points[i] = new double[] {anchors.get(i).lon(), anchors.get(i).lat()};
      positions.put(anchors.get(i).code(), i);
    }
    JoinedAnchors fresh = new JoinedAnchors(communities, graph, WalkingDistance.targets(graph, points, MAX_LEG_M),
        Map.copyOf(positions));
    synchronized (joinedAnchors) {
      joinedAnchors.removeIf(j -> j.graph() != graph);
      joinedAnchors.add(0, fresh);
      while (joinedAnchors.size() > MAX_JOINED_ANCHORS) {
        joinedAnchors.remove(joinedAnchors.size() - 1);
      }
    }
    return fresh;
  }

  /**
   * The category's counted facilities joined to the graph: the kept joins while the facilities are
   * the same; after an edit, the joins of the facilities that did not move are kept and the
   * category's kept search follows the edit ({@link DistanceField#changed}) instead of being dropped.
   */
  private JoinedSources joined(SourceKey key, CategoryFacilities facilities, RoadGraph graph) {
    synchronized (joinLock(key)) {
      JoinedSources kept = joinedSources.get(key);
      if (kept != null && kept.facilities() == facilities && kept.graph() == graph) {
        return kept;
      }
      int[] members = IntStream.range(0, facilities.size())
          .filter(i -> key.statuses().contains(facilities.status(i))).toArray();
      Rejoined rejoined = kept != null && kept.graph() == graph ? kept.rejoined(facilities, members) : null;
      KeptSearch search = keptSearches.get(key);
      if (rejoined != null) {
        joinedSources.put(key, rejoined.sources());
        if (search != null && search.sources() == kept) {
          keep(key, new KeptSearch(rejoined.sources(),
              search.field().changed(rejoined.sources().sources(), rejoined.kept()), null, null));
        }
        return rejoined.sources();
      }
      double[][] points = new double[members.length][];
      for (int k = 0; k < members.length; k++) {
        points[k] = new double[] {facilities.lon(members[k]), facilities.lat(members[k])};
      }
      JoinedSources fresh =
          new JoinedSources(facilities, graph, members, WalkingDistance.sources(graph, points, MAX_LEG_M));
      joinedSources.put(key, fresh);
      keptSearches.remove(key); // searched from the facilities these replace
      keptSearchUse.remove(key);
      return fresh;
    }
  }

  private static List<Anchor> readAnchors(Connection c, String district) throws SQLException {
    Map<String, Object> values = new HashMap<>();
    values.put("district", district);
    List<Anchor> anchors = new ArrayList<>();
    try (PreparedStatement ps = ANCHORS.prepare(c, values); ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        anchors.add(new Anchor(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
            rs.getString(6), rs.getLong(7), rs.getDouble(8), rs.getDouble(9)));
      }
    }
    return anchors;
  }

  /** The communities of {@code anchors} with their walking distances {@code d} (NaN: unreachable). */
  private static List<CommunityCoverage> answer(CoverageQuery query, List<Anchor> anchors, double[] d) {
    List<CommunityCoverage> out = new ArrayList<>();
    for (int i = 0; i < d.length; i++) {
      Anchor a = anchors.get(i);
      if (!StraightCoverage.inDistrict(a, query.district())) {
        continue;
      }
      boolean reachable = Double.isFinite(d[i]);
      out.add(new CommunityCoverage(a.code(), a.name(), a.districtCode(), a.district(), a.streetCode(),
          a.street(), a.population(),
          reachable ? Math.round(d[i] * 10) / 10.0 : null, reachable && d[i] <= query.distanceM(), a.lon(), a.lat()));
    }
    return out;
  }
}
