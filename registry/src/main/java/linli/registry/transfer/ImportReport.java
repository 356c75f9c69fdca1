package linli.registry.transfer;

import java.util.List;
import linli.registry.Violation;

/**
 * What an import did (or, in a dry run, would do). {@code errors} lists at most
 * {@link #MAX_ERRORS} violations; {@code rejected} counts every rejected row. {@code warnings} name
 * rows that were taken after a change (a repaired polygon), with the reason. {@code createdDivisions}
 * lists the districts and streets registered because rows named them (communities, streets).
 */
public record ImportReport(
    long total, long inserted, long updated, long unchanged, long rejected, List<Violation> errors,
    boolean committed, List<Violation> warnings, CreatedDivisions createdDivisions) {
  public static final int MAX_ERRORS = 1_000;

  public ImportReport {
    errors = List.copyOf(errors);
    warnings = List.copyOf(warnings);
    createdDivisions = createdDivisions == null ? CreatedDivisions.NONE : createdDivisions;
  }

  /** A report of an import that registers no divisions. */
  public ImportReport(long total, long inserted, long updated, long unchanged, long rejected, List<Violation> errors,
      boolean committed, List<Violation> warnings) {
    this(total, inserted, updated, unchanged, rejected, errors, committed, warnings, CreatedDivisions.NONE);
  }

  /** A report without warnings. */
  public ImportReport(long total, long inserted, long updated, long unchanged, long rejected, List<Violation> errors,
      boolean committed) {
    this(total, inserted, updated, unchanged, rejected, errors, committed, List.of());
  }
}
