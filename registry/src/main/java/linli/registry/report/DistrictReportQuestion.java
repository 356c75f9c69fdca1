package linli.registry.report;

import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import linli.registry.Violation;
import linli.registry.coverage.CoverageQuery;
import linli.registry.coverage.CoverageQuestion;
import linli.registry.division.District;

/**
 * The district report's question: the coverage question (category required; {@code distance},
 * {@code mode}, {@code status} as {@link CoverageQuestion} reads them) asked of one district, and
 * {@code since}, the instant the change is measured from, read as {@code as_of} is (a date means
 * the end of that day in Asia/Shanghai), by default where the registry's history begins.
 */
public final class DistrictReportQuestion {
  public static final String SINCE = "since";

  private DistrictReportQuestion() {}

  /** A report to make: the question about the district, and the instants the change lies between. */
  public record Question(District district, CoverageQuery query, Instant since, Instant at) {}

  /** The question, or every mistake in it. */
  public record Answer(Question question, List<Violation> violations) {
    public Answer {
      violations = List.copyOf(violations);
    }

    public boolean ok() {
      return violations.isEmpty();
    }
  }

  /**
   * {@code values} by name (query parameters): {@code category}, {@code distance}, {@code mode},
   * {@code status}, {@code since}. The district is the one the path named (found already); a
   * {@code district} or {@code as_of} among the values is not taken.
   */
  public static Answer parse(District district, Map<String, ?> values, CoverageQuestion.Context context)
      throws SQLException {
    Map<String, Object> question = new HashMap<>(values);
    question.remove(SINCE);
    question.remove(CoverageQuestion.AS_OF);
    question.put(CoverageQuestion.DISTRICT, district.code());
    CoverageQuestion.Answer asked = CoverageQuestion.parse(question, context);
    List<Violation> out = new ArrayList<>(asked.violations());
    Object written = values.get(SINCE);
    Instant since = CoverageQuestion.instant(SINCE, written, context, out);
    if (since == null && (written == null || written instanceof String s && s.isBlank())) {
      since = context.historyStart().orElse(null);
      if (since == null) {
        out.add(Violation.of(SINCE, "the registry has no history yet"));
      }
    }
    if (!out.isEmpty()) {
      return new Answer(null, out);
    }
    Instant now = context.now().truncatedTo(ChronoUnit.MICROS);
    // Today's date is read as "now" a moment before this: the report then shows no change, not an error.
    Instant at = now.isBefore(since) ? since : now;
    return new Answer(new Question(district, asked.query(), since, at), List.of());
  }
}
