package linli.registry.coverage;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import linli.registry.Violation;
import linli.registry.category.Category;
import org.junit.jupiter.api.Test;

/** How every coverage door reads {@code as_of} (and a comparison's {@code from} and {@code to}). */
class AsOfQuestionTest {
  /** Now is 2024-06-15 10:00 in Shanghai; the history begins 2023-01-01 00:00 Shanghai. */
  private static final Instant NOW = Instant.parse("2024-06-15T02:00:00Z");
  private static final Instant START = Instant.parse("2022-12-31T16:00:00Z");

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

  private static CoverageQuestion.Answer ask(String asOf) throws SQLException {
    Map<String, Object> values = new HashMap<>();
    values.put("category", "emergency_shelter");
    values.put("as_of", asOf);
    return CoverageQuestion.parse(values, REGISTRY);
  }

  private static Instant asOf(String written) throws SQLException {
    CoverageQuestion.Answer a = ask(written);
    assertThat(a.violations()).as(written).isEmpty();
    return a.query().asOf();
  }

  private static Violation refused(String written) throws SQLException {
    CoverageQuestion.Answer a = ask(written);
    assertThat(a.query()).isNull();
    assertThat(a.violations()).hasSize(1);
    return a.violations().get(0);
  }

  @Test
  void absentMeansNow() throws SQLException {
    assertThat(asOf(null)).isNull();
    assertThat(asOf("  ")).isNull();
    assertThat(ask(null).query().isPast()).isFalse();
  }

  @Test
  void anInstantWithItsOffsetIsKeptToTheMicrosecond() throws SQLException {
    assertThat(asOf("2024-03-01T08:00:00Z")).isEqualTo(Instant.parse("2024-03-01T08:00:00Z"));
    assertThat(asOf("2024-03-01T16:00+08:00")).isEqualTo(Instant.parse("2024-03-01T08:00:00Z"));
    assertThat(asOf("2024-03-01t08:00:00.123456789z")).isEqualTo(Instant.parse("2024-03-01T08:00:00.123456Z"));
  }

  @Test
  void aDateIsTheEndOfThatDayInShanghaiAndALocalTimeIsShanghaiTime() throws SQLException {
    // 2024-03-01 ends at 2024-03-01T24:00+08:00 = 16:00Z; the last microsecond before it is included.
    assertThat(asOf("2024-03-01")).isEqualTo(Instant.parse("2024-03-01T15:59:59.999999Z"));
    assertThat(asOf("2024-03-01T09:30")).isEqualTo(Instant.parse("2024-03-01T01:30:00Z"));
    // Today has not ended: the day so far.
    assertThat(asOf("2024-06-15")).isEqualTo(NOW);
    // The history's first instant is its own first record.
    assertThat(asOf("2023-01-01T00:00+08:00")).isEqualTo(START);
  }

  @Test
  void theFutureTheTimeBeforeTheHistoryAndNonsenseAreRefusedByName() throws SQLException {
    assertThat(refused("2024-06-16")).satisfies(v -> {
      assertThat(v.field()).isEqualTo("as_of");
      assertThat(v.message()).contains("future");
    });
    assertThat(refused("2024-06-15T02:00:01Z").message()).contains("future");
    assertThat(refused("2022-12-31").message()).contains("before the registry's history begins");
    assertThat(refused("2022-12-31T15:59:59Z").field()).isEqualTo("as_of");
    assertThat(refused("yesterday").message()).contains("not an ISO-8601 instant");
    assertThat(refused("2024-02-30").message()).contains("not an ISO-8601");
    assertThat(refused("2024-03-01T08:00+0800").field()).isEqualTo("as_of");
  }

  @Test
  void aRegistryWithoutHistoryHasNoPast() throws SQLException {
    Map<String, Object> values = new HashMap<>(Map.of("category", "emergency_shelter", "as_of", "2024-01-01"));
    CoverageQuestion.Answer a = CoverageQuestion.parse(values, CoverageQuestionTest.REGISTRY);
    assertThat(a.violations()).extracting(Violation::field, Violation::message)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("as_of", "the registry has no history yet"));
  }

  @Test
  void aComparisonRunsFromTheHistorysStartToNowUnlessToldAndFromMustBeEarlier() throws SQLException {
    CoverageQuestion.Comparison c = CoverageQuestion.parseComparison(
        Map.of("category", "emergency_shelter", "from", "2024-01-01", "to", "2024-03-01T00:00:00Z"), REGISTRY);
    assertThat(c.violations()).isEmpty();
    assertThat(c.from().asOf()).isEqualTo(Instant.parse("2024-01-01T15:59:59.999999Z"));
    assertThat(c.to().asOf()).isEqualTo(Instant.parse("2024-03-01T00:00:00Z"));
    assertThat(c.from().category()).isEqualTo(c.to().category());
    assertThat(c.from().distanceM()).isEqualTo(500);

    CoverageQuestion.Comparison toNow =
        CoverageQuestion.parseComparison(Map.of("category", "emergency_shelter", "from", "2024-01-01"), REGISTRY);
    assertThat(toNow.to().asOf()).isEqualTo(NOW);

    CoverageQuestion.Comparison all = CoverageQuestion.parseComparison(Map.of("category", "emergency_shelter"), REGISTRY);
    assertThat(all.from().asOf()).isEqualTo(START);
    assertThat(all.to().asOf()).isEqualTo(NOW);
    assertThat(CoverageQuestion.parseComparison(Map.of("category", "emergency_shelter"), CoverageQuestionTest.REGISTRY)
        .violations()).extracting(Violation::field).containsExactly("from");
    assertThat(CoverageQuestion.parseComparison(
        Map.of("category", "emergency_shelter", "from", "2024-03-01", "to", "2024-01-01"), REGISTRY).violations())
        .extracting(Violation::field).containsExactly("to");
    assertThat(CoverageQuestion.parseComparison(
        Map.of("category", "nope", "from", "2031-01-01", "to", "2024-01-01"), REGISTRY).violations())
        .extracting(Violation::field).containsExactlyInAnyOrder("category", "from");
    assertThat(List.of(CoverageQuestion.parseComparison(
        Map.of("category", "emergency_shelter", "from", "2024-01-01", "as_of", "garbage"), REGISTRY).ok()))
        .containsExactly(true);
  }
}
