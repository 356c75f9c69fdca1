package linli.registry.coverage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import javax.sql.DataSource;
import linli.registry.NamedSql;
import linli.registry.RegistryChanges;
import linli.registry.SqlResource;
import linli.registry.category.Category;
import linli.registry.category.CategoryStore;

/** Read-only coverage engine: which communities have a facility of a category within walking distance. */
public final class CoverageAnalyzer {
  private static final NamedSql GEOJSON_FROM_VALUES =
      NamedSql.parse(SqlResource.load(CoverageAnalyzer.class, "communities_geojson_values.sql"));

  private final DataSource dataSource;
  private final NetworkCoverage network;
  private final FacilityIndex straight;
  private final CoverageCache<List<CommunityCoverage>> cache;
  private final CapacityAnalyzer capacityAnalyzer;
  private final CoverageCache<Capacity> capacityCache;
  /**
   * Reports of present questions (without capacity), weighed by their unserved communities: at
   * province scale the breakdowns by street and district of 96,000 communities took a third of a
   * cached answer's time.
   */
  private final CoverageCache<CoverageReport> reportCache;
  static final long MAX_CACHED_REPORT_ROWS = 500_000;
  private final PastIndex pastIndex;
  private final HistoricalCoverage past;
  private final RegistryHistory history;

  public CoverageAnalyzer(DataSource dataSource) {
    this(dataSource, new RoadGraphCache());
  }

  public CoverageAnalyzer(DataSource dataSource, RoadGraphCache graphs) {
    this.dataSource = dataSource;
    this.straight = new FacilityIndex(dataSource);
    this.pastIndex = new PastIndex(dataSource, straight);
    this.network = new NetworkCoverage(dataSource, graphs, straight, pastIndex, NetworkCoverage.MAX_KEPT_SEARCH_BYTES);
    this.cache = new CoverageCache<>(dataSource, List::size, MAX_CACHED_COMMUNITY_ROWS);
    this.capacityAnalyzer = new CapacityAnalyzer(dataSource, graphs);
    this.capacityCache = new CoverageCache<>(dataSource);
    this.reportCache = new CoverageCache<>(dataSource, r -> r.uncovered().size() + 1L, MAX_CACHED_REPORT_ROWS);
    this.past = new HistoricalCoverage(dataSource, pastIndex);
    this.history = new RegistryHistory(dataSource);
  }

  /** Where the history that past questions are answered from begins. */
  public RegistryHistory history() {
    return history;
  }

  NetworkCoverage network() {
    return network;
  }

  /** The in-memory facilities and anchors straight-line questions are answered from. */
  FacilityIndex straight() {
    return straight;
  }

  /**
   * Learns of facility changes from the registry's change feed, so an edit of one category does not
   * reload the others (without it, any facility change reloads the category asked about).
   */
  public void followChanges(RegistryChanges changes) {
    straight.follow(changes);
  }

  /**
   * Loads what the first questions would otherwise wait for: every community and every category's
   * facilities into the in-memory index, each category's default question on the map with its
   * report (at province scale the caches keep ten or so of them, the first categories'; the code
   * that answers them is compiled either way), then the road graph and each category's search along
   * it (about 30 MB per category at province scale, within the kept searches' bound). Meant for a freshly started
   * instance, off the request threads (at province scale the index takes seconds and the graph tens
   * of seconds); changes committed meanwhile are caught up as on every question. Returns what it
   * loaded.
   */
  public String warmUp() throws SQLException {
    Map<String, Double> defaults = new LinkedHashMap<>();
    for (Category category : new CategoryStore(dataSource).all()) {
      defaults.put(category.code(), (double) category.defaultDistanceM());
    }
    FacilityIndex.Snapshots snapshot = straight.snapshot(defaults.keySet());
    int facilities = snapshot.facilities().values().stream().mapToInt(f -> f.size()).sum();
    // Each category's first question on the map (straight, its default distance, open facilities):
    // answered, its report made and both cached, and the code that answers it compiled, before a
    // planner asks it. In reverse order: the caches keep the latest answers, and at province scale
    // only ten or so, so the ones kept are those of the first categories, the map's first among them
    // (the page opens on the first category); in order, the warm-up evicted exactly that one.
    List<Map.Entry<String, Double>> firstLast = new ArrayList<>(defaults.entrySet());
    Collections.reverse(firstLast);
    for (Map.Entry<String, Double> d : firstLast) {
      report(new CoverageQuery(d.getKey(), d.getValue(), CoverageMode.STRAIGHT, null,
          CoverageQuestion.DEFAULT_STATUSES));
    }
    int edges = network.graph().edgeCount();
    // Each category's whole search along the roads from its open facilities, kept: a network question
    // or a life circle along the roads then reads its distances off it. The first one after a start
    // searched the whole graph for each category it asked (1.75-2.3 s each at province scale, a life
    // circle asks ten or more). One category at a time, leaving the other core to the requests.
    for (String category : defaults.keySet()) {
      network.covered(List.of(new CoverageQuery(category, defaults.get(category), CoverageMode.NETWORK, null,
          CoverageQuestion.DEFAULT_STATUSES)));
    }
    return snapshot.communities().anchors().size() + " communities, " + facilities + " facilities in "
        + defaults.size() + " categories (each one's default question answered, and searched along the roads), "
        + edges + " walkable road edges";
  }

  /** Answers served from the cache, and answers computed (none cached, or made from older revisions). */
  public record CacheStats(long hits, long misses) {}

  /**
   * Community rows the coverage cache holds at most (a row is at most a few hundred bytes, its
   * strings largely shared), so a province's 80,000-community answers stay in the low hundreds of
   * MB instead of reaching a gigabyte; a city's answers still fit 64 times over.
   */
  static final long MAX_CACHED_COMMUNITY_ROWS = 1_000_000;

  public CacheStats cacheStats() {
    // A report served whole is a cached answer too; its community rows then are not asked again.
    return new CacheStats(cache.hits() + reportCache.hits(), cache.misses());
  }

  /**
   * Every community matching the query; cached until the registry changes. A past question
   * ({@link CoverageQuery#asOf()}) is its own cache key, so it is never served a present answer,
   * unless nothing has changed since its instant (see {@link CoverageCache#get(CoverageQuery,
   * CoverageCache.Computation, CoverageCache.Computation)}).
   */
  public List<CommunityCoverage> communities(CoverageQuery query) throws SQLException {
    if (query.isPast()) {
      return cache.get(query, () -> List.copyOf(compute(query)), () -> List.copyOf(compute(query.at(null))));
    }
    return cache.get(query, () -> List.copyOf(compute(query)));
  }

  /**
   * Several questions at once, each answered as {@link #communities(CoverageQuery)} answers it (and
   * cached under its own key): those not cached are computed together, per mode in one pass, so
   * the communities are read and placed once for all of them rather than once per question. Past
   * questions are answered one by one.
   */
  public Map<CoverageQuery, List<CommunityCoverage>> communities(Collection<CoverageQuery> queries)
      throws SQLException {
    Map<CoverageQuery, List<CommunityCoverage>> out = new LinkedHashMap<>();
    List<CoverageQuery> present = new ArrayList<>();
    for (CoverageQuery q : queries) {
      if (q.isPast()) {
        out.put(q, communities(q));
      } else if (!present.contains(q)) {
        present.add(q);
      }
    }
    if (!present.isEmpty()) {
      out.putAll(cache.getAll(present, this::computeTogether));
    }
    return out;
  }

  /**
   * Several questions of one scope (mode, district, statuses, instant), asked only whether each
   * community is covered: per question in the order asked, each community's {@code covered} as
   * {@link #communities(CoverageQuery)} answers it. Questions of the present are decided without
   * per-community records or the cache: straight from the in-memory index directly (no nearest
   * distances; that costs less than a cached answer's revisions query and lists), along the roads
   * from each category's kept search ({@link NetworkCoverage#covered}); past questions the same way
   * from the registry as it stood at their instant ({@link PastIndex}).
   */
  public CoveredCommunities covered(List<CoverageQuery> queries) throws SQLException {
    if (queries.isEmpty()) {
      return new CoveredCommunities(List.of(), List.of());
    }
    CoverageQuery first = queries.get(0);
    for (CoverageQuery q : queries) {
      if (q.mode() != first.mode() || !Objects.equals(q.district(), first.district())
          || !Set.copyOf(q.statuses()).equals(Set.copyOf(first.statuses())) || !Objects.equals(q.asOf(), first.asOf())) {
        throw new IllegalArgumentException("questions of one scope only: " + first + " and " + q);
      }
    }
    if (first.mode() == CoverageMode.STRAIGHT) {
      FacilityIndex.Snapshots snapshot =
          snapshot(first.asOf(), queries.stream().map(CoverageQuery::category).distinct().toList());
      return StraightCoverage.covered(queries, snapshot.communities(), snapshot.facilities(), straight);
    }
    return network.covered(queries);
  }

  /** The communities and the categories' facilities today ({@code asOf} null) or as they stood at {@code asOf}. */
  private FacilityIndex.Snapshots snapshot(java.time.Instant asOf, List<String> categories) throws SQLException {
    return asOf == null ? straight.snapshot(categories) : pastIndex.snapshot(asOf, categories);
  }

  private Map<CoverageQuery, List<CommunityCoverage>> computeTogether(List<CoverageQuery> queries)
      throws SQLException {
    Map<CoverageQuery, List<CommunityCoverage>> out = new HashMap<>();
    for (CoverageMode mode : CoverageMode.values()) {
      List<CoverageQuery> ofMode = queries.stream().filter(q -> q.mode() == mode).toList();
      if (ofMode.isEmpty()) {
        continue;
      }
      List<List<CommunityCoverage>> answers;
      if (mode == CoverageMode.NETWORK) {
        answers = network.communities(ofMode);
      } else {
        FacilityIndex.Snapshots snapshot =
            straight.snapshot(ofMode.stream().map(CoverageQuery::category).distinct().toList());
        answers = StraightCoverage.communities(ofMode, snapshot.communities(), snapshot.facilities(), straight);
      }
      for (int i = 0; i < ofMode.size(); i++) {
        out.put(ofMode.get(i), List.copyOf(answers.get(i)));
      }
    }
    return out;
  }

  /** What changed between the comparison's two instants (see {@link CoverageChanges}). */
  public CoverageChanges changes(CoverageQuery from, CoverageQuery to) throws SQLException {
    return CoverageChanges.of(from, to, communities(from), communities(to), past.facilities(from),
        past.facilities(to));
  }

  /** The answer today, or as of the query's instant: the same engines, over the registry as it then stood. */
  private List<CommunityCoverage> compute(CoverageQuery query) throws SQLException {
    if (query.mode() == CoverageMode.NETWORK) {
      return network.communities(query);
    }
    FacilityIndex.Snapshots snapshot = snapshot(query.asOf(), List.of(query.category()));
    return StraightCoverage.communities(List.of(query), snapshot.communities(), snapshot.facilities(), straight)
        .get(0);
  }

  public CoverageReport report(CoverageQuery query) throws SQLException {
    return report(query, false);
  }

  /** The report, with the capacity summary when {@code withCapacity}. */
  public CoverageReport report(CoverageQuery query, boolean withCapacity) throws SQLException {
    if (!withCapacity && !query.isPast()) {
      // The same instance while the registry is unchanged, so a caller may keep what it made of it.
      return reportCache.get(query, () -> CoverageReport.of(query, communities(query), null));
    }
    List<CommunityCoverage> selected = communities(query);
    return CoverageReport.of(query, selected,
        withCapacity ? CapacitySummary.of(capacity(query), selected, query.district() == null) : null);
  }

  /**
   * The floating catchment for the query's category, distance, mode and statuses, city-wide (the
   * district does not matter: a catchment crosses district lines); cached like coverage.
   */
  public Capacity capacity(CoverageQuery query) throws SQLException {
    if (query.isPast()) {
      throw new IllegalArgumentException("capacity is computed for the registry as it stands only");
    }
    CoverageQuery cityWide = new CoverageQuery(query.category(), query.distanceM(), query.mode(), null,
        query.statuses());
    return capacityCache.get(cityWide, () -> capacityAnalyzer.compute(cityWide, communities(cityWide)));
  }

  /** The communities as a GeoJSON FeatureCollection carrying {@code covered} and {@code nearest_m}. */
  public String communitiesGeoJson(CoverageQuery query) throws SQLException {
    return communitiesGeoJson(query, false);
  }

  /** As above, plus {@code access} and {@code overcrowded} per community when {@code withCapacity}. */
  public String communitiesGeoJson(CoverageQuery query, boolean withCapacity) throws SQLException {
    if (query.isPast() && !withCapacity) {
      return past.geoJson(query, communities(query));
    }
    return geoJson(communities(query), withCapacity ? capacity(query) : null);
  }

  /** Communities as GeoJSON carrying coverage values computed in Java. */
  private String geoJson(List<CommunityCoverage> communities, Capacity capacity) throws SQLException {
    Map<String, Object> values = new HashMap<>();
    values.put("with_capacity", capacity != null);
    values.put("access", communities.stream()
        .map(c -> capacity == null ? null : CapacitySummary.round(capacity.access().getOrDefault(c.code(), 0.0)))
        .toArray(Double[]::new));
    values.put("overcrowded", communities.stream()
        .map(c -> capacity == null ? null : Boolean.toString(capacity.overcrowded(c))).toArray(String[]::new));
    values.put("codes", communities.stream().map(CommunityCoverage::code).toArray(String[]::new));
    values.put("nearest", communities.stream().map(CommunityCoverage::nearestM).toArray(Double[]::new));
    values.put("covered", communities.stream().map(c -> Boolean.toString(c.covered())).toArray(String[]::new));
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = GEOJSON_FROM_VALUES.prepare(c, values);
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getString(1);
    }
  }

}
