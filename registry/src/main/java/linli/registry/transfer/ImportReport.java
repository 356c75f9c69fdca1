package linli.registry.transfer;

import java.util.List;
import linli.registry.Violation;

/**
 * What an import did (or, in a dry run, would do). {@code errors} lists at most
 * {@link #MAX_ERRORS} violations; {@code rejected} counts every rejected row.
 */
public record ImportReport(
    long total, long inserted, long updated, long unchanged, long rejected, List<Violation> errors,
    boolean committed) {
  public static final int MAX_ERRORS = 1_000;

  public ImportReport {
    errors = List.copyOf(errors);
  }
}
