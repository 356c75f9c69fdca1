package linli.registry.lifecircle;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import linli.registry.coverage.CommunityCoverage;
import linli.registry.coverage.CoverageAnalyzer;
import linli.registry.coverage.CoverageQuery;
import linli.registry.coverage.CoverageQuestion;

/**
 * Life circles from per-category coverage: a level's circle of a community is complete when every
 * required category covers it at the level's distance. Each (category, distance) is one question to
 * {@link CoverageAnalyzer}, so distances are measured by the coverage engine alone (straight or
 * along the roads) and its cache serves repeated and shared questions.
 */
public final class LifeCircleAnalyzer {
  /**
   * Questions asked at once: each holds one pooled connection and, in straight mode, one database
   * core, in network mode one Java core; more than the machine's two cores only queue.
   */
  static final int PARALLEL_QUESTIONS = 2;

  private static final ExecutorService QUESTIONS = Executors.newFixedThreadPool(PARALLEL_QUESTIONS, r -> {
    Thread t = new Thread(r, "linli-life-circle-question");
    t.setDaemon(true);
    return t;
  });

  private final CoverageAnalyzer coverage;

  public LifeCircleAnalyzer(CoverageAnalyzer coverage) {
    this.coverage = coverage;
  }

  /** Every community in the scope (ordered by code) with its circle of each of {@code levels}. */
  public List<CommunityCircles> communities(List<LifeCircle> levels, CoverageQuestion.Scope scope) throws SQLException {
    // Every (category, distance) question at once; the answers are read in the definitions' order.
    Map<CoverageQuery, Future<List<CommunityCoverage>>> answers = new LinkedHashMap<>();
    for (LifeCircle level : levels) {
      for (String category : level.categories()) {
        CoverageQuery query = scope.query(category, level.distanceM());
        answers.computeIfAbsent(query, q -> QUESTIONS.submit(() -> coverage.communities(q)));
      }
    }
    Map<String, CommunityCoverage> communities = new LinkedHashMap<>();
    // per level, per category: whether it covers each community (by code)
    Map<Integer, Map<String, Map<String, Boolean>>> covered = new HashMap<>();
    for (LifeCircle level : levels) {
      Map<String, Map<String, Boolean>> byCategory = new LinkedHashMap<>();
      for (String category : level.categories()) {
        Map<String, Boolean> byCommunity = new HashMap<>();
        for (CommunityCoverage c : answer(answers, scope.query(category, level.distanceM()))) {
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

  private static List<CommunityCoverage> answer(Map<CoverageQuery, Future<List<CommunityCoverage>>> answers,
      CoverageQuery query) throws SQLException {
    try {
      return answers.get(query).get();
    } catch (InterruptedException e) {
      answers.values().forEach(f -> f.cancel(true));
      Thread.currentThread().interrupt();
      throw new SQLException("interrupted while computing life circles", e);
    } catch (ExecutionException e) {
      answers.values().forEach(f -> f.cancel(true));
      if (e.getCause() instanceof SQLException sql) {
        throw sql;
      }
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException(e.getCause());
    }
  }

  static CircleResult result(int level, List<String> reachable, List<String> missing) {
    int required = reachable.size() + missing.size();
    double score = required == 0 ? 1 : Math.round(reachable.size() * 10_000.0 / required) / 10_000.0;
    return new CircleResult(level, reachable, missing, missing.isEmpty(), score);
  }
}
