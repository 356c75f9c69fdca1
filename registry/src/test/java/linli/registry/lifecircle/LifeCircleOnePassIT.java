package linli.registry.lifecircle;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import linli.registry.Database;
import linli.registry.city.CityData;
import linli.registry.city.CityLoader;
import linli.registry.coverage.CommunityCoverage;
import linli.registry.coverage.CoverageAnalyzer;
import linli.registry.coverage.CoverageMode;
import linli.registry.coverage.CoverageQuery;
import linli.registry.coverage.CoverageQuestion;
import linli.registry.coverage.RandomCity;
import linli.registry.testing.FixtureCity;
import linli.registry.testing.PostgisExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.LineString;

/**
 * The one-pass life-circle answer (every required category and level asked of the coverage engine
 * together) against the same questions asked one at a time of a second engine with its own cache,
 * on a random city with a random road grid, straight and along the roads: the engine's answers
 * record for record (nearest distance, covered) and every community's circles as recomputed from
 * the per-category answers. The city's facilities are spread over five categories (a sixth has
 * none), open and closed; some communities lie exactly at, 1 cm inside and 1 cm outside the
 * 400 m level's distance of a facility, so the straight engine's closest calls are in the pass.
 */
@ExtendWith(PostgisExtension.class)
class LifeCircleOnePassIT {
  private static final double EXACT_DISTANCE = 400;
  private static final List<String> PLACED = List.of("children_venue", "elderly_care_station", "fitness_venue",
      "culture_room", "health_station");
  /** Required but with no facility at all: never reachable. */
  private static final String ABSENT = "meal_point";
  private static final List<LifeCircle> LEVELS = List.of(
      new LifeCircle(5, "五分钟生活圈", 300, List.of("children_venue", "elderly_care_station"), "test"),
      // The first facilities (children_venue) have communities placed at exactly 400 m.
      new LifeCircle(10, "十分钟生活圈", EXACT_DISTANCE, List.of("children_venue", "fitness_venue", "culture_room"), "test"),
      new LifeCircle(15, "十五分钟生活圈", 900, List.of("health_station", "fitness_venue", "elderly_care_station", ABSENT),
          "test"));

  private static Database db;

  @BeforeAll
  static void load(Database database) throws SQLException {
    db = database;
    Random random = new Random(1717);
    double lon0 = 120.375, lat0 = 36.065, width = 0.03, height = 0.024;
    CityData city = RandomCity.build(1717, 0, 260, 240, EXACT_DISTANCE, lon0, lat0, width, height,
        roadGrid(random, lon0, lat0, width, height));
    List<CityData.Facility> facilities = new ArrayList<>();
    for (int j = 0; j < city.facilities().size(); j++) {
      CityData.Facility f = city.facilities().get(j);
      String category = j < 4 ? PLACED.get(0) : PLACED.get(random.nextInt(PLACED.size()));
      facilities.add(new CityData.Facility(category, f.name(), f.address(), f.status(), f.capacity(), f.areaM2(),
          f.communityCode(), f.openedOn(), f.source(), f.sourceId(), f.geom()));
    }
    new CityLoader(db.dataSource()).load(
        new CityData(city.districts(), city.streets(), city.communities(), facilities, city.roads()));
  }

  /** Streets every 0.002 degrees each way, jittered, a few of them missing: some detours, some islands. */
  private static List<LineString> roadGrid(Random random, double lon0, double lat0, double width, double height) {
    List<LineString> roads = new ArrayList<>();
    for (double x = lon0; x <= lon0 + width; x += 0.002) {
      double[] ys = {lat0, lat0 + height / 2, lat0 + height};
      for (int k = 0; k + 1 < ys.length; k++) {
        if (random.nextInt(8) != 0) {
          roads.add(line(x + random.nextDouble() * 1e-4, ys[k], x + random.nextDouble() * 1e-4, ys[k + 1]));
        }
      }
    }
    for (double y = lat0; y <= lat0 + height; y += 0.002) {
      double[] xs = {lon0, lon0 + width / 2, lon0 + width};
      for (int k = 0; k + 1 < xs.length; k++) {
        if (random.nextInt(8) != 0) {
          roads.add(line(xs[k], y + random.nextDouble() * 1e-4, xs[k + 1], y + random.nextDouble() * 1e-4));
        }
      }
    }
    return roads;
  }

  private static LineString line(double x0, double y0, double x1, double y1) {
    LineString l = FixtureCity.GEOMETRY.createLineString(new Coordinate[] {new Coordinate(x0, y0), new Coordinate(x1, y1)});
    l.setSRID(4490);
    return l;
  }

  @Test
  void straightLifeCirclesEqualThePerCategoryAnswers() throws SQLException {
    compare(new CoverageQuestion.Scope(CoverageMode.STRAIGHT, null, List.of("open")));
    compare(new CoverageQuestion.Scope(CoverageMode.STRAIGHT, "370212", List.of("open", "closed")));
  }

  @Test
  void networkLifeCirclesEqualThePerCategoryAnswers() throws SQLException {
    compare(new CoverageQuestion.Scope(CoverageMode.NETWORK, null, List.of("open")));
    compare(new CoverageQuestion.Scope(CoverageMode.NETWORK, "370211", List.of("open", "closed")));
  }

  /** One pass (a fresh engine) against one question at a time (another fresh engine). */
  private static void compare(CoverageQuestion.Scope scope) throws SQLException {
    CoverageAnalyzer onePass = new CoverageAnalyzer(db.dataSource());
    CoverageAnalyzer oneAtATime = new CoverageAnalyzer(db.dataSource());
    List<CoverageQuery> queries = new ArrayList<>();
    Map<CoverageQuery, List<CommunityCoverage>> expected = new HashMap<>();
    for (LifeCircle level : LEVELS) {
      for (String category : level.categories()) {
        CoverageQuery q = scope.query(category, level.distanceM());
        queries.add(q);
        expected.put(q, oneAtATime.communities(q));
      }
    }
    Map<CoverageQuery, List<CommunityCoverage>> together = onePass.communities(queries);
    assertThat(together.keySet()).containsExactlyInAnyOrderElementsOf(expected.keySet());
    expected.forEach((q, answer) -> assertThat(together.get(q)).as("%s", q).containsExactlyElementsOf(answer));
    // The pass left each answer in the cache: asked alone, it is served the same list.
    long hits = onePass.cacheStats().hits();
    assertThat(onePass.communities(queries.get(0))).isEqualTo(expected.get(queries.get(0)));
    assertThat(onePass.cacheStats().hits()).isEqualTo(hits + 1);

    List<CommunityCircles> circles = new LifeCircleAnalyzer(new CoverageAnalyzer(db.dataSource()))
        .communities(LEVELS, scope);
    List<CommunityCircles> recomputed = recompute(scope, expected);
    assertThat(circles).containsExactlyElementsOf(recomputed);
    // The summary, read from the flags without per-community lists, against counts over the recomputed circles.
    LifeCircleSummary summary = LifeCircleSummary.of(scope.mode().code(),
        new LifeCircleAnalyzer(new CoverageAnalyzer(db.dataSource())).table(LEVELS, scope));
    for (LifeCircle level : LEVELS) {
      List<CommunityCircles> complete = recomputed.stream()
          .filter(c -> c.circles().stream().anyMatch(r -> r.level() == level.level() && r.complete())).toList();
      long people = recomputed.stream().mapToLong(CommunityCircles::population).sum();
      long completePeople = complete.stream().mapToLong(CommunityCircles::population).sum();
      assertThat(summary.city().circles()).contains(new LifeCircleSummary.LevelShare(level.level(), complete.size(),
          completePeople, Math.round(completePeople * 10_000.0 / people) / 10_000.0));
      for (String category : level.categories()) {
        List<CommunityCircles> missing = recomputed.stream().filter(c -> c.circles().stream()
            .anyMatch(r -> r.level() == level.level() && r.missing().contains(category))).toList();
        assertThat(summary.mostMissing()).contains(new LifeCircleSummary.Missing(level.level(), category,
            missing.size(), missing.stream().mapToLong(CommunityCircles::population).sum()));
      }
    }
    for (LifeCircleSummary.Area street : summary.byStreet()) {
      List<CommunityCircles> in = recomputed.stream().filter(c -> c.streetCode().equals(street.code())).toList();
      assertThat(street.communities()).isEqualTo(in.size()).isPositive();
      assertThat(street.circles().get(2).communitiesComplete()).isEqualTo((int) in.stream()
          .filter(c -> c.circles().get(2).complete()).count());
    }
    assertThat(summary.byStreet().stream().mapToInt(LifeCircleSummary.Area::communities).sum())
        .isEqualTo(recomputed.size());
    // Not a trivial city: circles complete and not, categories reached and missed, the absent one never.
    List<CircleResult> all = circles.stream().flatMap(c -> c.circles().stream()).toList();
    assertThat(all).anyMatch(CircleResult::complete).anyMatch(r -> !r.complete());
    assertThat(all).anyMatch(r -> r.reachable().size() > 0 && r.missing().size() > 0);
    assertThat(all).allMatch(r -> !r.reachable().contains(ABSENT));
    assertThat(expected.values()).anyMatch(answer -> answer.stream().anyMatch(c -> !c.covered())
        && answer.stream().anyMatch(CommunityCoverage::covered));
    assertThat(expected.entrySet()).filteredOn(e -> !e.getKey().category().equals(ABSENT))
        .allMatch(e -> e.getValue().stream().anyMatch(CommunityCoverage::covered));
  }

  /** Each community's circles from the per-category answers alone. */
  private static List<CommunityCircles> recompute(CoverageQuestion.Scope scope,
      Map<CoverageQuery, List<CommunityCoverage>> perCategory) {
    List<CommunityCoverage> communities = perCategory.get(scope.query(LEVELS.get(0).categories().get(0),
        LEVELS.get(0).distanceM()));
    List<CommunityCircles> out = new ArrayList<>();
    for (CommunityCoverage community : communities.stream()
        .sorted(java.util.Comparator.comparing(CommunityCoverage::code)).toList()) {
      List<CircleResult> circles = new ArrayList<>();
      for (LifeCircle level : LEVELS) {
        List<String> reachable = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (String category : level.categories()) {
          boolean covered = perCategory.get(scope.query(category, level.distanceM())).stream()
              .anyMatch(c -> c.code().equals(community.code()) && c.covered());
          (covered ? reachable : missing).add(category);
        }
        double score = Math.round(reachable.size() * 10_000.0 / level.categories().size()) / 10_000.0;
        circles.add(new CircleResult(level.level(), reachable, missing, missing.isEmpty(), score));
      }
      out.add(new CommunityCircles(community.code(), community.name(), community.districtCode(),
          community.district(), community.streetCode(), community.street(), community.population(), circles));
    }
    return out;
  }
}
