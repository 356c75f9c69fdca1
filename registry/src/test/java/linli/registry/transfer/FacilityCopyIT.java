package linli.registry.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import linli.registry.Database;
import linli.registry.Violation;
import linli.registry.city.CityLoader;
import linli.registry.crs.CoordinateSystem;
import linli.registry.testing.FixtureCity;
import linli.registry.testing.PostgisExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The first load of a source goes straight into facility ({@link FacilityCopy}): whatever the file,
 * the registry and the report come out exactly as from the staged path, which every file imported
 * through a once-only reader takes. Each test imports the same rows both ways, under two sources.
 */
@ExtendWith(PostgisExtension.class)
class FacilityCopyIT {
  private static final String[] HEADER = {"编号", "名称", "类别", "经度", "纬度", "容纳人数", "状态", "启用日期", "社区代码",
      "管理单位"};
  /** Every column an import writes, in a fixed order, for one source. */
  private static final String CONTENT = "SELECT string_agg(concat_ws('|', source_id, category, name, address, status,"
      + " capacity, area_m2, community_code, opened_on, extra, ST_AsEWKT(geom), version, deleted, updated_by),"
      + " E'\\n' ORDER BY source_id) FROM facility WHERE source = ?";
  private static Database db;
  private static FacilityImporter importer;

  @BeforeAll
  static void load(Database database) throws SQLException {
    db = database;
    new CityLoader(db.dataSource()).load(FixtureCity.build());
    importer = new FacilityImporter(db.dataSource());
  }

  private static String[] row(int i) {
    return new String[] {"Q-" + i, "设施" + i, i % 2 == 0 ? "应急避难场所" : "fitness_venue",
        Double.toString(120.302 + i % 300 * 0.00013), Double.toString(36.1 + i % 250 * 0.00007), (i * 10) + "人", "开放",
        "2022-03-" + (1 + i % 28), "", "单位" + i};
  }

  private static String[][] file(String[]... rows) {
    String[][] out = new String[rows.length + 1][];
    out[0] = HEADER;
    System.arraycopy(rows, 0, out, 1, rows.length);
    return out;
  }

  private static String[][] goodFile(int n) {
    String[][] rows = new String[n][];
    for (int i = 0; i < n; i++) {
      rows[i] = row(i);
    }
    return file(rows);
  }

  private record Both(ImportReport staged, ImportReport direct, int opens) {}

  /** The same rows through a once-only reader (staged) and through a re-openable upload (direct first). */
  private static Both importBoth(String name, boolean skip, String[][] table) throws Exception {
    ImportReport staged = importer.run(request(name + "-staged", skip), ListReader.table(table), ImportProgress.NONE,
        "linli-copy-test");
    AtomicInteger opens = new AtomicInteger();
    ImportReport direct = importer.run(request(name + "-direct", skip), () -> {
      opens.incrementAndGet();
      return ListReader.table(table);
    }, ImportProgress.NONE, "linli-copy-test");
    assertThat(direct.total()).isEqualTo(staged.total());
    assertThat(direct.inserted()).as("inserted").isEqualTo(staged.inserted());
    assertThat(direct.rejected()).as("rejected").isEqualTo(staged.rejected());
    assertThat(direct.committed()).as("committed").isEqualTo(staged.committed());
    assertThat(sorted(direct.errors())).isEqualTo(sorted(staged.errors()));
    assertThat(text(CONTENT, name + "-direct")).as("facility rows").isEqualTo(text(CONTENT, name + "-staged"));
    assertThat(count("SELECT count(*) FROM facility_history h JOIN facility f ON f.id = h.facility_id"
        + " WHERE f.source = '" + name + "-direct' AND h.action = 'create' AND h.version = 1"))
        .as("a history row per facility").isEqualTo(direct.inserted());
    return new Both(staged, direct, opens.get());
  }

  @Test
  void aCleanFileIsReadOnceAndLandsAsOnTheStagedPath() throws Exception {
    String[][] table = goodFile(300);
    table[5][8] = "370202001001"; // a community given in the file
    table[7][7] = "";             // no opening date
    Both both = importBoth("clean", false, table);
    assertThat(both.direct().inserted()).isEqualTo(300);
    assertThat(both.opens()).isEqualTo(1);
    assertThat(count("SELECT count(*) FROM facility WHERE source = 'clean-direct' AND community_code IS NOT NULL"))
        .as("communities found for the points").isGreaterThan(100);
  }

  @Test
  void aRepeatedSourceIdStartsOverOnTheStagedPath() throws Exception {
    String[][] table = goodFile(50);
    table[40][0] = "Q-3";
    for (boolean skip : new boolean[] {false, true}) {
      Both both = importBoth("repeat-" + skip, skip, table);
      assertThat(both.opens()).as("read again after the unique index refused the repeat").isEqualTo(2);
      assertThat(both.direct().errors()).extracting(Violation::field).containsExactly("source_id");
      assertThat(both.direct().committed()).isEqualTo(skip);
    }
  }

  @Test
  void aBadRowRejectsAsOnTheStagedPath() throws Exception {
    String[][] table = goodFile(20);
    table[3][3] = "东经一百二十度";
    table[9][3] = "116.4";          // Beijing: outside the registry's area
    table[9][4] = "39.9";
    table[12][8] = "370299999999"; // no such community
    table[15][3] = "119.0";         // outside the area and no such community: both are said
    table[15][8] = "370299999998";
    Both rejected = importBoth("bad-reject", false, table);
    assertThat(rejected.direct().committed()).isFalse();
    assertThat(rejected.opens()).isEqualTo(2);
    assertThat(count("SELECT count(*) FROM facility WHERE source = 'bad-reject-direct'")).isZero();
    Both skipped = importBoth("bad-skip", true, table);
    assertThat(skipped.opens()).as("skipped bad rows need no second reading").isEqualTo(1);
    assertThat(skipped.direct().inserted()).isEqualTo(16);
    assertThat(skipped.direct().errors()).extracting(Violation::field)
        .containsExactlyInAnyOrder("lon", "geometry", "community_code", "geometry", "community_code");
  }

  @Test
  void theChecksMadeWhileReadingSayWhatTheSqlChecksSay() throws Exception {
    // The same rows in CGCS2000 (checked in Java while reading) and in Web Mercator (placed and
    // checked by facility_checks.sql): the same rows rejected, on the same fields.
    String[][] table = goodFile(12);
    table[2][3] = "119.0";          // west of the area
    table[5][4] = "37.5";           // north of it
    table[7][8] = "370299999999";   // no such community
    table[9][3] = "121.9";          // both
    table[9][8] = "370299999998";
    String[][] mercator = new String[table.length][];
    mercator[0] = table[0];
    for (int r = 1; r < table.length; r++) {
      mercator[r] = table[r].clone();
      double lon = Double.parseDouble(table[r][3]);
      double lat = Double.parseDouble(table[r][4]);
      mercator[r][3] = Double.toString(lon * 20037508.342789244 / 180);
      mercator[r][4] = Double.toString(Math.log(Math.tan(Math.PI / 4 + Math.toRadians(lat) / 2)) * 6378137.0);
    }
    ImportReport inJava = importer.run(request("checks-java", true), ListReader.table(table), ImportProgress.NONE, "t");
    ImportReport inSql = importer.run(new ImportRequest(ImportRequest.Layer.FACILITIES,
        CoordinateSystem.WEB_MERCATOR, false, true, null, "checks-sql", "tester"), ListReader.table(mercator),
        ImportProgress.NONE, "t");
    assertThat(inJava.errors()).extracting(v -> v.row() + " " + v.field())
        .containsExactlyInAnyOrder("2 geometry", "5 geometry", "7 community_code", "9 geometry", "9 community_code");
    assertThat(sorted(inJava.errors())).extracting(v -> v.row() + " " + v.field())
        .isEqualTo(sorted(inSql.errors()).stream().map(v -> v.row() + " " + v.field()).toList());
    assertThat(inJava.inserted()).isEqualTo(inSql.inserted()).isEqualTo(8);
  }

  @Test
  void anEmptyFileCommitsNothing() throws Exception {
    String revision = text("SELECT revision::text FROM registry_revision WHERE layer = ?", "facility");
    ImportReport r = importer.run(request("empty", false), () -> ListReader.table(file()), ImportProgress.NONE, "t");
    assertThat(r.total()).isZero();
    assertThat(r.committed()).isTrue();
    assertThat(text("SELECT revision::text FROM registry_revision WHERE layer = ?", "facility")).isEqualTo(revision);
  }

  @Test
  void aSourceTheRegistryHoldsTakesTheStagedPathAndMatches() throws Exception {
    String[][] table = goodFile(10);
    importer.run(request("held", false), () -> ListReader.table(table), ImportProgress.NONE, "t");
    table[2][1] = "改名";
    ImportReport again = importer.run(request("held", false), () -> ListReader.table(table), ImportProgress.NONE, "t");
    assertThat(again.inserted()).isZero();
    assertThat(again.updated()).isEqualTo(1);
    assertThat(again.unchanged()).isEqualTo(9);
  }

  @Test
  void aDryRunWritesNothing() throws Exception {
    ImportReport dry = importer.run(new ImportRequest(ImportRequest.Layer.FACILITIES, null, true, false, null, "dry",
        "tester"), () -> ListReader.table(goodFile(5)), ImportProgress.NONE, "t");
    assertThat(dry.inserted()).isEqualTo(5);
    assertThat(dry.committed()).isFalse();
    assertThat(count("SELECT count(*) FROM facility WHERE source = 'dry'")).isZero();
  }

  /**
   * The statement triggers' transition table holds every row a first load inserts; past work_mem
   * PostgreSQL writes it to a temporary file and reads it back. 60,000 wide rows (about 2 KB each
   * in memory: 120 MB, beyond the 64 MB the import had before) stay in memory: the import's session
   * writes no temporary file (pg_stat_database, flushed by that same session before and after).
   */
  @Test
  void aFirstLoadKeepsItsTransitionTableInMemory() throws Exception {
    int n = 60_000;
    String[][] rows = new String[n + 1][];
    rows[0] = new String[] {"编号", "名称", "类别", "经度", "纬度", "地址", "管理单位"};
    String address = "x".repeat(480);
    for (int i = 1; i <= n; i++) {
      rows[i] = new String[] {"W-" + i, ("宽" + i + "设施名称").repeat(12), "fitness_venue",
          Double.toString(120.302 + i % 300 * 0.00013), Double.toString(36.1 + i % 250 * 0.00007), address + i,
          ("管理单位" + i).repeat(20)};
    }
    try (Connection session = db.dataSource().getConnection()) {
      FacilityImporter onThatSession = new FacilityImporter(oneSession(session));
      long before = flushedTempBytes(session);
      AtomicInteger opens = new AtomicInteger();
      ImportReport report = onThatSession.run(request("wide", false), () -> {
        opens.incrementAndGet();
        return ListReader.table(rows);
      }, ImportProgress.NONE, "linli-copy-wide");
      assertThat(report.inserted()).isEqualTo(n);
      assertThat(opens.get()).as("the direct path").isEqualTo(1);
      assertThat(flushedTempBytes(session) - before).as("bytes of temporary files").isZero();
    }
  }

  /** The temporary-file bytes of this database, with {@code session}'s own counts flushed first. */
  private static long flushedTempBytes(Connection session) throws Exception {
    session.setAutoCommit(true);
    try (Statement s = session.createStatement()) {
      s.execute("SELECT pg_stat_force_next_flush()"); // flushed as the session goes idle after it
      Thread.sleep(200);
      s.execute("SELECT 1");
      try (ResultSet rs = s.executeQuery("SELECT temp_bytes FROM pg_stat_database WHERE datname = current_database()")) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  /** A DataSource that hands out {@code session} every time, which closing leaves open. */
  private static DataSource oneSession(Connection session) {
    Connection unclosed = (Connection) Proxy.newProxyInstance(FacilityCopyIT.class.getClassLoader(),
        new Class<?>[] {Connection.class}, (proxy, method, args) -> {
          if (method.getName().equals("close")) {
            return null;
          }
          try {
            return method.invoke(session, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
    return (DataSource) Proxy.newProxyInstance(FacilityCopyIT.class.getClassLoader(), new Class<?>[] {DataSource.class},
        (proxy, method, args) -> {
          if (method.getName().equals("getConnection")) {
            return unclosed;
          }
          throw new UnsupportedOperationException(method.getName());
        });
  }

  @Test
  void aKilledFirstLoadLeavesNothingBehind() throws Exception {
    String[][] table = goodFile(2_000);
    RecordSource slow = () -> new RecordReader() {
      private final ListReader rows = ListReader.table(table);
      private int n;

      @Override
      public Optional<SourceRecord> next() {
        if (++n % 100 == 0) {
          try {
            Thread.sleep(20);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }
        return rows.next();
      }

      @Override
      public void close() {}
    };
    CompletableFuture<ImportReport> running = CompletableFuture.supplyAsync(() -> {
      try {
        return importer.run(request("killed-first", false), slow, ImportProgress.NONE, "linli-copy-kill-me");
      } catch (Exception e) {
        throw new RuntimeException(e);
      }
    });
    Thread.sleep(400);
    // Mid-file, the rows are going straight into facility (the direct path), not into a stage.
    assertThat(text("SELECT query FROM pg_stat_activity WHERE application_name = ?", "linli-copy-kill-me"))
        .startsWith("COPY facility ");
    count("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = 'linli-copy-kill-me'");
    assertThatThrownBy(() -> running.get(30, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class);
    assertThat(count("SELECT count(*) FROM facility WHERE source = 'killed-first'")).isZero();
  }

  private static ImportRequest request(String source, boolean skip) {
    return new ImportRequest(ImportRequest.Layer.FACILITIES, null, false, skip, null, source, "tester");
  }

  private static List<Violation> sorted(List<Violation> violations) {
    List<Violation> out = new ArrayList<>(violations);
    out.sort(Comparator.comparing(Violation::row).thenComparing(Violation::field));
    return out;
  }

  private static long count(String sql) throws SQLException {
    try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static String text(String sql, String parameter) throws SQLException {
    try (Connection c = db.dataSource().getConnection(); var ps = c.prepareStatement(sql)) {
      ps.setString(1, parameter);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getString(1) : null;
      }
    }
  }
}
