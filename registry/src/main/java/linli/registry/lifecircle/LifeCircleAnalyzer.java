package linli.registry.lifecircle;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import linli.registry.coverage.CommunityCoverage;
import linli.registry.coverage.CoverageAnalyzer;
import linli.registry.coverage.CoverageQuery;
import linli.registry.coverage.CoverageQuestion;

/**
 * Life circles from per-category coverage: a level's circle of a community is complete when every
 * required category covers it at the level's distance. Each (category, distance) is a question to
 * {@link CoverageAnalyzer}, so distances are measured by the coverage engine alone (straight or
 * along the roads) and its cache serves repeated and shared questions; the questions are asked
 * together, so the engine reads and places the communities once for all of them.
 */
public final class LifeCircleAnalyzer {
  private final CoverageAnalyzer coverage;

  public LifeCircleAnalyzer(CoverageAnalyzer coverage) {
    this.coverage = coverage;
  }

  /** Every community in the scope (ordered by code) with its circle of each of {@code levels}. */
  public List<CommunityCircles> communities(List<LifeCircle> levels, CoverageQuestion.Scope scope) throws SQLException {
    List<CoverageQuery> queries = new ArrayList<>();
    for (LifeCircle level : levels) {
      for (String category : level.categories()) {
        queries.add(scope.query(category, level.distanceM()));
      }
    }
    Map<CoverageQuery, List<CommunityCoverage>> answers = coverage.communities(queries);
    Map<String, CommunityCoverage> communities = new LinkedHashMap<>();
    // per level, per category: whether it covers each community (by code)
    Map<Integer, Map<String, Map<String, Boolean>>> covered = new HashMap<>();
    for (LifeCircle level : levels) {
      Map<String, Map<String, Boolean>> byCategory = new LinkedHashMap<>();
      for (String category : level.categories()) {
        Map<String, Boolean> byCommunity = new HashMap<>();
        for (CommunityCoverage c : answers.get(scope.query(category, level.distanceM()))) {
          communities.putIfAbsent(c.code(), c);
          byCommunity.put(c.code(), c.covered());
        }
        byCategory.put(category, byCommunity);
      }
      covered.put(level.level(), byCategory);
    }
    List<CommunityCircles> out = new ArrayList<>(communities.size());
    for (CommunityCoverage c : communities.values().stream()
        .sorted(java.util.Comparator.comparing(CommunityCoverage::code)).toList()) {
      List<CircleResult> circles = new ArrayList<>(levels.size());
      for (LifeCircle level : levels) {
        List<String> reachable = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (Map.Entry<String, Map<String, Boolean>> e : covered.get(level.level()).entrySet()) {
          (e.getValue().getOrDefault(c.code(), false) ? reachable : missing).add(e.getKey());
        }
        circles.add(result(level.level(), reachable, missing));
      }
      out.add(new CommunityCircles(c.code(), c.name(), c.districtCode(), c.district(), c.streetCode(), c.street(),
          c.population(), circles));
    }
    return out;
  }

  static CircleResult result(int level, List<String> reachable, List<String> missing) {
    int required = reachable.size() + missing.size();
    double score = required == 0 ? 1 : Math.round(reachable.size() * 10_000.0 / required) / 10_000.0;
    return new CircleResult(level, reachable, missing, missing.isEmpty(), score);
  }
}
