package linli.registry.report;

import java.time.Instant;
import java.util.List;
import linli.registry.category.Category;
import linli.registry.coverage.CoverageChanges;
import linli.registry.coverage.CoverageReport;
import linli.registry.lifecircle.LifeCircle;
import linli.registry.lifecircle.LifeCircleSummary;

/**
 * Everything the printed report of one district says, computed by the registry's own engines (so
 * every number equals what the API answers for the same question): the chosen category's map,
 * coverage of every category, the district's life circles, what changed for the chosen category
 * since {@code since}, and the communities the chosen category leaves unserved, most residents
 * first. {@code at} is the moment the report describes.
 */
public record DistrictReport(
    String districtCode,
    String districtName,
    Category category,
    double distanceM,
    String mode,
    List<String> statuses,
    Instant since,
    Instant at,
    List<CategoryCoverage> coverage,
    LifeCircles lifeCircles,
    CoverageChanges changes,
    List<Unserved> unserved,
    DistrictMap map) {

  public DistrictReport {
    statuses = List.copyOf(statuses);
    coverage = List.copyOf(coverage);
    unserved = List.copyOf(unserved);
  }

  /** One category's coverage of the district at {@code distanceM} (its default, the chosen one's as asked). */
  public record CategoryCoverage(Category category, double distanceM, CoverageReport.Counts communities,
      CoverageReport.Population population) {
    /** Communities with no facility of the category within the distance. */
    public int unserved() {
      return communities.total() - communities.covered();
    }
  }

  /** The district's life circles: the definitions, its residents' shares per level, the most-missed categories. */
  public record LifeCircles(List<LifeCircle> levels, LifeCircleSummary.Area district,
      List<LifeCircleSummary.Missing> mostMissing) {
    public LifeCircles {
      levels = List.copyOf(levels);
      mostMissing = List.copyOf(mostMissing);
    }
  }

  /** A community the chosen category does not cover; {@code nearestM} null when nothing can be reached. */
  public record Unserved(String code, String name, String street, long population, Double nearestM) {}
}
