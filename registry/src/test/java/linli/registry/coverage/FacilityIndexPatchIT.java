package linli.registry.coverage;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import linli.registry.Database;
import linli.registry.RegistryChanges;
import linli.registry.city.CityLoader;
import linli.registry.coverage.straight.CategoryFacilities;
import linli.registry.testing.ChangeFeeds;
import linli.registry.testing.PostgisExtension;
import linli.registry.transfer.FacilityImporter;
import linli.registry.transfer.ImportProgress;
import linli.registry.transfer.ImportReport;
import linli.registry.transfer.ImportRequest;
import linli.registry.transfer.RecordReader;
import linli.registry.transfer.SourceRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The in-memory facility index brought up to date from the change feed: after every kind of edit
 * (insert, move, status change, soft and hard delete, a change of category, statements of many
 * rows, several statements in one transaction, imports small and large) each category the index
 * holds is, facility for facility, what a fresh read of the registry gives; edits the feed names
 * are followed by reading only the touched rows (a patch), the others by reading the category whole.
 */
@ExtendWith(PostgisExtension.class)
class FacilityIndexPatchIT {
  private static final String SHELTER = RandomCity.CATEGORY;
  private static final String FITNESS = "fitness_venue";
  private static final List<String> BOTH = List.of(SHELTER, FITNESS);

  private static Database db;
  private static RegistryChanges feed;
  private static FacilityIndex index;
  private static final Random random = new Random(17);

  @BeforeAll
  static void load(Database database) throws Exception {
    db = database;
    new CityLoader(db.dataSource()).load(RandomCity.build(31, 0, 200, 300, 500, 120.30, 36.05, 0.2, 0.15, List.of()));
    execute("SELECT setval(pg_get_serial_sequence('facility', 'id'), (SELECT max(facility_id) FROM facility_history))");
    for (int i = 0; i < 120; i++) {
      execute("INSERT INTO facility (category, name, status, source, source_id, geom, updated_by) VALUES ('" + FITNESS
          + "', '健身" + i + "', '" + (i % 4 == 0 ? "closed" : "open") + "', 'patch-it', 'f" + i + "', " + randomPoint()
          + ", 'test')");
    }
    feed = ChangeFeeds.listening(db);
    index = new FacilityIndex(db.dataSource());
    index.follow(feed);
  }

  @AfterAll
  static void close() {
    feed.close();
  }

  @BeforeEach
  void upToDate() throws SQLException {
    assertSameAsAFreshRead();
  }

  @Test
  void everyKindOfEditIsFollowedByPatchingExactly() throws Exception {
    List<Long> shelters = ids(SHELTER);
    List<Long> fitness = ids(FITNESS);
    // Each edit, then whether it is followed by patching (true) or by reading a category whole.
    Map<String, Boolean> edits = new LinkedHashMap<>();
    edits.put("INSERT INTO facility (category, name, status, source, source_id, geom, updated_by) VALUES ('" + SHELTER
        + "', '新增', 'open', 'patch-it', 'new-1', " + randomPoint() + ", 'test')", true);
    edits.put("UPDATE facility SET geom = " + randomPoint() + ", version = version + 1 WHERE id = " + shelters.get(3), true);
    edits.put("UPDATE facility SET status = CASE status WHEN 'open' THEN 'closed' ELSE 'open' END, version = version + 1"
        + " WHERE id = " + shelters.get(4), true);
    edits.put("UPDATE facility SET deleted = true, version = version + 1 WHERE id = " + shelters.get(5), true);
    edits.put("DELETE FROM facility WHERE id = " + shelters.get(6), true);
    edits.put("UPDATE facility SET category = '" + FITNESS + "', version = version + 1 WHERE id = " + shelters.get(7), true);
    edits.put("UPDATE facility SET category = '" + SHELTER + "', status = 'closed', version = version + 1 WHERE id = "
        + fitness.get(2), true);
    // One statement of many rows (both categories), then several statements in one transaction.
    StringBuilder moves = new StringBuilder("UPDATE facility SET geom = ST_Translate(geom, 0.0004, -0.0003),"
        + " version = version + 1 WHERE id IN (");
    for (int i = 10; i < 30; i++) {
      moves.append(i == 10 ? "" : ", ").append(shelters.get(i)).append(", ").append(fitness.get(i));
    }
    edits.put(moves.append(")").toString(), true);
    edits.put("BEGIN; UPDATE facility SET status = 'closed', version = version + 1 WHERE id = " + shelters.get(80)
        + "; DELETE FROM facility WHERE id = " + shelters.get(81) + "; INSERT INTO facility (category, name, source,"
        + " source_id, geom, updated_by) VALUES ('" + FITNESS + "', '新增', 'patch-it', 'new-2', " + randomPoint()
        + ", 'test'); UPDATE facility SET geom = " + randomPoint() + ", version = version + 1 WHERE id = "
        + shelters.get(82) + "; COMMIT", true);
    // More than 128 facilities in one statement: not named, read whole.
    edits.put("UPDATE facility SET geom = ST_Translate(geom, -0.0002, 0.0001), version = version + 1 WHERE category = '"
        + SHELTER + "' AND id % 2 = 0", false);
    for (Map.Entry<String, Boolean> edit : edits.entrySet()) {
      long loads = index.categoryLoads();
      long patches = index.categoryPatches();
      execute(edit.getKey());
      assertSameAsAFreshRead();
      if (edit.getValue()) {
        assertThat(index.categoryLoads()).as("read whole after %s", edit.getKey()).isEqualTo(loads);
        assertThat(index.categoryPatches()).as("patched after %s", edit.getKey()).isGreaterThan(patches);
      } else {
        assertThat(index.categoryLoads()).as("read whole after %s", edit.getKey()).isGreaterThan(loads);
      }
    }
  }

  @Test
  void importsSmallAreNamedAndLargeAreReadWhole() throws Exception {
    long loads = index.categoryLoads();
    long patches = index.categoryPatches();
    ImportReport small = importShelters("small-import", 3);
    assertThat(small.inserted()).isEqualTo(3);
    assertSameAsAFreshRead();
    assertThat(index.categoryLoads()).isEqualTo(loads);
    assertThat(index.categoryPatches()).isGreaterThan(patches);
    ImportReport large = importShelters("large-import", 400);
    assertThat(large.inserted()).isEqualTo(400);
    assertSameAsAFreshRead();
    assertThat(index.categoryLoads()).isGreaterThan(loads);
    // The same import again changes nothing; moved in the file, its rows are updated.
    importShelters("small-import", 3);
    assertSameAsAFreshRead();
  }

  @Test
  void afterTheFeedWasLostTheCategoryIsReadWhole() throws Exception {
    index.lost();
    index.connected(); // changes may have been missed in between
    long loads = index.categoryLoads();
    execute("UPDATE facility SET geom = " + randomPoint() + ", version = version + 1 WHERE id = " + ids(SHELTER).get(1));
    assertSameAsAFreshRead();
    assertThat(index.categoryLoads()).as("both categories: the changes of either may have been missed").isEqualTo(loads + 2);
  }

  @Test
  void whileWritersCommitEveryQuestionGetsAConsistentCategoryAndTheLastOneTheRegistrysOwn() throws Exception {
    List<Long> shelters = ids(SHELTER);
    AtomicBoolean stop = new AtomicBoolean();
    ExecutorService writer = Executors.newSingleThreadExecutor();
    Future<Integer> writes = writer.submit(() -> {
      Random r = new Random(5);
      int n = 0;
      while (!stop.get()) {
        long id = shelters.get(r.nextInt(shelters.size()));
        // Two facilities moved together: a question sees both moves or neither.
        long other = shelters.get(r.nextInt(shelters.size()));
        double dx = (r.nextDouble() - 0.5) * 0.001;
        execute("BEGIN; UPDATE facility SET geom = ST_Translate(geom, " + dx + ", 0), version = version + 1 WHERE id = "
            + id + "; UPDATE facility SET geom = ST_Translate(geom, " + (-dx) + ", 0), version = version + 1 WHERE id = "
            + other + "; COMMIT");
        n++;
      }
      return n;
    });
    try {
      double total = sumOfLongitudes(index.snapshot(BOTH).facilities().get(SHELTER));
      for (int q = 0; q < 60; q++) {
        // Every transaction keeps the sum of the shelters' longitudes: a category holding half of one does not.
        assertThat(sumOfLongitudes(index.snapshot(BOTH).facilities().get(SHELTER))).isCloseTo(total,
            org.assertj.core.data.Offset.offset(1e-9));
      }
    } finally {
      stop.set(true);
      assertThat(writes.get(30, TimeUnit.SECONDS)).isGreaterThan(0);
      writer.shutdownNow();
    }
    assertSameAsAFreshRead();
  }

  /** Exact (in any order of the facilities): only the writes' own rounding moves it, by far less than 1e-9. */
  private static double sumOfLongitudes(CategoryFacilities f) {
    java.math.BigDecimal sum = java.math.BigDecimal.ZERO;
    for (int i = 0; i < f.size(); i++) {
      sum = sum.add(new java.math.BigDecimal(f.lon(i)));
    }
    return sum.doubleValue();
  }

  /** Both categories as the followed index holds them and as a fresh read gives them, id by id. */
  private static void assertSameAsAFreshRead() throws SQLException {
    FacilityIndex.Snapshots followed = index.snapshot(BOTH);
    FacilityIndex.Snapshots fresh = new FacilityIndex(db.dataSource()).snapshot(BOTH);
    for (String category : BOTH) {
      Map<Long, String> expected = byId(fresh.facilities().get(category));
      Map<Long, String> held = byId(followed.facilities().get(category));
      assertThat(expected).as("a category of no facilities proves nothing").hasSizeGreaterThan(50);
      Map<Long, String> wrong = new TreeMap<>(); // id: held -> registry
      for (Long id : union(expected.keySet(), held.keySet())) {
        if (!java.util.Objects.equals(expected.get(id), held.get(id))) {
          wrong.put(id, held.get(id) + " -> " + expected.get(id));
        }
      }
      assertThat(wrong).as("%s: facilities held otherwise than the registry holds them", category).isEmpty();
    }
  }

  private static java.util.Set<Long> union(java.util.Set<Long> a, java.util.Set<Long> b) {
    java.util.Set<Long> out = new java.util.TreeSet<>(a);
    out.addAll(b);
    return out;
  }

  private static Map<Long, String> byId(CategoryFacilities f) {
    Map<Long, String> out = new TreeMap<>();
    for (int i = 0; i < f.size(); i++) {
      String was = out.put(f.id(i), f.lon(i) + " " + f.lat(i) + " " + f.status(i));
      assertThat(was).as("facility %d held twice", f.id(i)).isNull();
    }
    return out;
  }

  private static ImportReport importShelters(String source, int n) throws Exception {
    List<SourceRecord> records = new ArrayList<>();
    Random r = new Random(n);
    for (int i = 0; i < n; i++) {
      Map<String, String> row = new LinkedHashMap<>();
      row.put("编号", source + "-" + i);
      row.put("名称", "避难场所" + i);
      row.put("类别", "应急避难场所");
      row.put("经度", Double.toString(120.30 + r.nextDouble() * 0.2));
      row.put("纬度", Double.toString(36.05 + r.nextDouble() * 0.15));
      row.put("状态", i % 5 == 0 ? "关闭" : "开放");
      records.add(new SourceRecord(i + 1, row, null, List.of()));
    }
    var iterator = records.iterator();
    RecordReader reader = new RecordReader() {
      @Override
      public Optional<SourceRecord> next() {
        return iterator.hasNext() ? Optional.of(iterator.next()) : Optional.empty();
      }

      @Override
      public void close() {}
    };
    ImportReport report = new FacilityImporter(db.dataSource()).run(
        new ImportRequest(ImportRequest.Layer.FACILITIES, null, false, false, null, source, "tester"), reader,
        ImportProgress.NONE, "facility-index-patch-it");
    assertThat(report.errors()).isEmpty();
    return report;
  }

  private static String randomPoint() {
    return "ST_SetSRID(ST_MakePoint(" + (120.30 + random.nextDouble() * 0.2) + ", " + (36.05 + random.nextDouble() * 0.15)
        + "), 4490)";
  }

  private static List<Long> ids(String category) throws SQLException {
    List<Long> ids = new ArrayList<>();
    try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT id FROM facility WHERE category = '" + category
            + "' AND NOT deleted ORDER BY id")) {
      while (rs.next()) {
        ids.add(rs.getLong(1));
      }
    }
    return ids;
  }

  private static void execute(String sql) throws SQLException {
    try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }
}
