package linli.registry.ogc;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.sql.DataSource;
import linli.registry.Database;
import linli.registry.FeaturePage;
import linli.registry.facility.FacilityFilter;
import linli.registry.facility.FacilityStore;
import linli.registry.testing.PostgisExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * numberMatched of facility lists filtered by category and status alone: counted ahead once per
 * revision of the facility table, not by counting every match per request, and always the number
 * of live facilities that the same registry state holds (checked against a count of the rows).
 */
@ExtendWith(PostgisExtension.class)
class ItemsCountIT {
  private static final List<String> CATEGORIES = List.of("emergency_shelter", "police_office", "fitness_venue");
  private static final List<String> STATUSES = List.of("open", "closed", "planned");

  @Test
  void listsFilteredByCategoryAndStatusCountWhatTheRowsHoldAfterEveryKindOfChange(Database db) throws SQLException {
    DataSource ds = db.dataSource();
    execute(ds, "DELETE FROM facility");
    insert(ds, 300, 1);
    FacilityStore store = new FacilityStore(ds);
    assertEveryCountMatchesTheRows(ds, store);
    insert(ds, 50, 2);
    assertEveryCountMatchesTheRows(ds, store);
    execute(ds, "UPDATE facility SET deleted = true, version = version + 1 WHERE id % 7 = 0");
    assertEveryCountMatchesTheRows(ds, store);
    execute(ds, "UPDATE facility SET category = 'police_office', status = 'closed', version = version + 1"
        + " WHERE id % 5 = 0");
    assertEveryCountMatchesTheRows(ds, store);
    execute(ds, "DELETE FROM facility WHERE id % 3 = 0");
    assertEveryCountMatchesTheRows(ds, store);
    // An unfiltered OGC page is counted the same way.
    FeaturePage all = new OgcFeatureStore(ds).items(ItemsQuery.lonLat(OgcCollection.FACILITIES, null, 1, 0));
    assertThat(all.numberMatched()).isEqualTo(rows(ds, "SELECT count(*) FROM facility WHERE NOT deleted").get(0));
    // A page past the last match is empty and still counts them.
    long open = rows(ds, "SELECT count(*) FROM facility WHERE NOT deleted AND status = 'open'").get(0);
    FeaturePage past = store.list(filter(null, "open", 10, open));
    assertThat(past.numberReturned()).isZero();
    assertThat(past.numberMatched()).isEqualTo(open);
  }

  @Test
  void theSameRegistryStateIsCountedOnceAndAChangeIsCountedAgain(Database db) throws SQLException {
    execute(db.dataSource(), "DELETE FROM facility");
    insert(db.dataSource(), 200, 3);
    List<String> statements = new CopyOnWriteArrayList<>();
    FacilityStore store = new FacilityStore(recording(db.dataSource(), statements));

    store.list(filter("police_office", null, 1, 0));
    assertThat(statements).anyMatch(sql -> sql.contains("GROUP BY"));

    statements.clear();
    FeaturePage page = store.list(filter("fitness_venue", "open", 5, 0));
    FeaturePage all = store.list(filter(null, null, 5, 0));
    // Neither page counted its matches: no count of the rows, only the revision and the page itself.
    assertThat(statements).noneMatch(sql -> sql.contains("GROUP BY") || sql.contains("matched"));
    assertThat(page.numberMatched()).isEqualTo(rows(db.dataSource(),
        "SELECT count(*) FROM facility WHERE NOT deleted AND category = 'fitness_venue' AND status = 'open'").get(0));
    assertThat(all.numberMatched()).isEqualTo(200);

    insert(db.dataSource(), 1, 4);
    statements.clear();
    assertThat(store.list(filter(null, null, 5, 0)).numberMatched()).isEqualTo(201);
    assertThat(statements).anyMatch(sql -> sql.contains("GROUP BY"));
  }

  /** Every combination of category and status (each also left out), and its first page, against the rows. */
  private static void assertEveryCountMatchesTheRows(DataSource ds, FacilityStore store) throws SQLException {
    List<String> categories = new ArrayList<>(CATEGORIES);
    categories.add(null);
    List<String> statuses = new ArrayList<>(STATUSES);
    statuses.add(null);
    for (String category : categories) {
      for (String status : statuses) {
        String where = "NOT deleted" + (category == null ? "" : " AND category = '" + category + "'")
            + (status == null ? "" : " AND status = '" + status + "'");
        List<Long> ids = rows(ds, "SELECT id FROM facility WHERE " + where + " ORDER BY id");
        FeaturePage page = store.list(filter(category, status, 3, 1));
        String what = category + "/" + status;
        assertThat(page.numberMatched()).as(what).isEqualTo(ids.size());
        List<Long> expected = ids.subList(Math.min(1, ids.size()), Math.min(4, ids.size()));
        assertThat(page.numberReturned()).as(what).isEqualTo(expected.size());
        for (Long id : expected) {
          assertThat(page.featuresJson()).as(what).contains("\"id\" : " + id + ",");
        }
      }
    }
  }

  private static FacilityFilter filter(String category, String status, int limit, long offset) {
    return new FacilityFilter(category, status, null, null, null, limit, (int) offset);
  }

  /** {@code n} facilities of random categories and statuses in Qingdao, one statement. */
  private static void insert(DataSource ds, int n, long seed) throws SQLException {
    Random random = new Random(seed);
    StringBuilder values = new StringBuilder();
    for (int i = 0; i < n; i++) {
      values.append(i == 0 ? "" : ", ").append("('%s', 'f%d-%d', '%s', 'count-it', '%d-%d', ST_SetSRID(ST_MakePoint(%s, %s), 4490), 't')"
          .formatted(CATEGORIES.get(random.nextInt(CATEGORIES.size())), seed, i,
              STATUSES.get(random.nextInt(STATUSES.size())), seed, i, 120.3 + random.nextDouble() / 10,
              36.1 + random.nextDouble() / 10));
    }
    execute(ds, "INSERT INTO facility (category, name, status, source, source_id, geom, updated_by) VALUES " + values);
  }

  private static void execute(DataSource ds, String sql) throws SQLException {
    try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  private static List<Long> rows(DataSource ds, String sql) throws SQLException {
    List<Long> out = new ArrayList<>();
    try (Connection c = ds.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        out.add(rs.getLong(1));
      }
    }
    return out;
  }

  /** {@code ds}, noting the SQL of every statement prepared on its connections. */
  private static DataSource recording(DataSource ds, List<String> statements) {
    InvocationHandler connections = (proxy, method, args) -> {
      if (method.getName().equals("getConnection")) {
        Connection c = (Connection) invoke(method, ds, args);
        return Proxy.newProxyInstance(ItemsCountIT.class.getClassLoader(), new Class<?>[] {Connection.class},
            (p, m, a) -> {
              if (m.getName().startsWith("prepare") && a != null && a.length > 0 && a[0] instanceof String sql) {
                statements.add(sql);
              }
              return invoke(m, c, a);
            });
      }
      return invoke(method, ds, args);
    };
    return (DataSource) Proxy.newProxyInstance(ItemsCountIT.class.getClassLoader(), new Class<?>[] {DataSource.class},
        connections);
  }

  private static Object invoke(java.lang.reflect.Method method, Object target, Object[] args) throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }
}
