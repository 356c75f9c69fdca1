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
        new CommunityCoverage("1", "a", "370202", "市南区", "370202001", "甲街道", 100, 200.0, true, 120.3, 36.1),
        new CommunityCoverage("2", "b", "370202", "市南区", "370202002", "乙街道", 300, 900.0, false, 120.3, 36.1),
        new CommunityCoverage("3", "c", "370203", "市北区", "370203001", "丙街道", 600, null, false, 120.3, 36.1)));
    assertThat(report.communities()).isEqualTo(new CoverageReport.Counts(3, 1));
    assertThat(report.population()).isEqualTo(new CoverageReport.Population(1000, 100, 0.1));
    assertThat(report.uncovered()).extracting(CoverageReport.Uncovered::code).containsExactly("3", "2");
    assertThat(report.mode()).isEqualTo("straight");
    assertThat(report.byDistrict()).containsExactly(
        new CoverageReport.District("370202", "市南区", new CoverageReport.Counts(2, 1),
            new CoverageReport.Population(400, 100, 0.25)),
        new CoverageReport.District("370203", "市北区", new CoverageReport.Counts(1, 0),
            new CoverageReport.Population(600, 0, 0)));
    assertThat(report.byStreet()).extracting(CoverageReport.Street::code, CoverageReport.Street::districtCode)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("370202001", "370202"),
            org.assertj.core.groups.Tuple.tuple("370202002", "370202"),
            org.assertj.core.groups.Tuple.tuple("370203001", "370203"));
    assertThat(report.capacity()).isNull();
  }

  @Test
  void anEmptySelectionHasAZeroShareNotADivisionByZero() {
    CoverageReport report = CoverageReport.of(QUERY, List.of());
    assertThat(report.population().share()).isZero();
    assertThat(report.uncovered()).isEmpty();
  }

  @Test
  void theFirstUnservedOnlyKeepTheCountsAndTheBreakdowns() {
    CoverageReport report = CoverageReport.of(QUERY, List.of(
        new CommunityCoverage("1", "a", "370202", "市南区", "370202001", "甲街道", 100, 200.0, true, 120.3, 36.1),
        new CommunityCoverage("2", "b", "370202", "市南区", "370202002", "乙街道", 300, 900.0, false, 120.3, 36.1),
        new CommunityCoverage("3", "c", "370203", "市北区", "370203001", "丙街道", 600, null, false, 120.3, 36.1)));
    CoverageReport first = report.withUncoveredFirst(1);
    assertThat(first.uncovered()).extracting(CoverageReport.Uncovered::code).containsExactly("3");
    assertThat(first).usingRecursiveComparison().ignoringFields("uncovered").isEqualTo(report);
    // The unserved not listed are still counted: communities and people.
    assertThat(first.communities().total() - first.communities().covered()).isEqualTo(2);
    assertThat(first.population().total() - first.population().covered()).isEqualTo(900);
    assertThat(report.withUncoveredFirst(2)).isSameAs(report);
    assertThat(report.withUncoveredFirst(0).uncovered()).isEmpty();
  }
}
