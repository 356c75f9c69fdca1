package linli.registry.coverage;

import java.util.Comparator;
import java.util.List;

/**
 * The answer to a {@link CoverageQuery}, shaped as GET /api/coverage returns it: the contract's
 * fields, then the same counts per district and per street, then the capacity summary (null unless
 * asked for; see {@link CapacitySummary}).
 */
public record CoverageReport(
    String category,
    double distanceM,
    String mode,
    Counts communities,
    Population population,
    List<Uncovered> uncovered,
    List<District> byDistrict,
    List<Street> byStreet,
    CapacitySummary capacity) {

  public record Counts(int total, int covered) {}

  public record Population(long total, long covered, double share) {}

  public record Uncovered(String code, String name, String district, long population, Double nearestM) {}

  /** One district's share of the report. */
  public record District(String code, String name, Counts communities, Population population) {}

  /** One street's (街道/镇) share of the report. */
  public record Street(String code, String name, String districtCode, Counts communities, Population population) {}

  /**
   * The same report with only the first {@code limit} unserved communities (the largest), or this
   * one when it lists no more: what a map needs for its first view and the first page of its list.
   * How many are unserved, and how many people they hold, stay in {@code communities} and
   * {@code population}.
   */
  public CoverageReport withUncoveredFirst(int limit) {
    if (limit < 0) {
      throw new IllegalArgumentException("limit " + limit + " < 0");
    }
    if (uncovered.size() <= limit) {
      return this;
    }
    return new CoverageReport(category, distanceM, mode, communities, population, uncovered.subList(0, limit),
        byDistrict, byStreet, capacity);
  }

  /** Summarises per-community results; uncovered ones are listed largest population first. */
  public static CoverageReport of(CoverageQuery query, List<CommunityCoverage> communities) {
    return of(query, communities, null);
  }

  public static CoverageReport of(CoverageQuery query, List<CommunityCoverage> communities, CapacitySummary capacity) {
    CoverageSummary summary =
        CoverageSummary.of(communities, CommunityCoverage::population, CommunityCoverage::covered);
    List<Uncovered> uncovered = communities.stream()
        .filter(c -> !c.covered())
        .sorted(Comparator.comparingLong(CommunityCoverage::population).reversed()
            .thenComparing(CommunityCoverage::code))
        .map(c -> new Uncovered(c.code(), c.name(), c.district(), c.population(), c.nearestM()))
        .toList();
    return new CoverageReport(query.category(), query.distanceM(), query.mode().code(),
        summary.communities(), summary.population(), uncovered,
        CoverageBreakdown.byDistrict(communities), CoverageBreakdown.byStreet(communities), capacity);
  }
}
