package linli.registry.coverage;

import java.util.List;
import java.util.Objects;

/**
 * One coverage question: are the communities (of {@code district}, or all when null) within
 * {@code distanceM} metres of a facility of {@code category} whose status is one of
 * {@code statuses}?
 */
public record CoverageQuery(
    String category, double distanceM, CoverageMode mode, String district, List<String> statuses) {
  public CoverageQuery {
    Objects.requireNonNull(category, "category");
    Objects.requireNonNull(mode, "mode");
    statuses = List.copyOf(statuses);
    if (!(distanceM > 0)) {
      throw new IllegalArgumentException("distance must be positive");
    }
  }
}
