package linli.registry.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import linli.registry.Database;
import linli.registry.testing.PostgisExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Import jobs kept in PostgreSQL: two ImportJobs on one database stand for two instances. A job
 * submitted to one is polled to its report through the other; a finished job is forgotten after
 * its retention, on a clock the test moves; a job still running never is; a job whose instance
 * stopped, gracefully or not, is reported failed.
 */
@ExtendWith(PostgisExtension.class)
class ImportJobsIT {
  private static final ImportRequest ROADS = new ImportRequest(ImportRequest.Layer.ROADS, null, false, false, null,
      "test", "tester", false);
  private static final ImportRequest FACILITIES = new ImportRequest(ImportRequest.Layer.FACILITIES, null, false,
      false, null, "jobs-test", "tester", false);
  /** Imports of a file whose job is declared failed: none of them may be written. */
  private static final ImportRequest STOPPED = new ImportRequest(ImportRequest.Layer.FACILITIES, null, false,
      false, null, "jobs-stopped", "tester", false);

  @TempDir
  Path dir;
  private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2024-05-01T08:00:00Z"));
  private Database db;

  @BeforeEach
  void empty(Database database) throws Exception {
    db = database;
    try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
      s.executeUpdate("DELETE FROM import_job");
    }
  }


  private ImportJobs instance(ImportJobs.Retention retention) {
    return new ImportJobs(db.dataSource(), 2, retention, now::get, ImportJobs.STALE_AFTER,
        report -> "{\"total\": " + report.total() + "}");
  }

  private ImportJobs instance() {
    return instance(ImportJobs.Retention.DEFAULT);
  }

  /** A job that fails at once, before reading anything: its file is in no format Linli reads. */
  private ImportJobs.Job failedJob(ImportJobs jobs) throws Exception {
    ImportJobs.Job job = jobs.submit(ROADS, Files.createTempFile(dir, "upload", ".bin"), "nope", null);
    assertThat(job.await(Duration.ofSeconds(10))).isTrue();
    assertThat(job.state()).isEqualTo(ImportJobs.State.FAILED);
    return job;
  }

  private Path facilitiesCsv() throws Exception {
    return Files.writeString(dir.resolve("facilities-" + System.nanoTime() + ".csv"),
        "编号,名称,类别,经度,纬度\nJ1,作业一,应急避难场所,120.31,36.10\nJ2,作业二,应急避难场所,120.32,36.11\n");
  }

  /** Holds the facility and category tables, so an import of facilities waits inside PostgreSQL until released. */
  private Connection holdTables() throws Exception {
    Connection lock = db.dataSource().getConnection();
    lock.setAutoCommit(false);
    try (Statement s = lock.createStatement()) {
      s.execute("LOCK TABLE facility, category IN ACCESS EXCLUSIVE MODE");
    }
    return lock;
  }

  private long facilitiesFrom(String source) throws Exception {
    try (Connection c = db.dataSource().getConnection();
        PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM facility WHERE source = ?")) {
      ps.setString(1, source);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  private static ImportJobs.Status awaitState(ImportJobs jobs, String id, ImportJobs.State state) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    ImportJobs.Status status = jobs.find(id).orElseThrow();
    while (status.state() != state && System.nanoTime() < deadline) {
      Thread.sleep(100);
      status = jobs.find(id).orElseThrow();
    }
    assertThat(status.state()).as(status.toString()).isEqualTo(state);
    return status;
  }

  @Test
  void aJobSubmittedToOneInstanceIsPolledToItsReportThroughTheOther() throws Exception {
    try (ImportJobs a = instance(); ImportJobs b = instance()) {
      ImportJobs.Job job;
      try (Connection lock = holdTables()) {
        job = a.submit(FACILITIES, facilitiesCsv(), "csv", null);
        ImportJobs.Status seen = awaitState(b, job.id(), ImportJobs.State.RUNNING);
        assertThat(seen.reportJson()).isNull();
        assertThat(seen.finishedAt()).isNull();
        lock.rollback();
      }
      ImportJobs.Status done = awaitState(b, job.id(), ImportJobs.State.DONE);
      assertThat(done.reportJson()).isEqualTo("{\"total\": 2}");
      assertThat(done.rowsRead()).isEqualTo(2);
      assertThat(done.error()).isNull();
      assertThat(done.finishedAt()).isEqualTo(now.get());
      assertThat(a.find(job.id())).contains(done);
      assertThat(b.find("not-a-job")).isEmpty();
      assertThat(b.find(java.util.UUID.randomUUID().toString())).isEmpty();
    }
  }

  @Test
  void aFinishedJobIsKeptForTheRetentionAndThenForgottenByEveryInstance() throws Exception {
    try (ImportJobs a = instance(new ImportJobs.Retention(Duration.ofHours(1), 100)); ImportJobs b = instance()) {
      ImportJobs.Job job = failedJob(a);
      assertThat(b.find(job.id()).orElseThrow().error()).contains("nope");
      now.set(now.get().plus(Duration.ofMinutes(59)));
      assertThat(a.find(job.id())).isPresent();
      now.set(now.get().plus(Duration.ofMinutes(2)));
      assertThat(a.find(job.id())).isEmpty();
      assertThat(b.find(job.id())).isEmpty();
    }
  }

  @Test
  void beyondTheMostFinishedJobsKeptTheOldestFinishedAreForgottenFirst() throws Exception {
    try (ImportJobs jobs = instance(new ImportJobs.Retention(Duration.ofHours(1), 2))) {
      ImportJobs.Job first = failedJob(jobs);
      now.set(now.get().plusSeconds(1));
      ImportJobs.Job second = failedJob(jobs);
      now.set(now.get().plusSeconds(1));
      ImportJobs.Job third = failedJob(jobs);
      assertThat(jobs.find(first.id())).isEmpty();
      assertThat(jobs.find(second.id())).isPresent();
      assertThat(jobs.find(third.id())).isPresent();
    }
  }

  @Test
  void aJobStillRunningIsNeverForgotten() throws Exception {
    try (ImportJobs jobs = instance(new ImportJobs.Retention(Duration.ofHours(1), 1))) {
      ImportJobs.Job running;
      try (Connection lock = holdTables()) {
        running = jobs.submit(FACILITIES, facilitiesCsv(), "csv", null);
        now.set(now.get().plus(Duration.ofHours(2)));
        ImportJobs.Job older = failedJob(jobs);
        now.set(now.get().plusSeconds(1));
        ImportJobs.Job newer = failedJob(jobs);
        assertThat(jobs.find(running.id()).orElseThrow().state()).isIn(ImportJobs.State.QUEUED,
            ImportJobs.State.RUNNING);
        assertThat(jobs.find(older.id())).isEmpty();
        assertThat(jobs.find(newer.id())).isPresent();
        now.set(now.get().plusSeconds(1));
        lock.rollback();
        assertThat(running.await(Duration.ofSeconds(30))).isTrue();
        // Submitted first but finished last: the one finished job kept is now this one, for an hour from its end.
        assertThat(jobs.find(running.id())).isPresent();
        assertThat(jobs.find(newer.id())).isEmpty();
      }
      now.set(now.get().plus(Duration.ofMinutes(61)));
      assertThat(jobs.find(running.id())).isEmpty();
    }
  }

  @Test
  void aJobOfAnInstanceThatStoppedIsFailedForTheOthers() throws Exception {
    try (ImportJobs b = instance(); Connection lock = holdTables()) {
      // Stopped gracefully: it fails its own unfinished job as it closes.
      ImportJobs a = instance();
      ImportJobs.Job stopped = a.submit(STOPPED, facilitiesCsv(), "csv", null);
      awaitState(b, stopped.id(), ImportJobs.State.RUNNING);
      a.close();
      assertThat(b.find(stopped.id()).orElseThrow().error()).contains("service stopped");

      // Killed: its heartbeat stops (here while its import goes on, blocked); once older than the stale limit by
      // the database's clock, whoever looks next fails the job.
      try (ImportJobs killed = instance(); ImportJobs later = new ImportJobs(db.dataSource(), 2,
          ImportJobs.Retention.DEFAULT, now::get, Duration.ofMillis(1500), report -> "{}")) {
        ImportJobs.Job silent = killed.submit(STOPPED, facilitiesCsv(), "csv", null);
        awaitState(b, silent.id(), ImportJobs.State.RUNNING);
        killed.stopHeartbeat();
        // Its own instance does not fail it (it knows it is alive), nor one that waits longer, another does.
        assertThat(killed.find(silent.id()).orElseThrow().state()).isEqualTo(ImportJobs.State.RUNNING);
        assertThat(b.find(silent.id()).orElseThrow().state()).isEqualTo(ImportJobs.State.RUNNING);
        awaitState(later, silent.id(), ImportJobs.State.FAILED);
        assertThat(later.find(silent.id()).orElseThrow().error()).contains("instance running the import stopped");
        // The imports, blocked until now, reach their commit: both were declared failed, so both roll back.
        lock.rollback();
        assertThat(silent.await(Duration.ofSeconds(30))).isTrue();
        assertThat(stopped.await(Duration.ofSeconds(30))).isTrue();
        assertThat(silent.state()).isEqualTo(ImportJobs.State.FAILED);
        assertThat(silent.error()).contains("nothing was written");
        assertThat(facilitiesFrom("jobs-stopped")).as("a job declared failed wrote nothing").isZero();
        assertThat(b.find(silent.id()).orElseThrow().state()).as("its late end does not undo the verdict")
            .isEqualTo(ImportJobs.State.FAILED);
      }
    }
  }

  @Test
  void aJobThatCommittedBeforeItsInstanceDiedIsDoneNotFailed() throws Exception {
    try (ImportJobs looking = instance(); Connection c = db.dataSource().getConnection();
        Statement s = c.createStatement()) {
      // Its import committed (the claim is part of that transaction), then the instance died before writing
      // the end: the rows are there, so the job must not say "nothing was written".
      String committed = "7b0e3c52-5d1c-4f0e-9a57-4a53a4f7d001";
      String unclaimed = "7b0e3c52-5d1c-4f0e-9a57-4a53a4f7d002";
      s.executeUpdate("INSERT INTO import_job (id, state, layer, requested_by, instance, created_at, heartbeat_at,"
          + " committed_at) VALUES ('" + committed + "', 'running', 'facilities', 'tester', 'gone', now(),"
          + " clock_timestamp() - interval '2 minutes', clock_timestamp() - interval '2 minutes'),"
          + " ('" + unclaimed + "', 'running', 'facilities', 'tester', 'gone', now(),"
          + " clock_timestamp() - interval '2 minutes', NULL)");
      ImportJobs.Status done = looking.find(committed).orElseThrow();
      assertThat(done.state()).isEqualTo(ImportJobs.State.DONE);
      assertThat(done.error()).contains("was written");
      ImportJobs.Status failed = looking.find(unclaimed).orElseThrow();
      assertThat(failed.state()).isEqualTo(ImportJobs.State.FAILED);
      assertThat(failed.error()).contains("nothing was written");
    }
  }

  /**
   * Its import committed, then writing the report failed: the row says done (with why the end failed)
   * and so does the job in its own instance, which its upload and the metrics read.
   */
  @Test
  void aJobWhoseReportCannotBeWrittenAfterItsCommitIsDoneEverywhere() throws Exception {
    try (ImportJobs reportless = new ImportJobs(db.dataSource(), 1, ImportJobs.Retention.DEFAULT, now::get,
        ImportJobs.STALE_AFTER, report -> {
          throw new IllegalStateException("no room left for the report");
        })) {
      ImportJobs.Job job = reportless.submit(FACILITIES, facilitiesCsv(), "csv", null);
      assertThat(job.await(Duration.ofSeconds(30))).isTrue();
      ImportJobs.Status row = reportless.find(job.id()).orElseThrow();
      assertThat(row.state()).isEqualTo(ImportJobs.State.DONE);
      assertThat(row.reportJson()).isNull();
      assertThat(row.error()).startsWith("the import was written, but the service failed after its commit")
          .contains("no room left for the report");
      assertThat(job.state()).as("the instance's own view of the job").isEqualTo(ImportJobs.State.DONE);
      assertThat(job.error()).isEqualTo(row.error());
      assertThat(facilitiesFrom("jobs-test")).isPositive();
    }
  }
}
