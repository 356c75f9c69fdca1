package linli.registry.transfer;

import java.util.List;
import linli.registry.Violation;

/** What a profile makes of one record: a row to stage, or the violations that keep it out (never both). */
record MappedRow<R>(R staged, List<Violation> violations) {
  MappedRow {
    violations = List.copyOf(violations);
    if (staged == null == violations.isEmpty()) {
      throw new IllegalArgumentException("a mapped row is either staged or rejected");
    }
  }

  static <R> MappedRow<R> staged(R staged) {
    return new MappedRow<>(staged, List.of());
  }

  static <R> MappedRow<R> rejected(List<Violation> violations) {
    return new MappedRow<>(null, violations);
  }
}
