package linli.registry.coverage;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.Year;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import linli.registry.Database;
import linli.registry.city.CityData;
import linli.registry.city.CityLoader;
import linli.registry.indicator.Indicator;
import linli.registry.indicator.IndicatorCalculator;
import linli.registry.testing.FixtureCity;
import linli.registry.testing.PostgisExtension;
import linli.registry.testing.TestPostgis;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.MultiPolygon;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKBReader;

/**
 * {@code as_of} answers against a scratch registry rebuilt from the history: the registry lives
 * through random edits (facilities created, moved, reopened, closed, recategorised, deleted and
 * restored, removed outright; communities created, re-populated, their offices moved, removed), and at every instant
 * between them a second database is loaded with what the history rows say stood then (chosen
 * here, in Java, from every version: not by {@code facility_at}/{@code community_at}) and asked
 * the present question. The two answers must be equal, community by community; a comparison of
 * two instants must equal the difference of the two scratch answers. Facilities of the plan's other
 * categories live through edits of their own (category, status, opening date, capacity, community,
 * place, deletion, removal), so that the indicators as of each instant are checked against the scratch
 * registry's too.
 */
@ExtendWith(PostgisExtension.class)
class AsOfCoverageIT {
  private static final List<String> CATEGORIES = List.of("emergency_shelter", "fitness_venue");
  private static final int STEPS = 14;
  /** Categories the indicators count, edited apart from the coverage questions' (source below). */
  private static final List<String> INDICATOR_CATEGORIES = List.of("elderly_care_station", "community_hospital",
      "health_station", "police_office", "party_service_center", "science_site");
  private static final String INDICATOR_SOURCE = "as-of-it-indicators";
  /** The plan year asked: this one, so that updates made now count as updates in it. */
  private static final int YEAR = Year.now().getValue();

  private static Database db;
  private static CoverageAnalyzer analyzer;
  /** The instants between the steps: after the load, then after each step. */
  private static final List<Instant> instants = new ArrayList<>();
  /** Per instant, the scratch registry rebuilt from the history at it. */
  private static final Map<Instant, Scratch> scratches = new LinkedHashMap<>();

  /**
   * What the scratch registry rebuilt at one instant answers today (asked once, then dropped: one
   * database per instant would hold too many connections).
   */
  private record Scratch(Map<CoverageQuery, List<CommunityCoverage>> communities, CoverageReport report,
      String geoJson, List<Indicator> indicators, long urbanCareStationsImproved,
      Map<CoverageQuery, Set<String>> facilityKeys) {}

  /** The question whose report and GeoJSON are compared too. */
  private static final CoverageQuery REPORTED =
      new CoverageQuery("fitness_venue", 800, CoverageMode.STRAIGHT, null, List.of("open"));

  @BeforeAll
  static void liveThroughEdits(Database database) throws Exception {
    db = database;
    CityData fixture = FixtureCity.build();
    Random random = new Random(17);
    List<CityData.Facility> facilities = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      Point p = randomPoint(random);
      // Capacities and opening dates for the shelter and fitness indicators (coverage reads neither).
      facilities.add(new CityData.Facility(CATEGORIES.get(i % 2), "设施" + i, null, i % 5 == 0 ? "planned" : "open",
          i % 3 == 0 ? null : 100, null, null, i % 4 == 0 ? LocalDate.of(YEAR, 5, 1) : null, "as-of-it", "seed" + i, p));
    }
    facilities.addAll(indicatorFacilities());
    new CityLoader(db.dataSource()).load(new CityData(fixture.districts(), fixture.streets(), fixture.communities(),
        facilities, FixtureCity.walkableGrid()));
    analyzer = new CoverageAnalyzer(db.dataSource());
    mark();
    Random indicatorRandom = new Random(23);
    int newCommunities = 0;
    for (int step = 0; step < STEPS; step++) {
      try (Connection c = db.dataSource().getConnection()) {
        c.setAutoCommit(false);
        int ops = 1 + random.nextInt(3);
        for (int op = 0; op < ops; op++) {
          int kind = random.nextInt(11);
          if (kind == 9) {
            newCommunities += communityEdit(c, random, newCommunities);
          } else {
            facilityEdit(c, random, kind, step * 10 + op);
          }
        }
        for (int op = 0; op < 3; op++) {
          indicatorFacilityEdit(c, indicatorRandom, step * 3 + op, step * 10 + op);
        }
        c.commit();
      }
      mark();
    }
    for (Instant at : instants) {
      scratches.put(at, rebuild(at));
    }
  }

  @Test
  void straightAsOfEqualsTheScratchRegistryAtEveryInstant() throws SQLException {
    int differentFromToday = 0;
    for (Instant at : instants) {
      for (CoverageQuery q : questions(CoverageMode.STRAIGHT)) {
        List<CommunityCoverage> past = analyzer.communities(q.at(at));
        assertThat(past).as(q + " at " + at).isEqualTo(scratches.get(at).communities().get(q));
        if (!past.equals(analyzer.communities(q))) {
          differentFromToday++;
        }
      }
    }
    // The edits did move coverage, and the cache kept the past apart from the present.
    assertThat(differentFromToday).isGreaterThan(5);
  }

  @Test
  void networkAsOfEqualsTheScratchRegistryAtEveryInstant() throws SQLException {
    for (Instant at : instants) {
      for (CoverageQuery q : questions(CoverageMode.NETWORK)) {
        assertThat(analyzer.communities(q.at(at))).as(q + " at " + at)
            .isEqualTo(scratches.get(at).communities().get(q));
      }
    }
  }

  /**
   * The past does not move with later edits: the instants kept in memory are read again after the
   * registry changed (and the kept network searches of each instant followed), and answer as before.
   */
  @Test
  void laterEditsLeaveThePastAsItWas() throws SQLException {
    for (CoverageMode mode : CoverageMode.values()) {
      for (Instant at : instants) {
        for (CoverageQuery q : questions(mode)) {
          analyzer.communities(q.at(at));
        }
      }
    }
    try (Connection c = db.dataSource().getConnection()) {
      c.setAutoCommit(false);
      Random random = new Random(29);
      for (int kind : new int[] {0, 2, 4, 5, 6, 10}) {
        facilityEdit(c, random, kind, 1000 + kind);
      }
      c.commit();
    }
    for (CoverageMode mode : CoverageMode.values()) {
      for (Instant at : instants) {
        for (CoverageQuery q : questions(mode)) {
          assertThat(analyzer.communities(q.at(at))).as(q + " at " + at + " after later edits")
              .isEqualTo(scratches.get(at).communities().get(q));
        }
      }
    }
  }

  /**
   * Along the roads an instant nothing changed since is asked as today (today's kept searches serve
   * it, none is added), while a past instant keeps searches of its own.
   */
  @Test
  void anInstantNothingChangedSinceIsSearchedAsToday() throws SQLException {
    CoverageAnalyzer fresh = new CoverageAnalyzer(db.dataSource());
    List<CoverageQuery> today = CATEGORIES.stream()
        .map(c -> new CoverageQuery(c, 800, CoverageMode.NETWORK, null, List.of("open"))).toList();
    CoveredCommunities present = fresh.covered(today);
    int[] kept = fresh.network().keptCounts();
    Instant clock = Instant.now();
    CoveredCommunities now = fresh.covered(today.stream().map(q -> q.at(clock)).toList());
    assertThat(now.covered()).usingRecursiveComparison().isEqualTo(present.covered());
    assertThat(fresh.network().keptCounts()).isEqualTo(kept);
    fresh.covered(today.stream().map(q -> q.at(instants.get(1))).toList());
    assertThat(fresh.network().keptCounts()[0]).isEqualTo(kept[0] + CATEGORIES.size());
  }

  /**
   * Past instants are kept within an estimated byte bound, the least recently asked going first, and
   * the network's joins, searches and locks of an instant go with it (they grew with every
   * (category, statuses, instant) ever asked); an instant asked again after it was dropped is read
   * again and answers the same.
   */
  @Test
  void pastInstantsStayWithinTheirByteBoundAndTheirSearchesGoWithThem() throws SQLException {
    FacilityIndex index = new FacilityIndex(db.dataSource());
    List<Instant> past = instants.subList(0, instants.size() - 1); // the last: nothing changed since
    PastIndex probe = new PastIndex(db.dataSource(), index, Long.MAX_VALUE);
    long largest = 0;
    for (Instant at : past) {
      PastIndex one = new PastIndex(db.dataSource(), index, Long.MAX_VALUE);
      one.at(at, CATEGORIES);
      largest = Math.max(largest, one.bytes());
      probe.at(at, CATEGORIES);
    }
    assertThat(probe.kept()).as("unbounded by bytes, as many as the count allows")
        .isEqualTo(Math.min(past.size(), PastIndex.MAX_INSTANTS));
    long bound = largest * 5 / 2; // any two instants, not all
    assertThat(probe.bytes()).isGreaterThan(bound);
    PastIndex bounded = new PastIndex(db.dataSource(), index, bound);
    NetworkCoverage network = new NetworkCoverage(db.dataSource(), new RoadGraphCache(), index, bounded,
        NetworkCoverage.MAX_KEPT_SEARCH_BYTES);
    Map<Instant, List<List<CommunityCoverage>>> first = new HashMap<>();
    for (Instant at : past) {
      List<List<CommunityCoverage>> answers = new ArrayList<>();
      for (CoverageQuery q : questions(CoverageMode.NETWORK)) {
        answers.add(network.communities(q.at(at)));
        assertThat(answers.get(answers.size() - 1)).as(q + " at " + at).isEqualTo(scratches.get(at).communities().get(q));
      }
      first.put(at, answers);
      assertThat(bounded.bytes()).as("kept instants' bytes after " + at).isLessThanOrEqualTo(bound);
      assertThat(bounded.kept()).isGreaterThanOrEqualTo(1);
      assertThat(network.instantsHeld()).as("instants the network keeps anything under")
          .isSubsetOf(bounded.keptInstants()).contains(at);
    }
    assertThat(bounded.kept()).isLessThan(Math.min(past.size(), PastIndex.MAX_INSTANTS));
    Instant dropped = past.get(0);
    assertThat(bounded.keptInstants()).doesNotContain(dropped);
    List<CoverageQuery> qs = questions(CoverageMode.NETWORK);
    for (int i = 0; i < qs.size(); i++) {
      assertThat(network.communities(qs.get(i).at(dropped))).isEqualTo(first.get(dropped).get(i));
    }
  }

  @Test
  void reportsAndGeoJsonOfThePastComeFromThePast() throws SQLException {
    for (Instant at : instants) {
      assertThat(analyzer.report(REPORTED.at(at))).isEqualTo(scratches.get(at).report());
      assertThat(analyzer.communitiesGeoJson(REPORTED.at(at))).isEqualTo(scratches.get(at).geoJson());
    }
  }

  @Test
  void theComparisonIsTheDifferenceOfTheTwoScratchAnswers() throws SQLException {
    Random random = new Random(5);
    int changes = 0;
    for (int n = 0; n < 12; n++) {
      int i = random.nextInt(instants.size() - 1);
      int j = i + 1 + random.nextInt(instants.size() - 1 - i);
      Instant from = instants.get(i);
      Instant to = instants.get(j);
      for (CoverageQuery q : questions(n % 3 == 0 ? CoverageMode.NETWORK : CoverageMode.STRAIGHT)) {
        CoverageChanges got = analyzer.changes(q.at(from), q.at(to));
        Map<String, CommunityCoverage> before = byCode(scratches.get(from).communities().get(q));
        Map<String, CommunityCoverage> after = byCode(scratches.get(to).communities().get(q));
        List<String> gained = after.values().stream()
            .filter(c -> c.covered() && (!before.containsKey(c.code()) || !before.get(c.code()).covered()))
            .map(CommunityCoverage::code).sorted().toList();
        List<String> lost = before.values().stream()
            .filter(c -> c.covered() && (!after.containsKey(c.code()) || !after.get(c.code()).covered()))
            .map(CommunityCoverage::code).sorted().toList();
        assertThat(got.gained()).as(q + " " + from + " → " + to).isEqualTo(gained);
        assertThat(got.lost()).isEqualTo(lost);
        assertThat(got.populationGained()).isEqualTo(gained.stream().mapToLong(c -> after.get(c).population()).sum());
        assertThat(got.populationLost()).isEqualTo(lost.stream().mapToLong(c -> before.get(c).population()).sum());
        assertThat(got.after().population().covered() - got.before().population().covered())
            .isEqualTo(covered(after) - covered(before));
        Set<String> was = scratches.get(from).facilityKeys().get(q);
        Set<String> is = scratches.get(to).facilityKeys().get(q);
        assertThat(ids(got.facilitiesAdded())).isEqualTo(ids(is.stream().filter(k -> !was.contains(k))));
        assertThat(ids(got.facilitiesRemoved())).isEqualTo(ids(was.stream().filter(k -> !is.contains(k))));
        changes += gained.size() + lost.size();
      }
    }
    assertThat(changes).isGreaterThan(0);
  }

  @Test
  void indicatorsAsOfEqualTheScratchRegistrysIndicators() throws SQLException {
    IndicatorCalculator calculator = new IndicatorCalculator(db.dataSource());
    Map<String, Set<Double>> valuesSeen = new HashMap<>();
    for (Instant at : instants) {
      List<Indicator> past = calculator.forYear(YEAR, at);
      Scratch scratch = scratches.get(at);
      // urban_care_stations_improved counts updates in the history, which the scratch registry has not
      // lived through: its value is counted from the history rows instead (rebuild).
      List<Indicator> expected = scratch.indicators().stream()
          .map(i -> i.id().equals("urban_care_stations_improved") ? withValue(i, scratch.urbanCareStationsImproved()) : i)
          .toList();
      assertThat(past).as("at " + at).isEqualTo(expected);
      past.forEach(i -> valuesSeen.computeIfAbsent(i.id(), k -> new HashSet<>()).add(i.value()));
    }
    // The edits moved what the rewritten parts of the as_of query compute (facilities changed since
    // the instant, in another category, status, community or place then, deleted or removed since).
    for (String id : List.of("rural_care_stations_new", "urban_care_stations_improved", "community_hospital_per_district",
        "health_institutions_new", "fitness_new", "science_sites_new", "police_colocation_rate", "shelter_database")) {
      assertThat(valuesSeen.get(id)).as(id + " over the instants, of " + valuesSeen).hasSizeGreaterThan(1);
    }
  }

  private static Indicator withValue(Indicator i, long value) {
    return new Indicator(i.id(), i.action(), i.title(), i.target(), (double) value, i.unit(), value >= i.target());
  }

  @Test
  void anInstantAfterTheLastChangeSharesThePresentAnswerAndItsCacheEntry() throws SQLException {
    List<CommunityCoverage> present = analyzer.communities(REPORTED);
    CoverageAnalyzer.CacheStats before = analyzer.cacheStats();
    assertThat(analyzer.communities(REPORTED.at(Instant.now()))).isEqualTo(present);
    assertThat(analyzer.communities(REPORTED.at(Instant.now()))).isEqualTo(present);
    assertThat(analyzer.cacheStats()).as("two instants from the clock: two hits of the present's entry")
        .isEqualTo(new CoverageAnalyzer.CacheStats(before.hits() + 2, before.misses()));
    // An instant before the last change is a past question of its own, cached under its own key.
    CoverageQuery past = REPORTED.at(instants.get(1));
    analyzer.communities(past);
    CoverageAnalyzer.CacheStats afterPast = analyzer.cacheStats();
    analyzer.communities(past);
    assertThat(analyzer.cacheStats().hits()).isEqualTo(afterPast.hits() + 1);
  }

  @Test
  void theHistoryBeginsWithTheFirstRecord() throws SQLException {
    Instant start = analyzer.history().start().orElseThrow();
    assertThat(start).isBefore(instants.get(0));
    try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT least((SELECT min(at) FROM facility_history),"
            + " (SELECT min(at) FROM community_history))")) {
      rs.next();
      assertThat(start).isEqualTo(rs.getObject(1, OffsetDateTime.class).toInstant());
    }
  }

  // --- the questions -------------------------------------------------------------------------

  private static List<CoverageQuery> questions(CoverageMode mode) {
    List<CoverageQuery> out = new ArrayList<>();
    for (String category : CATEGORIES) {
      out.add(new CoverageQuery(category, 800, mode, null, List.of("open")));
      out.add(new CoverageQuery(category, 300, mode, null, List.of("open", "planned")));
    }
    out.add(new CoverageQuery("fitness_venue", 1500, mode, "370203", List.of("open")));
    return out;
  }

  private static long covered(Map<String, CommunityCoverage> answer) {
    return answer.values().stream().filter(CommunityCoverage::covered).mapToLong(CommunityCoverage::population).sum();
  }

  private static Map<String, CommunityCoverage> byCode(List<CommunityCoverage> list) {
    return list.stream().collect(Collectors.toMap(CommunityCoverage::code, c -> c));
  }

  /** The registry ids of the question's facilities in a scratch registry (kept there as source_id). */
  private static Set<String> facilityKeys(Database scratch, CoverageQuery q) throws SQLException {
    Set<String> out = new TreeSet<>();
    try (Connection c = scratch.dataSource().getConnection();
        PreparedStatement ps = c.prepareStatement("SELECT source_id FROM facility WHERE category = ?"
            + " AND status = ANY (?) AND NOT deleted")) {
      ps.setString(1, q.category());
      ps.setArray(2, c.createArrayOf("text", q.statuses().toArray()));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(rs.getString(1));
        }
      }
    }
    return out;
  }

  private static List<Long> ids(List<Long> ids) {
    return ids.stream().sorted().toList();
  }

  private static List<Long> ids(java.util.stream.Stream<String> keys) {
    return keys.map(Long::parseLong).sorted().toList();
  }

  // --- living through edits ------------------------------------------------------------------

  /** Records an instant strictly between the last commit and the next transaction's start. */
  private static void mark() throws Exception {
    Thread.sleep(3);
    try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT clock_timestamp()")) {
      rs.next();
      instants.add(rs.getObject(1, OffsetDateTime.class).toInstant());
    }
    Thread.sleep(3);
  }

  private static void facilityEdit(Connection c, Random random, int kind, int serial) throws SQLException {
    List<Long> ids = longs(c, "SELECT id FROM facility WHERE source = 'as-of-it' ORDER BY id");
    long id = ids.get(random.nextInt(ids.size()));
    String bump = ", version = version + 1, updated_at = now(), updated_by = 'as-of-it' WHERE id = " + id;
    try (Statement s = c.createStatement()) {
      switch (kind) {
        case 0, 1 -> {
          Point p = randomPoint(random);
          s.execute("INSERT INTO facility (category, name, status, source, source_id, geom, updated_by) VALUES ('"
              + CATEGORIES.get(random.nextInt(2)) + "', '新设施" + serial + "', 'open', 'as-of-it', 'new" + serial
              + "', ST_SetSRID(ST_MakePoint(" + p.getX() + ", " + p.getY() + "), 4490), 'as-of-it')");
        }
        case 2, 3 -> {
          Point p = randomPoint(random);
          s.execute("UPDATE facility SET geom = ST_SetSRID(ST_MakePoint(" + p.getX() + ", " + p.getY() + "), 4490)"
              + bump);
        }
        case 4 -> s.execute("UPDATE facility SET status = '"
            + List.of("open", "planned", "closed", "building").get(random.nextInt(4)) + "'" + bump);
        case 5 -> s.execute("UPDATE facility SET category = CASE category WHEN 'fitness_venue' THEN 'emergency_shelter'"
            + " ELSE 'fitness_venue' END" + bump);
        case 6, 7 -> s.execute("UPDATE facility SET deleted = true" + bump + " AND NOT deleted");
        case 8 -> s.execute("UPDATE facility SET deleted = false, status = 'open'" + bump);
        default -> s.execute("DELETE FROM facility WHERE id = " + id); // by hand: the API only marks it deleted
      }
    }
  }

  /**
   * Facilities of the indicators' categories in the fixture's communities (even: urban, odd: village;
   * community 5 has no reference point, so its first party-masses service centre is its office): care
   * stations and clinics opened this year, before or at no known date (an urban care station of those
   * counts once it is updated), police offices 10-80 m from their office.
   */
  private static List<CityData.Facility> indicatorFacilities() {
    LocalDate thisYear = LocalDate.of(YEAR, 3, 1);
    LocalDate lastYear = LocalDate.of(YEAR - 1, 9, 1);
    // category, community, status, opened on, metres from the office
    Object[][] seeds = {
        {"elderly_care_station", 0, "open", null, 300}, {"elderly_care_station", 1, "open", thisYear, 300},
        {"elderly_care_station", 2, "open", lastYear, 300}, {"elderly_care_station", 3, "open", thisYear, 300},
        {"elderly_care_station", 4, "open", lastYear, 300}, {"elderly_care_station", 5, "open", null, 300},
        {"elderly_care_station", 4, "open", thisYear, 300},
        {"community_hospital", 0, "open", null, 200}, {"community_hospital", 3, "open", lastYear, 200},
        {"community_hospital", 4, "planned", thisYear, 200},
        {"health_station", 1, "open", thisYear, 250}, {"health_station", 5, "open", lastYear, 250},
        {"party_service_center", 5, "open", null, 0}, {"party_service_center", 5, "open", null, 150},
        {"party_service_center", 2, "open", null, 100},
        {"police_office", 0, "open", null, 20}, {"police_office", 1, "open", null, 80},
        {"police_office", 3, "open", null, 10}, {"police_office", 5, "open", null, 30},
        {"science_site", 0, "open", thisYear, 350}, {"science_site", 0, "open", thisYear, 400},
        {"science_site", 4, "open", thisYear, 350}};
    // Community 5's office: its first party-masses service centre (the first seed there, 0 m from it).
    Point centre5 = near(FixtureCity.anchor(5), 120, 0);
    List<CityData.Facility> out = new ArrayList<>();
    for (int i = 0; i < seeds.length; i++) {
      int community = (Integer) seeds[i][1];
      Point office = community == 5 ? centre5 : FixtureCity.anchor(community);
      out.add(new CityData.Facility((String) seeds[i][0], "指标设施" + i, null, (String) seeds[i][2],
          i % 3 == 0 ? null : 50, null, FixtureCity.communityCode(community), (LocalDate) seeds[i][3],
          INDICATOR_SOURCE, "seed" + i, near(office, (Integer) seeds[i][4], i * 40)));
    }
    return out;
  }

  /** {@code metres} from {@code from} at {@code azimuth}, rounded as {@link #randomPoint} is. */
  private static Point near(Point from, double metres, double azimuth) {
    Point p = FixtureCity.offset(from, azimuth, metres);
    return FixtureCity.point(FixtureCity.microdegrees(p.getX()), FixtureCity.microdegrees(p.getY()));
  }

  /**
   * One edit of a facility of the indicators' categories: created, moved near its committee office or
   * away, its status, category, opening date and capacity, or community changed, deleted, restored, or
   * removed outright.
   */
  private static void indicatorFacilityEdit(Connection c, Random random, int turn, int serial) throws SQLException {
    // The categories take turns (a facility of the turn's category, if any is left), so that each is edited.
    String ours = "SELECT id FROM facility WHERE source = '" + INDICATOR_SOURCE + "'";
    List<Long> ids = longs(c, ours + " AND category = '" + INDICATOR_CATEGORIES.get(turn % INDICATOR_CATEGORIES.size())
        + "' ORDER BY id");
    ids = ids.isEmpty() ? longs(c, ours + " ORDER BY id") : ids;
    long id = ids.get(random.nextInt(ids.size()));
    List<String> codes = strings(c, "SELECT code FROM community ORDER BY code");
    String code = codes.get(random.nextInt(codes.size()));
    String bump = ", version = version + 1, updated_at = now(), updated_by = 'as-of-it' WHERE id = " + id;
    String opened = List.of("NULL", "'" + LocalDate.of(YEAR, 6, 1) + "'", "'" + LocalDate.of(YEAR - 1, 6, 1) + "'")
        .get(random.nextInt(3));
    try (Statement s = c.createStatement()) {
      switch (random.nextInt(9)) {
        case 0 -> {
          Point p = near(office(c, code), random.nextInt(100), random.nextInt(360));
          s.execute("INSERT INTO facility (category, name, status, capacity, community_code, opened_on, source,"
              + " source_id, geom, updated_by) VALUES ('"
              + INDICATOR_CATEGORIES.get(random.nextInt(INDICATOR_CATEGORIES.size())) + "', '新指标设施" + serial
              + "', '" + List.of("open", "planned", "closed").get(random.nextInt(3)) + "', "
              + (random.nextBoolean() ? "NULL" : "80") + ", '" + code + "', " + opened + ", '" + INDICATOR_SOURCE
              + "', 'new" + serial + "', ST_SetSRID(ST_MakePoint(" + p.getX() + ", " + p.getY() + "), 4490), 'as-of-it')");
        }
        case 1 -> {
          String own = strings(c, "SELECT coalesce(community_code, '" + code + "') FROM facility WHERE id = " + id).get(0);
          Point p = near(office(c, own), random.nextInt(100), random.nextInt(360));
          s.execute("UPDATE facility SET geom = ST_SetSRID(ST_MakePoint(" + p.getX() + ", " + p.getY() + "), 4490)"
              + bump);
        }
        case 2 -> s.execute("UPDATE facility SET status = '"
            + List.of("open", "planned", "closed", "building").get(random.nextInt(4)) + "'" + bump);
        case 3 -> s.execute("UPDATE facility SET category = '"
            + INDICATOR_CATEGORIES.get(random.nextInt(INDICATOR_CATEGORIES.size())) + "'" + bump);
        case 4 -> s.execute("UPDATE facility SET opened_on = " + opened + ", capacity = "
            + (random.nextBoolean() ? "NULL" : "120") + bump);
        case 5 -> s.execute("UPDATE facility SET community_code = " + (random.nextInt(4) == 0 ? "NULL" : "'" + code + "'")
            + bump);
        case 6 -> s.execute("UPDATE facility SET deleted = true" + bump + " AND NOT deleted");
        case 7 -> s.execute("UPDATE facility SET deleted = false" + bump + " AND deleted");
        default -> s.execute("DELETE FROM facility WHERE id = " + id);
      }
    }
  }

  /** The committee office of a community as the indicators take it (reference point, else first centre, else anchor). */
  private static Point office(Connection c, String code) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT ST_X(g), ST_Y(g) FROM (SELECT"
        + " coalesce(c.ref_point, (SELECT p.geom FROM facility p WHERE p.community_code = c.code"
        + " AND p.category = 'party_service_center' AND NOT p.deleted ORDER BY p.id LIMIT 1), c.anchor) AS g"
        + " FROM community c WHERE c.code = '" + code + "') o")) {
      rs.next();
      return FixtureCity.point(rs.getDouble(1), rs.getDouble(2));
    }
  }

  /** Creates, re-populates, moves the office of, or removes a community; returns the communities created. */
  private static int communityEdit(Connection c, Random random, int created) throws SQLException {
    List<String> codes = strings(c, "SELECT code FROM community ORDER BY code");
    String code = codes.get(random.nextInt(codes.size()));
    try (Statement s = c.createStatement()) {
      switch (random.nextInt(4)) {
        case 0 -> {
          int column = 6 + created;
          MultiPolygon square = FixtureCity.square(column, 1);
          Point office = square.getInteriorPoint();
          s.execute("INSERT INTO community (code, name, kind, street_code, population, workers, smart, ref_point, geom)"
              + " VALUES ('370203001" + (100 + created) + "', '新社区" + created + "', 'community', '370203001', "
              + (500 + random.nextInt(5000)) + ", 3, " + random.nextBoolean() + ", ST_SetSRID(ST_MakePoint("
              + FixtureCity.microdegrees(office.getX()) + ", " + FixtureCity.microdegrees(office.getY())
              + "), 4490), ST_GeomFromText('" + square.toText() + "', 4490))");
          return 1;
        }
        case 1 -> s.execute("UPDATE community SET population = " + (100 + random.nextInt(9000)) + " WHERE code = '"
            + code + "'");
        case 2 -> s.execute("UPDATE community SET ref_point = ST_SetSRID(ST_MakePoint(ST_X(anchor) + 0.003,"
            + " ST_Y(anchor)), 4490) WHERE code = '" + code + "'");
        default -> {
          s.execute("UPDATE facility SET community_code = NULL, version = version + 1, updated_at = now(),"
              + " updated_by = 'as-of-it' WHERE community_code = '" + code + "'");
          s.execute("DELETE FROM community WHERE code = '" + code + "'");
        }
      }
    }
    return 0;
  }

  /** Within the fixture and its surroundings; six decimals, so a frozen version (seven) reads back exactly. */
  private static Point randomPoint(Random random) {
    return FixtureCity.point(FixtureCity.microdegrees(120.295 + random.nextDouble() * 0.085),
        FixtureCity.microdegrees(36.094 + random.nextDouble() * 0.022));
  }

  // --- the scratch registry -----------------------------------------------------------------

  /** A new registry holding what the history rows say stood at {@code at}; today's divisions and roads. */
  private static Scratch rebuild(Instant at) throws SQLException, ParseException {
    WKBReader wkb = new WKBReader(FixtureCity.GEOMETRY);
    List<CityData.District> districts = new ArrayList<>();
    List<CityData.Street> streets = new ArrayList<>();
    List<CityData.Road> roads = new ArrayList<>();
    Map<String, CityData.Community> communities = new HashMap<>();
    Map<Long, CityData.Facility> facilities = new HashMap<>();
    long urbanCareStationsImproved;
    try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
      try (ResultSet rs = s.executeQuery("SELECT code, name, ST_AsEWKB(geom) FROM district ORDER BY code")) {
        while (rs.next()) {
          districts.add(new CityData.District(rs.getString(1), rs.getString(2), (MultiPolygon) read(wkb, rs, 3)));
        }
      }
      try (ResultSet rs = s.executeQuery("SELECT code, name, kind, district_code, ST_AsEWKB(geom) FROM street")) {
        while (rs.next()) {
          streets.add(new CityData.Street(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
              (MultiPolygon) read(wkb, rs, 5)));
        }
      }
      try (ResultSet rs = s.executeQuery("SELECT highway, walkable, ST_AsEWKB(geom), source FROM road ORDER BY id")) {
        while (rs.next()) {
          roads.add(new CityData.Road(rs.getString(1), rs.getBoolean(2), (LineString) read(wkb, rs, 3),
              rs.getString(4)));
        }
      }
      // Every version of every community, oldest first: the last one at or before the instant stands.
      try (ResultSet rs = s.executeQuery("SELECT code, action, at, name, kind, street_code, population, workers, smart,"
          + " ST_AsEWKB(ref_point), ST_AsEWKB(geom) FROM community_history ORDER BY id")) {
        while (rs.next()) {
          if (rs.getObject(3, OffsetDateTime.class).toInstant().isAfter(at)) {
            continue;
          }
          String code = rs.getString(1).strip();
          if (rs.getString(2).equals("delete")) {
            communities.remove(code);
          } else {
            communities.put(code, new CityData.Community(code, rs.getString(4), rs.getString(5),
                rs.getString(6).strip(), rs.getInt(7), rs.getInt(8), rs.getBoolean(9), (Point) read(wkb, rs, 10),
                (MultiPolygon) read(wkb, rs, 11)));
          }
        }
      }
      // Facilities removed outright (V40): gone from the instant of their removal on.
      Map<Long, Instant> removed = new HashMap<>();
      try (ResultSet rs = s.executeQuery("SELECT facility_id, at FROM facility_removed WHERE at < 'infinity'")) {
        while (rs.next()) {
          removed.put(rs.getLong(1), rs.getObject(2, OffsetDateTime.class).toInstant());
        }
      }
      // Every version of every facility with its feature (facility_versions), in version order.
      Set<Long> updatedInTheYear = new HashSet<>();
      try (ResultSet rs = s.executeQuery("SELECT facility_id, action, at, feature->'properties'->>'category',"
          + " feature->'properties'->>'name', feature->'properties'->>'status',"
          + " ST_AsEWKB(ST_SetSRID(ST_GeomFromGeoJSON(feature->'geometry'), 4490)),"
          + " (feature->'properties'->>'capacity')::integer, feature->'properties'->>'community_code',"
          + " (feature->'properties'->>'opened_on')::date"
          + " FROM facility_versions ORDER BY facility_id, version")) {
        while (rs.next()) {
          Instant versionAt = rs.getObject(3, OffsetDateTime.class).toInstant();
          if (versionAt.isAfter(at)) {
            continue;
          }
          long id = rs.getLong(1);
          if (rs.getString(2).equals("update") && versionAt.atZone(ZoneId.systemDefault()).getYear() == YEAR) {
            updatedInTheYear.add(id); // the session's time zone is the JVM's (pgjdbc)
          }
          if (rs.getString(2).equals("delete")) {
            facilities.remove(id);
          } else {
            facilities.put(id, new CityData.Facility(rs.getString(4), rs.getString(5), null, rs.getString(6),
                rs.getObject(8, Integer.class), null, rs.getString(9), rs.getObject(10, LocalDate.class), "replay",
                Long.toString(id), (Point) read(wkb, rs, 7)));
          }
        }
      }
      facilities.keySet().removeIf(id -> removed.containsKey(id) && !removed.get(id).isAfter(at));
      // Urban care stations opened this year or updated in it (up to the instant), counted from the replay.
      urbanCareStationsImproved = facilities.entrySet().stream()
          .filter(e -> e.getValue().category().equals("elderly_care_station"))
          .filter(e -> e.getValue().communityCode() != null && communities.containsKey(e.getValue().communityCode())
              && communities.get(e.getValue().communityCode()).kind().equals("community"))
          .filter(e -> updatedInTheYear.contains(e.getKey())
              || (e.getValue().openedOn() != null && e.getValue().openedOn().getYear() == YEAR))
          .count();
    }
    String url = TestPostgis.get().createMigratedDatabase("AsOfScratch");
    try (Database scratch = Database.connect(url)) {
      List<CityData.Community> standing = communities.values().stream()
          .sorted(Comparator.comparing(CityData.Community::code)).toList();
      new CityLoader(scratch.dataSource()).load(new CityData(districts, streets, standing,
          new ArrayList<>(facilities.values()), roads));
      CoverageAnalyzer today = new CoverageAnalyzer(scratch.dataSource());
      Map<CoverageQuery, List<CommunityCoverage>> answers = new HashMap<>();
      Map<CoverageQuery, Set<String>> keys = new HashMap<>();
      for (CoverageMode mode : CoverageMode.values()) {
        for (CoverageQuery q : questions(mode)) {
          answers.put(q, today.communities(q));
          keys.put(q, facilityKeys(scratch, q));
        }
      }
      return new Scratch(answers, today.report(REPORTED), today.communitiesGeoJson(REPORTED),
          new IndicatorCalculator(scratch.dataSource()).forYear(YEAR), urbanCareStationsImproved, keys);
    } finally {
      TestPostgis.get().dropDatabase(url);
    }
  }

  private static Geometry read(WKBReader wkb, ResultSet rs, int column) throws SQLException, ParseException {
    byte[] bytes = rs.getBytes(column);
    return bytes == null ? null : wkb.read(bytes);
  }

  private static List<Long> longs(Connection c, String sql) throws SQLException {
    List<Long> out = new ArrayList<>();
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        out.add(rs.getLong(1));
      }
    }
    return out;
  }

  private static List<String> strings(Connection c, String sql) throws SQLException {
    List<String> out = new ArrayList<>();
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        out.add(rs.getString(1));
      }
    }
    return out;
  }
}
