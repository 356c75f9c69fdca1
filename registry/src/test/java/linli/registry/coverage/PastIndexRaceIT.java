package linli.registry.coverage;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;
import linli.registry.Database;
import linli.registry.city.CityData;
import linli.registry.city.CityLoader;
import linli.registry.testing.FixtureCity;
import linli.registry.testing.PostgisExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Review of 3a3563d: a change committed while a past question is being answered must not show in
 * the answer when it was made after the instant asked. The commit is placed deterministically
 * between two reads of one question by a DataSource that runs it when PastIndex closes (or opens)
 * a connection.
 */
@ExtendWith(PostgisExtension.class)
class PastIndexRaceIT {
  private static final String CATEGORY = "fitness_venue";
  private static Database db;

  @BeforeAll
  static void load(Database database) throws Exception {
    db = database;
    CityData fixture = FixtureCity.build();
    Random random = new Random(3);
    List<CityData.Facility> facilities = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      facilities.add(new CityData.Facility(CATEGORY, "设施" + i, null, "open", null, null, null, null, "race-it",
          "seed" + i, FixtureCity.point(FixtureCity.microdegrees(120.295 + random.nextDouble() * 0.085),
              FixtureCity.microdegrees(36.094 + random.nextDouble() * 0.022))));
    }
    new CityLoader(db.dataSource()).load(new CityData(fixture.districts(), fixture.streets(), fixture.communities(),
        facilities, FixtureCity.walkableGrid()));
  }

  /**
   * Network mode asks PastIndex whether anything changed since the instant, and when nothing did
   * reads today's index afterwards: a change committed in between (made after the instant) is in
   * the past answer.
   */
  @Test
  void aChangeCommittedAfterTheInstantDoesNotShowInANetworkAnswerAsOfIt() throws Exception {
    Instant at = mark();
    AtomicReference<Runnable> onClose = new AtomicReference<>();
    FacilityIndex index = new FacilityIndex(db.dataSource());
    PastIndex past = new PastIndex(hooked(db.dataSource(), onClose, null), index);
    NetworkCoverage network = new NetworkCoverage(db.dataSource(), new RoadGraphCache(), index, past,
        NetworkCoverage.MAX_KEPT_SEARCH_BYTES);
    CoverageQuery q = new CoverageQuery(CATEGORY, 800, CoverageMode.NETWORK, null, List.of("open")).at(at);

    List<CommunityCoverage> asOf = network.communities(q); // nothing changed since: today's answer
    assertThat(asOf.stream().filter(CommunityCoverage::covered).count()).isPositive();

    // Every facility of the category closed, by a transaction that starts after the instant and
    // commits right after PastIndex has looked for changes since it.
    onClose.set(PastIndexRaceIT::closeEveryFacility);
    List<CommunityCoverage> raced = network.communities(q);
    List<CommunityCoverage> after = network.communities(q);

    assertThat(after).as("asked again after the commit").isEqualTo(asOf);
    assertThat(raced).as("asked while the commit came in").isEqualTo(asOf);
  }

  /**
   * A transaction T that started before the instant (its history rows are stamped with its start,
   * so at or before the instant) and a later one U, both committing between PastIndex's read of
   * today's index and its read of the changes since the instant: T's changes are in neither, except
   * where U touched the same facility. The answer then mixes the registry before T (facility 2 open)
   * and after it (facility 1 closed): a state that never was. Both facilities of T must agree.
   */
  @Test
  void aTransactionOlderThanTheInstantCommittingMeanwhileIsWhollyInOrWhollyOut() throws Exception {
    long[] ids = new long[2];
    try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
      for (int i = 0; i < 2; i++) {
        try (ResultSet rs = s.executeQuery("INSERT INTO facility (category, name, status, source, source_id, geom,"
            + " updated_by) VALUES ('emergency_shelter', 'T" + i + "', 'open', 'race-it', 't" + i
            + "', ST_SetSRID(ST_MakePoint(120.31, 36.1), 4490), 'race-it') RETURNING id")) {
          rs.next();
          ids[i] = rs.getLong(1);
        }
      }
    }
    Connection t = db.dataSource().getConnection();
    t.setAutoCommit(false);
    try (Statement s = t.createStatement()) {
      s.execute("UPDATE facility SET status = 'closed', version = version + 1, updated_at = now(),"
          + " updated_by = 'race-it' WHERE id IN (" + ids[0] + ", " + ids[1] + ")");
    }
    Instant at = mark(); // after T started, before it commits
    AtomicReference<Runnable> onOpen = new AtomicReference<>(() -> {
      try {
        t.commit();
        t.close();
      } catch (SQLException e) {
        throw new IllegalStateException(e);
      }
      try (Connection u = db.dataSource().getConnection(); Statement s = u.createStatement()) {
        s.execute("UPDATE facility SET geom = ST_SetSRID(ST_MakePoint(120.311, 36.1), 4490), version = version + 1,"
            + " updated_at = now(), updated_by = 'race-it' WHERE id = " + ids[0]);
      } catch (SQLException e) {
        throw new IllegalStateException(e);
      }
    });
    FacilityIndex index = new FacilityIndex(db.dataSource());
    PastIndex past = new PastIndex(hooked(db.dataSource(), null, onOpen), index);
    index.snapshot(List.of("emergency_shelter")); // loaded before T commits

    var then = past.snapshot(at, List.of("emergency_shelter")).facilities().get("emergency_shelter");
    String[] status = new String[2];
    for (int i = 0; i < then.size(); i++) {
      for (int k = 0; k < 2; k++) {
        if (then.id(i) == ids[k]) {
          status[k] = then.status(i);
        }
      }
    }
    assertThat(status[0]).as("T's facility 1 (U moved it since)").isEqualTo(status[1]);
    // As the history now says: T is before the instant.
    assertThat(status).containsExactly("closed", "closed");
  }

  /**
   * Review of the attempts above: when today's index moved under every one of them (a stream of
   * writes), the answer was made from the last attempt's reads anyway, so a transaction older than the
   * instant that committed between them was left out. Here one such transaction commits at every
   * connection PastIndex opens: the answer must still be what the history says, read whole in one
   * snapshot once the attempts are spent.
   */
  @Test
  void underAStreamOfCommitsOlderThanTheInstantTheAnswerIsWhatTheHistorySays() throws Exception {
    int writers = 12;
    long[] ids = new long[2 * writers];
    try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
      for (int i = 0; i < ids.length; i++) {
        try (ResultSet rs = s.executeQuery("INSERT INTO facility (category, name, status, source, source_id, geom,"
            + " updated_by) VALUES ('emergency_shelter', 'S" + i + "', 'open', 'race-it', 'stream" + i
            + "', ST_SetSRID(ST_MakePoint(120.32, 36.1), 4490), 'race-it') RETURNING id")) {
          rs.next();
          ids[i] = rs.getLong(1);
        }
      }
    }
    // Each writer's transaction starts now (now() is fixed at its first statement), before the instant;
    // it writes (a facility writer holds the revision row till it commits, so one at a time) and
    // commits later, as a connection is opened.
    java.util.ArrayDeque<Connection> pending = new java.util.ArrayDeque<>();
    for (int k = 0; k < writers; k++) {
      Connection t = db.openDirect(); // outside the pool: twelve held open would drain it
      t.setAutoCommit(false);
      try (Statement s = t.createStatement()) {
        s.execute("SELECT now()");
      }
      pending.add(t);
    }
    Instant at = mark();
    List<Integer> committed = new ArrayList<>();
    AtomicReference<Runnable> onOpen = new AtomicReference<>();
    onOpen.set(new Runnable() {
      @Override
      public void run() {
        Connection t = pending.poll();
        if (t == null) {
          return;
        }
        int k = writers - pending.size() - 1;
        try (Statement s = t.createStatement()) {
          s.execute("UPDATE facility SET status = 'closed', version = version + 1, updated_at = now(),"
              + " updated_by = 'race-it' WHERE id IN (" + ids[2 * k] + ", " + ids[2 * k + 1] + ")");
          t.commit();
          t.close();
        } catch (SQLException e) {
          throw new IllegalStateException(e);
        }
        committed.add(k);
        onOpen.set(this);
      }
    });
    FacilityIndex index = new FacilityIndex(db.dataSource());
    PastIndex past = new PastIndex(hooked(db.dataSource(), null, onOpen), index);
    try {
      index.snapshot(List.of("emergency_shelter"));
      var then = past.snapshot(at, List.of("emergency_shelter")).facilities().get("emergency_shelter");
      Map<Long, String> status = new HashMap<>();
      for (int i = 0; i < then.size(); i++) {
        status.put(then.id(i), then.status(i));
      }
      assertThat(committed).as("writers that committed while the question was answered").hasSizeGreaterThan(4);
      for (int k : committed) {
        assertThat(List.of(status.get(ids[2 * k]), status.get(ids[2 * k + 1])))
            .as("writer %d of %d, older than the instant: its facilities as the history has them", k + 1,
                committed.size())
            .containsExactly("closed", "closed");
      }
      assertThat(past.wholeReads()).as("read whole once the attempts were spent").isEqualTo(1);
    } finally {
      onOpen.set(null);
      for (Connection t : pending) {
        t.rollback();
        t.close();
      }
    }
  }

  /**
   * Revisions only grow, so an instant read at older revisions is never served again: it is not
   * kept (with its changes and the categories made from today's) until seven others push it out.
   */
  @Test
  void instantsReadAtOlderRevisionsAreNotKept() throws Exception {
    insertFacility(1);
    Instant a = mark();
    insertFacility(2);
    Instant b = mark();
    insertFacility(3);
    PastIndex past = new PastIndex(db.dataSource(), new FacilityIndex(db.dataSource()));
    past.snapshot(a, List.of(CATEGORY));
    past.snapshot(b, List.of(CATEGORY));
    assertThat(past.kept()).isEqualTo(2);
    insertFacility(4);
    past.snapshot(b, List.of(CATEGORY));
    assertThat(past.kept()).as("a was read before the last change").isEqualTo(1);
    // An instant nothing changed since (a comparison or report up to now) pushes out none.
    for (int i = 0; i < PastIndex.MAX_INSTANTS; i++) {
      past.snapshot(mark(), List.of(CATEGORY));
    }
    assertThat(past.kept()).as("b is still kept").isEqualTo(1);
  }

  private static void insertFacility(int serial) {
    try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
      s.execute("INSERT INTO facility (category, name, status, source, source_id, geom, updated_by) VALUES ('"
          + CATEGORY + "', '新" + serial + "', 'open', 'race-it', 'kept" + serial
          + "', ST_SetSRID(ST_MakePoint(120.31, 36.1), 4490), 'race-it')");
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  // --- helpers ---------------------------------------------------------------------------------

  private static void closeEveryFacility() {
    try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
      s.execute("UPDATE facility SET status = 'closed', version = version + 1, updated_at = now(),"
          + " updated_by = 'race-it' WHERE category = '" + CATEGORY + "' AND status = 'open'");
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A DataSource whose connections run the armed hook (once) when closed, or when opened. */
  static DataSource hooked(DataSource ds, AtomicReference<Runnable> onClose, AtomicReference<Runnable> onOpen) {
    return (DataSource) Proxy.newProxyInstance(PastIndexRaceIT.class.getClassLoader(),
        new Class<?>[] {DataSource.class}, (proxy, method, args) -> {
          Object out = invoke(method, ds, args);
          if (method.getName().equals("getConnection")) {
            Runnable open = onOpen == null ? null : onOpen.getAndSet(null);
            if (open != null) {
              open.run();
            }
            Connection c = (Connection) out;
            InvocationHandler h = (p, m, a) -> {
              Object r = invoke(m, c, a);
              if (m.getName().equals("close")) {
                Runnable close = onClose == null ? null : onClose.getAndSet(null);
                if (close != null) {
                  close.run();
                }
              }
              return r;
            };
            return Proxy.newProxyInstance(PastIndexRaceIT.class.getClassLoader(),
                new Class<?>[] {Connection.class}, h);
          }
          return out;
        });
  }

  private static Object invoke(java.lang.reflect.Method m, Object target, Object[] args) throws Throwable {
    try {
      return m.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  /** An instant strictly between the last commit and the next transaction's start. */
  static Instant mark() throws Exception {
    Thread.sleep(3);
    try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT clock_timestamp()")) {
      rs.next();
      Instant at = rs.getObject(1, OffsetDateTime.class).toInstant();
      Thread.sleep(3);
      return at;
    }
  }
}
