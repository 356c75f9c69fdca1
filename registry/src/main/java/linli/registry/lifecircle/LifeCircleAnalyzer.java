package linli.registry.lifecircle;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import linli.registry.coverage.CoverageAnalyzer;
import linli.registry.coverage.CoverageQuery;
import linli.registry.coverage.CoverageQuestion;
import linli.registry.coverage.CoveredCommunities;

/**
 * Life circles from per-category coverage: a level's circle of a community is complete when every
 * required category covers it at the level's distance. Each (category, distance) is a question to
 * {@link CoverageAnalyzer}, so distances are measured by the coverage engine alone (straight or
 * along the roads; along the roads its cache serves repeated questions); the questions are asked
 * together, so the engine reads and places the communities once for all of them. Only covered
 * matters here ({@link CoverageAnalyzer#covered}): straight, each search stops at the first facility
 * within the distance; along the roads, each category's search stops at the largest distance a
 * level asks of it.
 */
public final class LifeCircleAnalyzer {
  private final CoverageAnalyzer coverage;

  public LifeCircleAnalyzer(CoverageAnalyzer coverage) {
    this.coverage = coverage;
  }

  /** Every community in the scope (ordered by code) with its circle of each of {@code levels}. */
  public List<CommunityCircles> communities(List<LifeCircle> levels, CoverageQuestion.Scope scope) throws SQLException {
    return table(levels, scope).circles();
  }

  /** Every community's circles as flags, from one {@link CoverageAnalyzer#covered} question. */
  LifeCircleTable table(List<LifeCircle> levels, CoverageQuestion.Scope scope) throws SQLException {
    List<CoverageQuery> queries = new ArrayList<>();
    for (LifeCircle level : levels) {
      for (String category : level.categories()) {
        queries.add(scope.query(category, level.distanceM()));
      }
    }
    CoveredCommunities answer = coverage.covered(queries);
    // per level, in the definition's order: each required category and the communities it covers
    List<List<boolean[]>> covered = new ArrayList<>(levels.size());
    int q = 0;
    for (LifeCircle level : levels) {
      List<boolean[]> byCategory = new ArrayList<>(level.categories().size());
      for (int k = 0; k < level.categories().size(); k++) {
        byCategory.add(answer.covered().get(q++));
      }
      covered.add(byCategory);
    }
    return new LifeCircleTable(levels, answer.communities(), covered);
  }

  static CircleResult result(int level, List<String> reachable, List<String> missing) {
    int required = reachable.size() + missing.size();
    double score = required == 0 ? 1 : Math.round(reachable.size() * 10_000.0 / required) / 10_000.0;
    return new CircleResult(level, reachable, missing, missing.isEmpty(), score);
  }
}
