package linli.registry.coverage;

import java.util.Collection;
import java.util.function.Predicate;
import java.util.function.ToLongFunction;

/** How many communities and residents a set of facilities covers. */
public record CoverageSummary(CoverageReport.Counts communities, CoverageReport.Population population) {

  public static <T> CoverageSummary of(Collection<T> communities, ToLongFunction<T> population, Predicate<T> covered) {
    long people = 0;
    long served = 0;
    int coveredCount = 0;
    for (T c : communities) {
      people += population.applyAsLong(c);
      if (covered.test(c)) {
        served += population.applyAsLong(c);
        coveredCount++;
      }
    }
    double share = people == 0 ? 0 : Math.round(served * 10_000.0 / people) / 10_000.0;
    return new CoverageSummary(new CoverageReport.Counts(communities.size(), coveredCount),
        new CoverageReport.Population(people, served, share));
  }
}
