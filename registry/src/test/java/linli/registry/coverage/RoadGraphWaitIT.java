package linli.registry.coverage;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import linli.registry.Database;
import linli.registry.city.CityLoader;
import linli.registry.testing.FixtureCity;
import linli.registry.testing.PostgisExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A question that reads in its own snapshot (capacity, a service area, a past question, along the
 * roads, the inputs of network suggestions) and finds the road graph being built waits for it holding no pooled connection: at
 * province scale a build takes tens of seconds (and the warm-up runs one at every start), so each
 * such caller holding its connection meanwhile would take one of the pool's few from everyone else.
 * The build is stood in for by holding the cache's build lock.
 */
@ExtendWith(PostgisExtension.class)
class RoadGraphWaitIT {
  private static Database db;

  @BeforeAll
  static void load(Database database) throws SQLException {
    db = database;
    new CityLoader(db.dataSource()).load(FixtureCity.build());
  }

  private interface Question {
    void ask(RoadGraphCache graphs) throws Exception;
  }

  @Test
  void capacityAlongTheRoadsWaitsWithoutAConnection() throws Exception {
    // The catchment itself, past the coverage answer it starts from (which waits on its own, holding none).
    CoverageQuery shelters = new CoverageQuery("emergency_shelter", 1000, CoverageMode.NETWORK, null, List.of("open"));
    List<CommunityCoverage> all = new CoverageAnalyzer(db.dataSource()).communities(shelters);
    assertWaitsWithoutConnection(graphs -> new CapacityAnalyzer(db.dataSource(), graphs).compute(shelters, all));
  }

  @Test
  void serviceAreaAlongTheRoadsWaitsWithoutAConnection() throws Exception {
    assertWaitsWithoutConnection(graphs -> new ServiceAreas(db.dataSource(), graphs)
        .site(ServiceAreas.Origin.site(120.38, 36.07, "emergency_shelter", 500), CoverageMode.NETWORK));
  }

  @Test
  void networkSuggestionsInputsWaitWithoutAConnection() throws Exception {
    assertWaitsWithoutConnection(graphs -> new NetworkCoverage(db.dataSource(), graphs, new FacilityIndex(db.dataSource()))
        .inputs(new CoverageQuery("police_office", 500, CoverageMode.NETWORK, null, List.of("open"))));
  }

  @Test
  void pastQuestionAlongTheRoadsWaitsWithoutAConnection() throws Exception {
    // Answered from the history only when the registry changed since the instant (else as today).
    Instant before = Instant.now();
    Thread.sleep(5);
    try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
      s.executeUpdate("UPDATE facility SET name = name || ' (renamed)', version = version + 1 WHERE id = (SELECT min(id) FROM facility)");
    }
    assertWaitsWithoutConnection(graphs -> new CoverageAnalyzer(db.dataSource(), graphs)
        .communities(new CoverageQuery("police_office", 500, CoverageMode.NETWORK, null, List.of("open")).at(before)));
  }

  private static void assertWaitsWithoutConnection(Question question) throws Exception {
    HikariDataSource pool = (HikariDataSource) db.dataSource();
    RoadGraphCache graphs = new RoadGraphCache();
    AtomicReference<Throwable> failed = new AtomicReference<>();
    Thread asker = new Thread(() -> {
      try {
        question.ask(graphs);
      } catch (Throwable e) {
        failed.set(e);
      }
    }, "asker");
    synchronized (graphs.building) { // a build in progress
      asker.start();
      awaitBlockedOn(asker, graphs.building);
      assertThat(pool.getHikariPoolMXBean().getActiveConnections())
          .as("pooled connections held while the graph is built").isZero();
    }
    asker.join(60_000);
    assertThat(asker.isAlive()).isFalse();
    assertThat(failed.get()).isNull();
  }

  private static void awaitBlockedOn(Thread thread, Object lock) throws InterruptedException {
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (System.nanoTime() < deadline) {
      ThreadInfo info = ManagementFactory.getThreadMXBean().getThreadInfo(thread.getId());
      if (info != null && thread.getState() == Thread.State.BLOCKED && info.getLockInfo() != null
          && info.getLockInfo().getIdentityHashCode() == System.identityHashCode(lock)) {
        return;
      }
      Thread.sleep(5);
    }
    throw new AssertionError("the question never waited for the build: " + thread.getState());
  }
}
