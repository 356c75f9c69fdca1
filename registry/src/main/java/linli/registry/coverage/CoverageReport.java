package linli.registry.coverage;

import java.util.Comparator;
import java.util.List;

/** The answer to a {@link CoverageQuery}, shaped as GET /api/coverage returns it. */
public record CoverageReport(
    String category,
    double distanceM,
    String mode,
    Counts communities,
    Population population,
    List<Uncovered> uncovered) {

  public record Counts(int total, int covered) {}

  public record Population(long total, long covered, double share) {}

  public record Uncovered(String code, String name, String district, long population, Double nearestM) {}

  /** Summarises per-community results; uncovered ones are listed largest population first. */
  public static CoverageReport of(CoverageQuery query, List<CommunityCoverage> communities) {
    CoverageSummary summary =
        CoverageSummary.of(communities, CommunityCoverage::population, CommunityCoverage::covered);
    List<Uncovered> uncovered = communities.stream()
        .filter(c -> !c.covered())
        .sorted(Comparator.comparingLong(CommunityCoverage::population).reversed()
            .thenComparing(CommunityCoverage::code))
        .map(c -> new Uncovered(c.code(), c.name(), c.district(), c.population(), c.nearestM()))
        .toList();
    return new CoverageReport(query.category(), query.distanceM(), query.mode().code(),
        summary.communities(), summary.population(), uncovered);
  }
}
