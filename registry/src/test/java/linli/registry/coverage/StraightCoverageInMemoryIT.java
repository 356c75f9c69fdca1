package linli.registry.coverage;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import linli.registry.Database;
import linli.registry.NamedSql;
import linli.registry.RegistryChanges;
import linli.registry.SqlResource;
import linli.registry.city.CityData;
import linli.registry.city.CityLoader;
import linli.registry.testing.ChangeFeeds;
import linli.registry.testing.PostgisExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The in-memory straight-line engine against the KNN SQL it replaced ({@code straight.sql}, now a test
 * resource): the same list, record for record (nearest distance to the decimetre, covered, street,
 * population), on two random cities (with communities exactly at, 1 cm inside and 1 cm outside the
 * distance of some shelters) for several distances, status sets and districts; again after facility
 * inserts, moves, status changes, soft and hard deletes; and what-if against the SQL run on the
 * registry with the change made (inside a transaction that is rolled back).
 */
@ExtendWith(PostgisExtension.class)
class StraightCoverageInMemoryIT {
  private static final NamedSql ORACLE = NamedSql.parse(SqlResource.load(CoverageAnalyzer.class, "straight.sql"));
  private static final String SHELTER = RandomCity.CATEGORY;
  private static final List<List<String>> STATUS_SETS =
      List.of(List.of("open"), List.of("closed"), List.of("open", "closed"), List.of("planned"));

  private static Database db;
  private static RegistryChanges feed;
  private static CoverageAnalyzer coverage;
  private static WhatIfAnalyzer whatIf;
  private static final Random random = new Random(99);

  @BeforeAll
  static void load(Database database) throws Exception {
    db = database;
    CityData city = RandomCity.merge(List.of(
        RandomCity.build(21, 0, 500, 400, 500, 120.30, 36.05, 0.25, 0.20, List.of()),
        RandomCity.build(22, 1, 300, 60, 1200, 120.70, 36.30, 0.30, 0.25, List.of())));
    new CityLoader(db.dataSource()).load(city);
    // The loader writes its own ids; inserts here take the next free ones.
    execute("SELECT setval(pg_get_serial_sequence('facility', 'id'), (SELECT max(facility_id) FROM facility_history))");
    feed = ChangeFeeds.listening(db);
    coverage = new CoverageAnalyzer(db.dataSource());
    coverage.followChanges(feed);
    whatIf = new WhatIfAnalyzer(db.dataSource(), coverage);
  }

  @AfterAll
  static void close() {
    feed.close();
  }

  private static List<CommunityCoverage> oracle(Connection c, CoverageQuery q) throws SQLException {
    Map<String, Object> values = new HashMap<>();
    values.put("category", q.category());
    values.put("statuses", q.statuses().toArray(String[]::new));
    values.put("distance", q.distanceM());
    values.put("district", q.district());
    List<CommunityCoverage> out = new ArrayList<>();
    try (PreparedStatement ps = ORACLE.prepare(c, values); ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        out.add(new CommunityCoverage(rs.getString("code"), rs.getString("name"), rs.getString("district_code"),
            rs.getString("district_name"), rs.getString("street_code"), rs.getString("street_name"),
            rs.getLong("population"), rs.getObject("nearest_m", Double.class), rs.getBoolean("covered"),
            rs.getDouble("anchor_lon"), rs.getDouble("anchor_lat")));
      }
    }
    return out;
  }

  private static List<CommunityCoverage> oracle(CoverageQuery q) throws SQLException {
    try (Connection c = db.dataSource().getConnection()) {
      return oracle(c, q);
    }
  }

  private static CoverageQuery query(double distance, List<String> statuses, String district) {
    return new CoverageQuery(SHELTER, distance, CoverageMode.STRAIGHT, district, statuses);
  }

  private static void assertSameAsSql(CoverageQuery q) throws SQLException {
    List<CommunityCoverage> memory = coverage.communities(q);
    assertThat(memory).as("%s", q).isEqualTo(oracle(q));
    assertThat(CoverageReport.of(q, memory)).isEqualTo(CoverageReport.of(q, oracle(q)));
  }

  @Test
  void sameAnswerAsTheSqlForEveryDistanceStatusSetAndDistrict() throws SQLException {
    int covered = 0;
    for (double distance : new double[] {100, 499.99, 500, 1200, 3000.5}) {
      for (List<String> statuses : STATUS_SETS) {
        for (String district : new String[] {null, "370212", "西区1"}) {
          CoverageQuery q = query(distance, statuses, district);
          assertSameAsSql(q);
          covered += (int) coverage.communities(q).stream().filter(CommunityCoverage::covered).count();
        }
      }
    }
    assertThat(covered).as("the comparison is not between two empty answers").isGreaterThan(1000);
  }

  @Test
  void editsOfEveryKindAreSeen() throws SQLException {
    CoverageQuery open500 = query(500, List.of("open"), null);
    CoverageQuery both1200 = query(1200, List.of("open", "closed"), null);
    assertSameAsSql(open500);
    assertSameAsSql(both1200);
    List<String> edits = new ArrayList<>();
    StringBuilder insert = new StringBuilder("INSERT INTO facility (category, name, status, source, source_id, geom,"
        + " updated_by) VALUES ");
    for (int i = 0; i < 40; i++) {
      insert.append(i == 0 ? "" : ", ").append("('").append(SHELTER).append("', '新增").append(i).append("', '")
          .append(i % 3 == 0 ? "closed" : "open").append("', 'in-memory-it', '").append(i).append("', ")
          .append(point(120.30 + random.nextDouble() * 0.7, 36.05 + random.nextDouble() * 0.5)).append(", 'test')");
    }
    edits.add(insert.toString());
    List<Long> ids = ids();
    StringBuilder moves = new StringBuilder();
    for (int i = 0; i < 25; i++) {
      moves.append("UPDATE facility SET geom = ")
          .append(point(120.30 + random.nextDouble() * 0.7, 36.05 + random.nextDouble() * 0.5))
          .append(", version = version + 1 WHERE id = ").append(ids.get(random.nextInt(ids.size()))).append(";");
    }
    edits.add(moves.toString());
    edits.add("UPDATE facility SET status = CASE status WHEN 'open' THEN 'closed' ELSE 'open' END, version = version + 1 WHERE id IN "
        + sample(ids, 30));
    edits.add("UPDATE facility SET deleted = true, version = version + 1 WHERE id IN " + sample(ids, 30));
    edits.add("DELETE FROM facility WHERE id IN " + sample(ids, 30));
    for (String edit : edits) {
      execute(edit);
      assertSameAsSql(open500);
      assertSameAsSql(both1200);
    }
  }

  @Test
  void aChangeOfAnotherCategoryReadsNothingAgain() throws SQLException {
    CoverageQuery q = query(800, List.of("open"), null);
    List<CommunityCoverage> before = coverage.communities(q);
    long loads = coverage.straight().categoryLoads();
    execute("INSERT INTO facility (category, name, source, source_id, geom, updated_by) VALUES ('fitness_venue', '健身',"
        + " 'in-memory-it', 'other', " + point(120.4, 36.1) + ", 'test')");
    List<CommunityCoverage> after = coverage.communities(q);
    assertThat(after).isNotSameAs(before).isEqualTo(before).isEqualTo(oracle(q));
    assertThat(coverage.straight().categoryLoads()).isEqualTo(loads);
    long patches = coverage.straight().categoryPatches();
    execute("UPDATE facility SET status = 'closed', version = version + 1 WHERE id = (SELECT min(id) FROM facility WHERE category = '" + SHELTER
        + "' AND status = 'open' AND NOT deleted)");
    assertSameAsSql(q);
    // The feed named the facility: only its row is read again, not the category.
    assertThat(coverage.straight().categoryLoads()).isEqualTo(loads);
    assertThat(coverage.straight().categoryPatches()).isEqualTo(patches + 1);
  }

  @Test
  void reloadingOneCategoryDoesNotHoldUpAnother() throws Exception {
    CoverageQuery shelters = query(700, List.of("open"), null);
    CoverageQuery fitness = new CoverageQuery("fitness_venue", 700, CoverageMode.STRAIGHT, null, List.of("open"));
    coverage.communities(shelters);
    coverage.communities(fitness);
    execute("UPDATE facility SET status = 'closed', version = version + 1 WHERE id = (SELECT min(id) FROM facility"
        + " WHERE category = '" + SHELTER + "' AND status = 'open' AND NOT deleted)");
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try (Connection lock = db.dataSource().getConnection()) {
      // The shelters must be read again, and their read waits behind this lock until it is released.
      lock.setAutoCommit(false);
      try (Statement s = lock.createStatement()) {
        s.execute("LOCK TABLE facility IN ACCESS EXCLUSIVE MODE");
      }
      Future<List<CommunityCoverage>> reloading = pool.submit(() -> coverage.communities(shelters));
      awaitSomeoneWaitingForALock();
      // Fitness venues did not change: their answer needs no read of the facility table, and no wait.
      List<CommunityCoverage> unchanged = CompletableFuture.supplyAsync(() -> {
        try {
          return coverage.communities(fitness);
        } catch (SQLException e) {
          throw new IllegalStateException(e);
        }
      }).get(20, TimeUnit.SECONDS);
      assertThat(reloading).isNotDone();
      lock.rollback();
      assertThat(reloading.get(30, TimeUnit.SECONDS)).isEqualTo(oracle(shelters));
      assertThat(unchanged).isEqualTo(oracle(fitness));
    } finally {
      pool.shutdownNow();
    }
  }

  private static void awaitSomeoneWaitingForALock() throws Exception {
    for (int i = 0; i < 200; i++) {
      try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_locks WHERE NOT granted")) {
        rs.next();
        if (rs.getLong(1) > 0) {
          return;
        }
      }
      Thread.sleep(50);
    }
    throw new AssertionError("nobody waits for the facility table");
  }

  @Test
  void whatIfIsWhatCoverageWouldAnswerWereTheChangeMade() throws SQLException {
    for (int round = 0; round < 12; round++) {
      CoverageQuery q = query(new double[] {300, 500, 1200}[round % 3], round % 4 == 3 ? List.of("open", "closed")
          : List.of("open"), round % 5 == 4 ? "370211" : null);
      List<Long> ids = ids();
      List<Long> remove = new ArrayList<>(); // none in rounds 5 and 11: sites added only
      for (int k = 0; k < (round % 6 == 5 ? 0 : 1 + random.nextInt(40)); k++) {
        remove.add(ids.get(random.nextInt(ids.size())));
      }
      List<double[]> add = new ArrayList<>();
      for (int k = 0; k < random.nextInt(4); k++) {
        add.add(new double[] {120.30 + random.nextDouble() * 0.7, 36.05 + random.nextDouble() * 0.5});
      }
      WhatIf.Result got = whatIf.analyse(new WhatIf(q, add, remove));

      List<CommunityCoverage> before = oracle(q);
      List<CommunityCoverage> after;
      try (Connection c = db.dataSource().getConnection()) {
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
          if (!remove.isEmpty()) {
            s.execute("DELETE FROM facility WHERE id IN " + inList(remove));
          }
          for (double[] p : add) {
            s.execute("INSERT INTO facility (category, name, status, source, source_id, geom, updated_by) VALUES ('"
                + SHELTER + "', '拟建', '" + q.statuses().get(0) + "', 'what-if-oracle', '" + p[0] + "," + p[1] + "', "
                + point(p[0], p[1]) + ", 'test')");
          }
          after = oracle(c, q);
        } finally {
          c.rollback();
        }
      }
      Map<String, Boolean> was = new HashMap<>();
      before.forEach(b -> was.put(b.code(), b.covered()));
      assertThat(got.before()).isEqualTo(CoverageSummary.of(before, CommunityCoverage::population,
          CommunityCoverage::covered));
      assertThat(got.after()).as("round %d", round).isEqualTo(CoverageSummary.of(after, CommunityCoverage::population,
          CommunityCoverage::covered));
      assertThat(got.newlyCovered()).isEqualTo(after.stream().filter(a -> a.covered() && !was.get(a.code()))
          .map(CommunityCoverage::code).toList());
      assertThat(got.newlyUncovered()).isEqualTo(after.stream().filter(a -> !a.covered() && was.get(a.code()))
          .map(CommunityCoverage::code).toList());
    }
  }

  private static String point(double lon, double lat) {
    return "ST_SetSRID(ST_MakePoint(" + lon + ", " + lat + "), 4490)";
  }

  private static List<Long> ids() throws SQLException {
    List<Long> ids = new ArrayList<>();
    try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT id FROM facility WHERE category = '" + SHELTER
            + "' AND NOT deleted ORDER BY id")) {
      while (rs.next()) {
        ids.add(rs.getLong(1));
      }
    }
    return ids;
  }

  private static String sample(List<Long> ids, int n) {
    List<Long> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(ids.get(random.nextInt(ids.size())));
    }
    return inList(out);
  }

  private static String inList(List<Long> ids) {
    return ids.toString().replace('[', '(').replace(']', ')');
  }

  private static void execute(String sql) throws SQLException {
    try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }
}
