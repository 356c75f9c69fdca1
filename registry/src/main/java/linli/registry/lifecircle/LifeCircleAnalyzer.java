package linli.registry.lifecircle;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
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
 * together, so the engine reads and places the communities once for all of them. Only covered
 * matters here, so along the roads each category's search stops at the largest distance a level
 * asks of it ({@link CoverageAnalyzer#coveredOnly}).
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
    Map<CoverageQuery, List<CommunityCoverage>> answers = coverage.coveredOnly(queries);
    // The communities in code order, and each one's position, to read every answer into arrays.
    Map<String, CommunityCoverage> byCode = new HashMap<>();
    for (List<CommunityCoverage> answer : answers.values()) {
      for (CommunityCoverage c : answer) {
        byCode.putIfAbsent(c.code(), c);
      }
    }
    List<CommunityCoverage> communities = byCode.values().stream()
        .sorted(java.util.Comparator.comparing(CommunityCoverage::code)).toList();
    Map<String, Integer> position = new HashMap<>();
    for (int i = 0; i < communities.size(); i++) {
      position.put(communities.get(i).code(), i);
    }
    // per level, in the definition's order: each required category and the communities it covers
    List<List<boolean[]>> covered = new ArrayList<>(levels.size());
    for (LifeCircle level : levels) {
      List<boolean[]> byCategory = new ArrayList<>(level.categories().size());
      for (String category : level.categories()) {
        boolean[] covers = new boolean[communities.size()];
        List<CommunityCoverage> answer = answers.get(scope.query(category, level.distanceM()));
        for (int i = 0; i < answer.size(); i++) {
          CommunityCoverage c = answer.get(i);
          // Every answer of one scope lists the same communities in the same order: no lookup then.
          int at = i < communities.size() && communities.get(i).code().equals(c.code()) ? i : position.get(c.code());
          covers[at] = c.covered();
        }
        byCategory.add(covers);
      }
      covered.add(byCategory);
    }
    List<CommunityCircles> out = new ArrayList<>(communities.size());
    for (int i = 0; i < communities.size(); i++) {
      CommunityCoverage c = communities.get(i);
      List<CircleResult> circles = new ArrayList<>(levels.size());
      for (int l = 0; l < levels.size(); l++) {
        LifeCircle level = levels.get(l);
        List<String> reachable = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (int k = 0; k < level.categories().size(); k++) {
          (covered.get(l).get(k)[i] ? reachable : missing).add(level.categories().get(k));
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
