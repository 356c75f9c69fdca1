package linli.registry.transfer;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import linli.registry.Violation;

/** The rows an import rejects: every one counted, the first {@link ImportReport#MAX_ERRORS} violations kept. */
final class RejectedRows {
  private final List<Violation> list = new ArrayList<>();
  private final Set<Long> rows = new HashSet<>();

  void add(Violation v) {
    rows.add(v.row());
    if (list.size() < ImportReport.MAX_ERRORS) {
      list.add(v);
    }
  }

  void addAll(List<Violation> violations) {
    violations.forEach(this::add);
  }

  long count() {
    return rows.size();
  }

  Set<Long> rows() {
    return rows;
  }

  List<Violation> list() {
    return list;
  }
}
