package linli.registry.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import linli.registry.Database;
import linli.registry.testing.PostgisExtension;
import linli.registry.testing.TestPostgis;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The write buckets on a real PostgreSQL: a burst, then one write per interval; a pause refills up
 * to the burst only; and two pools on one database (two instances) racing for one token's writes
 * are let through exactly the burst between them, not twice it.
 */
@ExtendWith(PostgisExtension.class)
class WriteBucketsIT {
  @Test
  void aBurstIsAllowedThenTheNextWriteWaitsOneInterval(Database db) throws Exception {
    WriteBuckets buckets = new WriteBuckets(db.dataSource());
    for (int i = 0; i < 4; i++) {
      assertThat(buckets.take("token:1", 30, 4)).isZero(); // one write per 2 s, bursts of 4
    }
    Duration wait = buckets.take("token:1", 30, 4);
    // Four writes took a little time, so a little less than the 2 s interval is left.
    assertThat(wait).isBetween(Duration.ofMillis(1_000), Duration.ofMillis(2_000));
    assertThat(buckets.take("token:1", 30, 4)).as("a refused write takes nothing").isBetween(
        wait.minusMillis(500), wait);
    // Another principal has its own bucket.
    assertThat(buckets.take("token:2", 30, 4)).isZero();
    Thread.sleep(wait.toMillis() + 50);
    assertThat(buckets.take("token:1", 30, 4)).isZero();
    assertThat(buckets.take("token:1", 30, 4)).isPositive();
  }

  @Test
  void aLongPauseRefillsOnlyUpToTheBurst(Database db) throws Exception {
    WriteBuckets buckets = new WriteBuckets(db.dataSource());
    while (buckets.take("admin-env", 60, 3).isZero()) {
      // empties the bucket
    }
    try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
      s.executeUpdate("UPDATE write_rate SET full_at = full_at - interval '1 hour' WHERE principal = 'admin-env'");
    }
    int allowed = 0;
    while (buckets.take("admin-env", 60, 3).isZero()) {
      allowed++;
    }
    assertThat(allowed).isEqualTo(3);
  }

  @Test
  void twoInstancesRacingShareOneBucket(Database db) throws Exception {
    String url;
    try (Connection c = db.dataSource().getConnection()) {
      url = TestPostgis.get().urlFor(c.getCatalog());
    }
    try (Database other = Database.connect(url)) {
      List<WriteBuckets> instances = List.of(new WriteBuckets(db.dataSource()), new WriteBuckets(other.dataSource()));
      ExecutorService pool = Executors.newFixedThreadPool(8);
      try {
        List<Future<Duration>> takes = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
          WriteBuckets instance = instances.get(i % 2);
          takes.add(pool.submit(() -> instance.take("token:shared", 1, 10))); // one a minute: no refill here
        }
        int allowed = 0;
        for (Future<Duration> take : takes) {
          allowed += take.get().isZero() ? 1 : 0;
        }
        assertThat(allowed).isEqualTo(10);
      } finally {
        pool.shutdownNow();
      }
    }
  }
}
