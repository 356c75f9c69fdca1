package linli.registry.transfer;

import java.util.List;
import linli.registry.Violation;

/**
 * What an import did (or, in a dry run, would do). {@code errors} lists at most
 * {@link #MAX_ERRORS} violations; {@code rejected} counts every rejected row. {@code warnings} name
 * rows that were taken after a change (a repaired polygon) or left out without rejecting the import
 * (an OpenStreetMap way whose nodes the file lacks), with the reason; {@code skipped} counts every
 * row left out so (they are in {@code total} too). {@code createdDivisions} lists the districts and
 * streets registered because rows named them (communities, streets). {@code sample} is the file as the
 * row mapper saw it (facilities; {@link ImportSample#NONE} for the other layers): the page's preview,
 * its coordinate-source question and its messages in the clerk's own column names come from it.
 */
public record ImportReport(
    long total, long inserted, long updated, long unchanged, long rejected, List<Violation> errors,
    boolean committed, List<Violation> warnings, long skipped, CreatedDivisions createdDivisions,
    long facilitiesMoved, ImportSample sample) {
  public static final int MAX_ERRORS = 1_000;

  public ImportReport {
    errors = List.copyOf(errors);
    warnings = List.copyOf(warnings);
    createdDivisions = createdDivisions == null ? CreatedDivisions.NONE : createdDivisions;
    sample = sample == null ? ImportSample.NONE : sample;
  }

  /** A report without a sample of the file. */
  public ImportReport(long total, long inserted, long updated, long unchanged, long rejected, List<Violation> errors,
      boolean committed, List<Violation> warnings, long skipped, CreatedDivisions createdDivisions,
      long facilitiesMoved) {
    this(total, inserted, updated, unchanged, rejected, errors, committed, warnings, skipped, createdDivisions,
        facilitiesMoved, ImportSample.NONE);
  }

  /** This report with the sample of its file. */
  public ImportReport withSample(ImportSample fileSample) {
    return new ImportReport(total, inserted, updated, unchanged, rejected, errors, committed, warnings, skipped,
        createdDivisions, facilitiesMoved, fileSample);
  }

  /** A report that moved no facility. */
  public ImportReport(long total, long inserted, long updated, long unchanged, long rejected, List<Violation> errors,
      boolean committed, List<Violation> warnings, long skipped, CreatedDivisions createdDivisions) {
    this(total, inserted, updated, unchanged, rejected, errors, committed, warnings, skipped, createdDivisions, 0);
  }

  /** A report that skipped nothing and registered no divisions. */
  public ImportReport(long total, long inserted, long updated, long unchanged, long rejected, List<Violation> errors,
      boolean committed, List<Violation> warnings) {
    this(total, inserted, updated, unchanged, rejected, errors, committed, warnings, 0, CreatedDivisions.NONE);
  }

  /** A report that registered no divisions. */
  public ImportReport(long total, long inserted, long updated, long unchanged, long rejected, List<Violation> errors,
      boolean committed, List<Violation> warnings, long skipped) {
    this(total, inserted, updated, unchanged, rejected, errors, committed, warnings, skipped, CreatedDivisions.NONE);
  }

  /** A report that skipped nothing. */
  public ImportReport(long total, long inserted, long updated, long unchanged, long rejected, List<Violation> errors,
      boolean committed, List<Violation> warnings, CreatedDivisions createdDivisions) {
    this(total, inserted, updated, unchanged, rejected, errors, committed, warnings, 0, createdDivisions);
  }

  /** A report without warnings. */
  public ImportReport(long total, long inserted, long updated, long unchanged, long rejected, List<Violation> errors,
      boolean committed) {
    this(total, inserted, updated, unchanged, rejected, errors, committed, List.of());
  }
}
