package linli.registry.coverage;

import java.util.List;

/** A proposed change: sites added (lon/lat pairs) and existing facilities removed, by id. */
public record WhatIf(CoverageQuery query, List<double[]> add, List<Long> remove) {
  public static final int MAX_SITES = 1_000;

  public WhatIf {
    add = List.copyOf(add);
    remove = List.copyOf(remove);
    if (add.size() > MAX_SITES || remove.size() > MAX_SITES) {
      throw new IllegalArgumentException("at most " + MAX_SITES + " sites may be added or removed at once");
    }
  }

  /** Before and after the change, and which communities it wins or loses. */
  public record Result(CoverageSummary before, CoverageSummary after, List<String> newlyCovered,
      List<String> newlyUncovered) {}
}
