package linli.registry.coverage;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class CoverageReportTest {
  private static final CoverageQuery QUERY =
      new CoverageQuery("meal_point", 500, CoverageMode.STRAIGHT, null, List.of("open"));

  @Test
  void sumsPeopleAndListsTheUncoveredLargestFirst() {
    CoverageReport report = CoverageReport.of(QUERY, List.of(
        new CommunityCoverage("1", "a", "370202", "市南区", 100, 200.0, true, 120.3, 36.1),
        new CommunityCoverage("2", "b", "370202", "市南区", 300, 900.0, false, 120.3, 36.1),
        new CommunityCoverage("3", "c", "370203", "市北区", 600, null, false, 120.3, 36.1)));
    assertThat(report.communities()).isEqualTo(new CoverageReport.Counts(3, 1));
    assertThat(report.population()).isEqualTo(new CoverageReport.Population(1000, 100, 0.1));
    assertThat(report.uncovered()).extracting(CoverageReport.Uncovered::code).containsExactly("3", "2");
    assertThat(report.mode()).isEqualTo("straight");
  }

  @Test
  void anEmptySelectionHasAZeroShareNotADivisionByZero() {
    CoverageReport report = CoverageReport.of(QUERY, List.of());
    assertThat(report.population().share()).isZero();
    assertThat(report.uncovered()).isEmpty();
  }
}
