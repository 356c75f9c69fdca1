package linli.registry.transfer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import javax.sql.DataSource;
import linli.registry.NamedSql;
import linli.registry.SqlResource;
import linli.registry.transfer.read.RecordReaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs imports as jobs, one or two at a time, so a large file does not hold an HTTP request open:
 * the caller may wait a little for a small one and otherwise poll. The instance that took the
 * upload runs the job; its state lives in the database ({@code import_job}), so a poll answered by
 * any instance on the same database sees it. While a job runs, its instance writes its progress
 * every {@link #HEARTBEAT}, stamped by the database's clock (instances' own clocks may disagree); a
 * job whose heartbeat stopped for {@link #STALE_AFTER} (its instance was killed) is failed by whoever
 * next looks, and an instance stopping fails its own unfinished jobs. Failed and committed exclude
 * each other: just before it commits, the import claims its job row inside its own transaction
 * ({@code import_job_claim.sql}), and rolls back if the job was already declared failed. After its
 * {@link Retention} a finished job is forgotten, so the table does not grow with every import ever
 * made. A job still queued or running is never forgotten.
 */
public final class ImportJobs implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ImportJobs.class);
  /** How often a running job's instance writes its progress (and so shows it is alive). */
  public static final Duration HEARTBEAT = Duration.ofSeconds(1);
  /** Without a heartbeat this long, a job's instance is taken for dead. */
  public static final Duration STALE_AFTER = Duration.ofMinutes(1);

  private static final NamedSql INSERT = sql("import_job_insert.sql");
  private static final NamedSql PROGRESS = sql("import_job_progress.sql");
  private static final NamedSql FINISH = sql("import_job_finish.sql");
  private static final NamedSql FIND = sql("import_job_find.sql");
  private static final NamedSql FAIL_STALE = sql("import_job_fail_stale.sql");
  private static final NamedSql FAIL_OWN = sql("import_job_fail_own.sql");
  private static final NamedSql FORGET = sql("import_job_forget.sql");
  private static final NamedSql CLAIM = sql("import_job_claim.sql");
  /** How long a stopping instance waits for its running imports to end before failing them. */
  private static final Duration STOP_GRACE = Duration.ofSeconds(5);

  public enum State { QUEUED, RUNNING, DONE, FAILED }

  /**
   * How long a finished job's report stays to be polled, and how many finished jobs are kept at
   * most (beyond that the ones that finished first go first, however young).
   */
  public record Retention(Duration finishedFor, int maxFinished) {
    public static final Retention DEFAULT = new Retention(Duration.ofHours(1), 100);

    public Retention {
      if (finishedFor.isNegative() || maxFinished < 0) {
        throw new IllegalArgumentException("a retention cannot be negative");
      }
    }
  }

  /**
   * A job as every instance sees it, read from the database: {@code reportJson} is the report as
   * the caller's writer made it (null until done), {@code error} why it failed (null unless failed).
   */
  public record Status(String id, State state, long rowsRead, long rowsValid, String reportJson, String error,
      Instant created, Instant finishedAt) {}

  /** One import run by this instance: its state, progress and, once done, its report (or why it failed). */
  public static final class Job {
    private final String id = UUID.randomUUID().toString();
    private final Instant created;
    private volatile Instant finishedAt;
    private volatile State state = State.QUEUED;
    private final AtomicLong rowsRead = new AtomicLong();
    private final AtomicLong rowsValid = new AtomicLong();
    private volatile ImportReport report;
    private volatile String error;
    private final CountDownLatch finished = new CountDownLatch(1);

    private Job(Instant created) {
      this.created = created;
    }

    public String id() {
      return id;
    }

    public Instant created() {
      return created;
    }

    public State state() {
      return state;
    }

    /** When the job ended (DONE or FAILED); null while it is queued or running. */
    public Instant finishedAt() {
      return finishedAt;
    }

    public long rowsRead() {
      return rowsRead.get();
    }

    public long rowsValid() {
      return rowsValid.get();
    }

    public ImportReport report() {
      return report;
    }

    /** Why the import failed, in words for the uploader; null unless FAILED. */
    public String error() {
      return error;
    }

    /** Waits up to {@code timeout} for the job to finish; true when it has. */
    public boolean await(Duration timeout) throws InterruptedException {
      return finished.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  private final DataSource dataSource;
  private final FacilityImporter facilities;
  private final RoadImporter roads;
  private final CommunityImporter communities;
  private final DivisionImporter divisions;
  private final ExecutorService executor;
  private final ScheduledExecutorService heartbeat;
  private final Map<String, Job> running = new ConcurrentHashMap<>();
  private final Retention retention;
  private final InstantSource clock;
  private final Duration staleAfter;
  private final Function<ImportReport, String> reportJson;
  /** This process among the instances on the database. */
  private final String instance = UUID.randomUUID().toString();

  /** {@code reportJson} writes a report as the API shows it; it is stored so and read back by any instance. */
  public ImportJobs(DataSource dataSource, int concurrent, Function<ImportReport, String> reportJson) {
    this(dataSource, concurrent, Retention.DEFAULT, InstantSource.system(), STALE_AFTER, reportJson);
  }

  /**
   * With {@code clock} telling when jobs start and finish and when a finished one is old enough to
   * forget, and another instance's job taken for dead after {@code staleAfter} without a heartbeat
   * (on the database's clock).
   */
  public ImportJobs(DataSource dataSource, int concurrent, Retention retention, InstantSource clock,
      Duration staleAfter, Function<ImportReport, String> reportJson) {
    this.dataSource = dataSource;
    this.retention = retention;
    this.clock = clock;
    this.staleAfter = staleAfter;
    this.reportJson = reportJson;
    this.facilities = new FacilityImporter(dataSource);
    this.roads = new RoadImporter(dataSource);
    this.communities = new CommunityImporter(dataSource);
    this.divisions = new DivisionImporter(dataSource);
    this.executor = Executors.newFixedThreadPool(concurrent, daemon("linli-import"));
    this.heartbeat = Executors.newSingleThreadScheduledExecutor(daemon("linli-import-heartbeat"));
    heartbeat.scheduleWithFixedDelay(this::beat, HEARTBEAT.toMillis(), HEARTBEAT.toMillis(), TimeUnit.MILLISECONDS);
  }

  private static ThreadFactory daemon(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }

  /** Queues the import of {@code file} (deleted when the job ends); every instance sees the job from now on. */
  public Job submit(ImportRequest request, Path file, String format, String encoding) throws SQLException {
    forgetExpired();
    Job job = new Job(clock.instant());
    try {
      update(INSERT, Map.of("id", job.id, "layer", request.layer().id(),
          "requested_by", request.by(), "instance", instance, "now", at(job.created)));
    } catch (SQLException | RuntimeException e) {
      deleteQuietly(file);
      throw e;
    }
    running.put(job.id, job);
    executor.submit(() -> run(job, request, file, format, encoding));
    return job;
  }

  /**
   * The job, whichever instance runs it, unless there never was one of that id or it finished
   * longer ago than the retention keeps.
   */
  public Optional<Status> find(String id) throws SQLException {
    try {
      UUID.fromString(id);
    } catch (IllegalArgumentException e) {
      return Optional.empty(); // never an id of ours
    }
    forgetExpired();
    try (Connection c = dataSource.getConnection(); PreparedStatement ps = FIND.prepare(c, Map.of("id", id));
        ResultSet rs = ps.executeQuery()) {
      if (!rs.next()) {
        return Optional.empty();
      }
      return Optional.of(new Status(rs.getString(1), State.valueOf(rs.getString(2).toUpperCase(Locale.ROOT)),
          rs.getLong(3), rs.getLong(4), rs.getString(5), rs.getString(6), instant(rs, 7), instant(rs, 8)));
    }
  }

  /**
   * Fails the jobs of instances that stopped beating, forgets the finished jobs past the retention's
   * age, then, while more than its count are left, the ones that finished first. Done on submit and
   * find rather than by a timer: nothing else reads the jobs, so nobody can tell the difference.
   */
  private void forgetExpired() throws SQLException {
    Instant now = clock.instant();
    update(FAIL_STALE, Map.of("now", at(now), "stale_seconds", staleAfter.toMillis() / 1000.0, "instance", instance));
    update(FORGET, Map.of("oldest_kept", at(now.minus(retention.finishedFor())),
        "max_finished", retention.maxFinished()));
  }

  /** Writes the progress of this instance's running jobs, which tells the others it is alive. */
  private void beat() {
    for (Job job : running.values()) {
      try {
        writeProgress(job);
      } catch (SQLException | RuntimeException e) {
        log.warn("Could not write the progress of import {}: {}", job.id, e.getMessage());
      }
    }
  }

  private void writeProgress(Job job) throws SQLException {
    // Its end is written once, by writeEnd: until then it is queued or running.
    update(PROGRESS, Map.of("id", job.id, "state", job.state == State.QUEUED ? "queued" : "running",
        "rows_read", job.rowsRead.get(), "rows_valid", job.rowsValid.get(), "now", at(clock.instant())));
  }

  private void run(Job job, ImportRequest request, Path file, String format, String encoding) {
    job.state = State.RUNNING;
    try {
      writeProgress(job);
    } catch (SQLException e) {
      log.warn("Could not mark import {} running: {}", job.id, e.getMessage());
    }
    ImportRequest tagged = new ImportRequest(request.layer(), request.crs(), request.dryRun(), request.skipBadRows(),
        request.defaultCategory(), request.source(), "import " + job.id + " by " + request.by(), request.repair());
    RecordSource upload = () -> RecordReaders.open(file, format, encoding, request.layer());
    try {
      ImportProgress progress = new ImportProgress() {
        @Override
        public void rows(long read, long valid) {
          job.rowsRead.set(read);
          job.rowsValid.set(valid);
        }

        @Override
        public void beforeCommit(Connection c) throws SQLException {
          try (PreparedStatement ps = CLAIM.prepare(c, Map.of("id", job.id))) {
            if (ps.executeUpdate() != 1) {
              throw new ImportFileException("the import was stopped before it finished (its service stopped or was "
                  + "taken for dead); nothing was written: upload the file again");
            }
          }
        }
      };
      String name = "linli-import-" + job.id;
      if (request.layer() == ImportRequest.Layer.FACILITIES) {
        job.report = facilities.run(tagged, upload, progress, name); // may read the file twice
      } else {
        try (RecordReader reader = upload.open()) {
          job.report = switch (request.layer()) {
            case ROADS -> roads.run(tagged, reader, progress, name);
            case DISTRICTS, STREETS -> divisions.run(tagged, reader, progress, name);
            default -> communities.run(tagged, reader, progress, name);
          };
        }
      }
      job.state = State.DONE;
    } catch (ImportFileException e) {
      job.error = e.getMessage();
      job.state = State.FAILED;
    } catch (IOException | SQLException | RuntimeException e) {
      log.error("Import {} failed", job.id, e);
      job.error = "the import failed and nothing was written: " + e.getMessage();
      job.state = State.FAILED;
    } finally {
      deleteQuietly(file);
      job.finishedAt = clock.instant(); // before the latch, so whoever awaits the job sees it
      writeEnd(job);
      running.remove(job.id);
      job.finished.countDown();
    }
  }

  /**
   * The job's end, for every instance to read; a database gone now leaves it to be failed as stale.
   * What the row then says (done once the import committed, whatever failed after) becomes the job's
   * state here too, so this instance's upload answer and metrics agree with every poll.
   */
  private void writeEnd(Job job) {
    String report = null;
    if (job.report != null) {
      try {
        report = reportJson.apply(job.report);
      } catch (RuntimeException e) {
        log.error("Could not write the report of import {}", job.id, e);
        // Keep what went wrong before, if anything: the report's failure must not hide it.
        job.error = (job.error == null ? "" : job.error + "; and ") + "its report could not be written: " + e.getMessage();
        job.state = State.FAILED;
      }
    }
    Map<String, Object> values = new HashMap<>();
    values.put("id", job.id);
    values.put("state", job.state.name().toLowerCase(Locale.ROOT));
    values.put("rows_read", job.rowsRead.get());
    values.put("rows_valid", job.rowsValid.get());
    values.put("now", at(job.finishedAt));
    values.put("error", job.error);
    values.put("report", report);
    try (Connection c = dataSource.getConnection(); PreparedStatement ps = FINISH.prepare(c, values);
        ResultSet rs = ps.executeQuery()) {
      if (rs.next()) {
        job.error = rs.getString(2);
        job.state = State.valueOf(rs.getString(1).toUpperCase(Locale.ROOT));
      }
    } catch (SQLException | RuntimeException e) {
      log.error("Could not record the end of import {} ({})", job.id, job.state, e);
    }
  }

  /** Stops this instance's heartbeat while its imports go on, as a process the others can no longer hear would. */
  void stopHeartbeat() {
    heartbeat.shutdownNow();
  }

  private int update(NamedSql sql, Map<String, ?> values) throws SQLException {
    try (Connection c = dataSource.getConnection(); PreparedStatement ps = sql.prepare(c, values)) {
      return ps.executeUpdate();
    }
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      log.warn("Could not delete upload {}", file);
    }
  }

  private static OffsetDateTime at(Instant instant) {
    return instant.atOffset(ZoneOffset.UTC);
  }

  private static Instant instant(ResultSet rs, int column) throws SQLException {
    OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
    return t == null ? null : t.toInstant();
  }

  private static NamedSql sql(String name) {
    return NamedSql.parse(SqlResource.load(ImportJobs.class, name));
  }

  /**
   * Stops taking jobs, gives running ones a few seconds to end, and fails this instance's unfinished
   * ones for every instance to see: their transactions end with the pool, and one that still reaches
   * its commit finds its job failed and rolls back, so nothing of them is written.
   */
  @Override
  public void close() {
    executor.shutdownNow();
    try {
      // An import about to commit may still do so (it claims its row first); one blocked longer is failed below.
      executor.awaitTermination(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    heartbeat.shutdownNow();
    try {
      update(FAIL_OWN, Map.of("now", at(clock.instant()), "instance", instance));
    } catch (SQLException | RuntimeException e) {
      log.warn("Could not mark this instance's unfinished imports failed: {}", e.getMessage());
    }
  }
}
