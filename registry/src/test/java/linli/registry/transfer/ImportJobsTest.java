package linli.registry.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Finished jobs are forgotten after their retention, on a clock the test moves (nothing sleeps). */
class ImportJobsTest {
  private static final ImportRequest ROADS = new ImportRequest(ImportRequest.Layer.ROADS, null, false, false, null,
      "test", "tester", false);

  @TempDir
  Path dir;
  private volatile Instant now = Instant.parse("2024-05-01T08:00:00Z");

  private ImportJobs jobs(DataSource dataSource, ImportJobs.Retention retention) {
    return new ImportJobs(dataSource, 2, retention, () -> now);
  }

  /** A job that fails at once, before any database: its file is in no format Linli reads. */
  private ImportJobs.Job finishedJob(ImportJobs jobs) throws Exception {
    ImportJobs.Job job = jobs.submit(ROADS, Files.createTempFile(dir, "upload", ".bin"), "nope", null);
    assertThat(job.await(Duration.ofSeconds(10))).isTrue();
    assertThat(job.state()).isEqualTo(ImportJobs.State.FAILED);
    return job;
  }

  @Test
  void aFinishedJobIsKeptForTheRetentionAndThenForgotten() throws Exception {
    try (ImportJobs jobs = jobs(null, new ImportJobs.Retention(Duration.ofHours(1), 100))) {
      ImportJobs.Job job = finishedJob(jobs);
      now = now.plus(Duration.ofMinutes(59));
      assertThat(jobs.find(job.id())).containsSame(job);
      now = now.plus(Duration.ofMinutes(2));
      assertThat(jobs.find(job.id())).isEmpty();
    }
  }

  @Test
  void beyondTheMostFinishedJobsKeptTheOldestFinishedAreForgottenFirst() throws Exception {
    try (ImportJobs jobs = jobs(null, new ImportJobs.Retention(Duration.ofHours(1), 2))) {
      ImportJobs.Job first = finishedJob(jobs);
      now = now.plusSeconds(1);
      ImportJobs.Job second = finishedJob(jobs);
      now = now.plusSeconds(1);
      ImportJobs.Job third = finishedJob(jobs);
      assertThat(jobs.find(first.id())).isEmpty();
      assertThat(jobs.find(second.id())).containsSame(second);
      assertThat(jobs.find(third.id())).containsSame(third);
    }
  }

  @Test
  void aJobStillRunningIsNeverForgotten() throws Exception {
    CountDownLatch database = new CountDownLatch(1);
    // The import waits for a connection until the test lets it fail.
    DataSource waiting = (DataSource) Proxy.newProxyInstance(getClass().getClassLoader(),
        new Class<?>[] {DataSource.class}, (proxy, method, args) -> {
          if (method.getName().equals("getConnection")) {
            database.await();
            throw new SQLException("no database in this test");
          }
          throw new UnsupportedOperationException(method.getName());
        });
    Path csv = Files.writeString(dir.resolve("roads.csv"), "highway,walkable,wkt\n");
    try (ImportJobs jobs = jobs(waiting, new ImportJobs.Retention(Duration.ofHours(1), 1))) {
      ImportJobs.Job running = jobs.submit(ROADS, csv, "csv", null);
      now = now.plus(Duration.ofHours(2));
      ImportJobs.Job older = finishedJob(jobs);
      now = now.plusSeconds(1);
      ImportJobs.Job newer = finishedJob(jobs);
      assertThat(jobs.find(running.id())).containsSame(running);
      assertThat(running.state()).isIn(ImportJobs.State.QUEUED, ImportJobs.State.RUNNING);
      assertThat(jobs.find(older.id())).isEmpty();
      assertThat(jobs.find(newer.id())).containsSame(newer);

      now = now.plusSeconds(1);
      database.countDown();
      assertThat(running.await(Duration.ofSeconds(10))).isTrue();
      // Submitted first but finished last: the one finished job kept is now this one, for an hour from its end.
      assertThat(jobs.find(running.id())).containsSame(running);
      assertThat(jobs.find(newer.id())).isEmpty();
      now = now.plus(Duration.ofMinutes(61));
      assertThat(jobs.find(running.id())).isEmpty();
    }
  }
}
