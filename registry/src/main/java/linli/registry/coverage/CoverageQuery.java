package linli.registry.coverage;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One coverage question: are the communities (of {@code district}, or all when null) within
 * {@code distanceM} metres of a facility of {@code category} whose status is one of
 * {@code statuses}? Asked of the registry as it stands, or, when {@code asOf} is set, as it stood at
 * that instant (read from the history, see {@link HistoricalCoverage}).
 */
public record CoverageQuery(
    String category, double distanceM, CoverageMode mode, String district, List<String> statuses, Instant asOf) {
  public CoverageQuery {
    Objects.requireNonNull(category, "category");
    Objects.requireNonNull(mode, "mode");
    statuses = List.copyOf(statuses);
    if (!(distanceM > 0)) {
      throw new IllegalArgumentException("distance must be positive");
    }
  }

  /** The question asked of the registry as it stands now. */
  public CoverageQuery(String category, double distanceM, CoverageMode mode, String district, List<String> statuses) {
    this(category, distanceM, mode, district, statuses, null);
  }

  /** The same question asked of the registry as it stood at {@code instant} (null: now). */
  public CoverageQuery at(Instant instant) {
    return new CoverageQuery(category, distanceM, mode, district, statuses, instant);
  }

  public boolean isPast() {
    return asOf != null;
  }
}
