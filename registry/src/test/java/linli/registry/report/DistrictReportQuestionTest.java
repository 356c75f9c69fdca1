package linli.registry.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import linli.registry.Violation;
import linli.registry.category.Category;
import linli.registry.coverage.CoverageMode;
import linli.registry.coverage.CoverageQuestion;
import linli.registry.coverage.CoverageQuestionTest;
import linli.registry.division.District;
import org.junit.jupiter.api.Test;

/** How the district report reads its question: the coverage question of the district, and {@code since}. */
class DistrictReportQuestionTest {
  /** Now is 2024-06-15 10:00 in Shanghai; the history begins 2023-01-01 00:00 Shanghai. */
  private static final Instant NOW = Instant.parse("2024-06-15T02:00:00Z");
  private static final Instant START = Instant.parse("2022-12-31T16:00:00Z");
  private static final District SHINAN = new District("370202", "市南区", 3, 6_000);

  private static final CoverageQuestion.Context REGISTRY = new CoverageQuestion.Context() {
    @Override
    public Optional<Category> category(String code) throws SQLException {
      return CoverageQuestionTest.REGISTRY.category(code);
    }

    @Override
    public boolean hasDistrict(String codeOrName) throws SQLException {
      return CoverageQuestionTest.REGISTRY.hasDistrict(codeOrName);
    }

    @Override
    public Optional<Instant> historyStart() {
      return Optional.of(START);
    }

    @Override
    public Instant now() {
      return NOW;
    }
  };

  private static DistrictReportQuestion.Answer ask(Object... pairs) throws SQLException {
    Map<String, Object> values = new HashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      values.put((String) pairs[i], pairs[i + 1]);
    }
    return DistrictReportQuestion.parse(SHINAN, values, REGISTRY);
  }

  @Test
  void theQuestionIsAskedOfThePathsDistrictFromTheHistorysStartUntilNow() throws SQLException {
    DistrictReportQuestion.Answer a = ask("category", "police_office", "mode", "network", "district", "市北区",
        "as_of", "2023-05-01");
    assertThat(a.violations()).isEmpty();
    assertThat(a.question().query().district()).isEqualTo("370202");
    assertThat(a.question().query().category()).isEqualTo("police_office");
    assertThat(a.question().query().distanceM()).isEqualTo(1000); // the category's default
    assertThat(a.question().query().mode()).isEqualTo(CoverageMode.NETWORK);
    assertThat(a.question().query().isPast()).as("as_of is not the report's").isFalse();
    assertThat(a.question().since()).isEqualTo(START);
    assertThat(a.question().at()).isEqualTo(NOW);
    assertThat(a.question().district()).isEqualTo(SHINAN);
  }

  @Test
  void sinceIsReadAsAsOfIs() throws SQLException {
    // A date is the end of that day in Shanghai.
    assertThat(ask("category", "emergency_shelter", "since", "2024-01-31").question().since())
        .isEqualTo(Instant.parse("2024-01-31T15:59:59.999999Z"));
    // Today is now: a report with no change, not a mistake.
    DistrictReportQuestion.Answer today = ask("category", "emergency_shelter", "since", "2024-06-15");
    assertThat(today.violations()).isEmpty();
    assertThat(today.question().since()).isEqualTo(NOW);
    assertThat(today.question().at()).isEqualTo(NOW);
  }

  @Test
  void everyMistakeIsNamedAtOnce() throws SQLException {
    DistrictReportQuestion.Answer a = ask("since", "2024-13-45", "distance", "-1");
    assertThat(a.question()).isNull();
    assertThat(a.violations()).extracting(Violation::field).containsExactlyInAnyOrder("category", "distance", "since");
    assertThat(ask("category", "emergency_shelter", "since", "2020-01-01").violations())
        .extracting(Violation::message).singleElement().asString().contains("before the registry's history begins");
    assertThat(ask("category", "emergency_shelter", "since", "2030-01-01").violations())
        .extracting(Violation::field).containsExactly("since");
  }
}
