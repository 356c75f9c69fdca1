package linli.registry.transfer;

import java.io.IOException;
import java.io.Writer;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;
import linli.registry.Violation;

/**
 * The one staging loop of every import: records are read and mapped by the layer's profile on a
 * thread of their own ({@link MappedRecords}), staged by COPY on the importing thread, and every
 * rejected row goes to the {@link RejectedRows}; progress is reported as rows go by.
 */
final class StagingLoop {
  /** Progress is reported every 16,384 records, and at the end. */
  private static final long PROGRESS_MASK = 0x3FFF;

  /** Records read, and records that passed and were staged (a road record may stage several rows). */
  record Counts(long total, long valid) {}

  private StagingLoop() {}

  /** Creates the profile's stage in {@code c}'s transaction and fills it from {@code reader}. */
  static <R> Counts stage(Connection c, RecordReader reader, ImportProfile<R> profile, RejectedRows rejected,
      ImportProgress progress) throws SQLException, IOException {
    try (Statement s = c.createStatement()) {
      s.execute(profile.createStage());
    }
    try (Writer out = ImportSession.copy(c, copy(profile))) {
      return run(reader, profile, out, rejected, progress);
    }
  }

  /** The profile's {@code COPY ... FROM STDIN}. */
  static String copy(ImportProfile<?> profile) {
    return "COPY " + profile.stageName() + " (" + String.join(", ", profile.copyColumns()) + ") FROM STDIN";
  }

  /** The loop itself, writing COPY text rows to {@code out} (the caller ends the COPY). */
  static <R> Counts run(RecordReader reader, ImportProfile<R> profile, Writer out, RejectedRows rejected,
      ImportProgress progress) throws IOException {
    StageRows rows = new StageRows(out, profile.copyColumns().size());
    long total = 0;
    long valid = 0;
    try (MappedRecords<MappedRow<R>> records = MappedRecords.start(reader, profile::map)) {
      for (Optional<MappedRow<R>> next = records.next(); next.isPresent(); next = records.next()) {
        total++;
        MappedRow<R> mapped = next.get();
        List<Violation> bad = mapped.staged() == null ? mapped.violations() : profile.stage(mapped.staged(), rows);
        if (bad.isEmpty()) {
          valid++;
        } else {
          rejected.addAll(bad);
        }
        if ((total & PROGRESS_MASK) == 0) {
          progress.rows(total, valid);
        }
      }
    }
    progress.rows(total, valid);
    return new Counts(total, valid);
  }
}
