package linli.registry.lifecircle;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import linli.registry.Violation;
import linli.registry.coverage.CoverageQuestion;

/**
 * What an admin may set for a level: {@code distance_m} a number of metres within the coverage
 * question's bounds, {@code categories} a non-empty list of known, distinct category codes. Every
 * mistake is returned at once, naming its field (a category by its index: {@code categories[2]}).
 */
public final class LifeCircleRules {
  public static final String DISTANCE_M = "distance_m";
  public static final String CATEGORIES = "categories";

  /** A checked change, or the violations. */
  public record Change(double distanceM, List<String> categories, List<Violation> violations) {
    public boolean ok() {
      return violations.isEmpty();
    }
  }

  private LifeCircleRules() {}

  /** The level as the path writes it: 5, 10 or 15. */
  public static Integer level(String text) {
    for (int level : LifeCircle.LEVELS) {
      if (String.valueOf(level).equals(text)) {
        return level;
      }
    }
    return null;
  }

  /** {@code distance} is what the body held (a Number, or anything else to refuse); {@code categories} likewise (a List). */
  public static Change check(Object distance, Object categories, Set<String> knownCategories) {
    List<Violation> out = new ArrayList<>();
    double metres = 0;
    if (!(distance instanceof Number n)) {
      out.add(Violation.of(DISTANCE_M, "is required: a number of metres"));
    } else {
      metres = n.doubleValue();
      if (!(metres >= CoverageQuestion.MIN_DISTANCE_M && metres <= CoverageQuestion.MAX_DISTANCE_M)) {
        out.add(Violation.of(DISTANCE_M, "must be between " + (long) CoverageQuestion.MIN_DISTANCE_M + " and "
            + (long) CoverageQuestion.MAX_DISTANCE_M + " metres, was " + n));
      }
    }
    List<String> codes = new ArrayList<>();
    if (!(categories instanceof List<?> list)) {
      out.add(Violation.of(CATEGORIES, "is required: a list of category codes (see /api/categories)"));
    } else if (list.isEmpty()) {
      out.add(Violation.of(CATEGORIES, "must name at least one category"));
    } else {
      Set<String> seen = new HashSet<>();
      for (int i = 0; i < list.size(); i++) {
        String field = CATEGORIES + "[" + i + "]";
        if (!(list.get(i) instanceof String code)) {
          out.add(Violation.of(field, "must be a category code"));
        } else if (!knownCategories.contains(code)) {
          out.add(Violation.of(field, "unknown category '" + code + "' (see /api/categories)"));
        } else if (!seen.add(code)) {
          out.add(Violation.of(field, "'" + code + "' is listed twice"));
        } else {
          codes.add(code);
        }
      }
    }
    return new Change(metres, codes, out);
  }
}
