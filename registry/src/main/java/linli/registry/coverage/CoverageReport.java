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
    long people = communities.stream().mapToLong(CommunityCoverage::population).sum();
    long served = communities.stream().filter(CommunityCoverage::covered).mapToLong(CommunityCoverage::population).sum();
    int covered = (int) communities.stream().filter(CommunityCoverage::covered).count();
    List<Uncovered> uncovered = communities.stream()
        .filter(c -> !c.covered())
        .sorted(Comparator.comparingLong(CommunityCoverage::population).reversed()
            .thenComparing(CommunityCoverage::code))
        .map(c -> new Uncovered(c.code(), c.name(), c.district(), c.population(), c.nearestM()))
        .toList();
    double share = people == 0 ? 0 : Math.round(served * 10_000.0 / people) / 10_000.0;
    return new CoverageReport(query.category(), query.distanceM(), query.mode().code(),
        new Counts(communities.size(), covered), new Population(people, served, share), uncovered);
  }
}
