package linli.registry.transfer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import linli.registry.transfer.read.RecordReaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs imports as jobs, one or two at a time, so a large file does not hold an HTTP request open:
 * the caller may wait a little for a small one and otherwise poll. Jobs live in memory: a restart
 * forgets them (the database never holds half an import either way), and so, after its
 * {@link Retention}, does a running service forget a finished one, so memory does not grow with
 * every import ever made. A job still queued or running is never forgotten.
 */
public final class ImportJobs implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ImportJobs.class);

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

  /** One import: its state, progress and, once done, its report (or why it failed). */
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

  private final FacilityImporter facilities;
  private final RoadImporter roads;
  private final CommunityImporter communities;
  private final DivisionImporter divisions;
  private final ExecutorService executor;
  private final Map<String, Job> jobs = new ConcurrentHashMap<>();
  private final Retention retention;
  private final InstantSource clock;

  public ImportJobs(DataSource dataSource, int concurrent) {
    this(dataSource, concurrent, Retention.DEFAULT, InstantSource.system());
  }

  /** With {@code clock} telling when jobs start and finish and when a finished one is old enough to forget. */
  public ImportJobs(DataSource dataSource, int concurrent, Retention retention, InstantSource clock) {
    this.retention = retention;
    this.clock = clock;
    this.facilities = new FacilityImporter(dataSource);
    this.roads = new RoadImporter(dataSource);
    this.communities = new CommunityImporter(dataSource);
    this.divisions = new DivisionImporter(dataSource);
    this.executor = Executors.newFixedThreadPool(concurrent, r -> {
      Thread t = new Thread(r, "linli-import");
      t.setDaemon(true);
      return t;
    });
  }

  /** Queues the import of {@code file} (deleted when the job ends). */
  public Job submit(ImportRequest request, Path file, String format, String encoding) {
    forgetExpired();
    Job job = new Job(clock.instant());
    jobs.put(job.id, job);
    executor.submit(() -> run(job, request, file, format, encoding));
    return job;
  }

  /** The job, unless there never was one of that id or it finished longer ago than the retention keeps. */
  public Optional<Job> find(String id) {
    forgetExpired();
    return Optional.ofNullable(jobs.get(id));
  }

  /**
   * Forgets the finished jobs past the retention's age, then, while more than its count are left,
   * the ones that finished first. Done on submit and find rather than by a timer: nothing else
   * reads the jobs, so nobody can tell the difference.
   */
  private synchronized void forgetExpired() {
    Instant oldestKept = clock.instant().minus(retention.finishedFor());
    List<Job> finished = new ArrayList<>();
    for (Job job : jobs.values()) {
      Instant at = job.finishedAt;
      if (at == null) {
        continue; // queued or running
      }
      if (at.isBefore(oldestKept)) {
        jobs.remove(job.id);
      } else {
        finished.add(job);
      }
    }
    if (finished.size() > retention.maxFinished()) {
      finished.sort(Comparator.comparing(Job::finishedAt));
      finished.subList(0, finished.size() - retention.maxFinished()).forEach(job -> jobs.remove(job.id));
    }
  }

  private void run(Job job, ImportRequest request, Path file, String format, String encoding) {
    job.state = State.RUNNING;
    ImportRequest tagged = new ImportRequest(request.layer(), request.crs(), request.dryRun(), request.skipBadRows(),
        request.defaultCategory(), request.source(), "import " + job.id + " by " + request.by(), request.repair());
    RecordSource upload = () -> RecordReaders.open(file, format, encoding, request.layer());
    try {
      ImportProgress progress = (read, valid) -> {
        job.rowsRead.set(read);
        job.rowsValid.set(valid);
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
      try {
        Files.deleteIfExists(file);
      } catch (IOException e) {
        log.warn("Could not delete upload {}", file);
      }
      job.finishedAt = clock.instant(); // before the latch, so whoever awaits the job sees it
      job.finished.countDown();
    }
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
