package linli.registry.lifecircle;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class LifeCircleSummaryTest {
  private static final LifeCircle FIVE = new LifeCircle(5, "五分钟生活圈", 300, List.of("a", "b"), "");
  private static final LifeCircle TEN = new LifeCircle(10, "十分钟生活圈", 500, List.of("c"), "");

  /** Street s1 (district d1): 1,000 people complete at 5, 3,000 not; street s2 (d2): 6,000 complete at both. */
  private static final List<CommunityCircles> COMMUNITIES = List.of(
      community("1", "s1", "d1", 1_000, circle(5, List.of("a", "b"), List.of()), circle(10, List.of(), List.of("c"))),
      community("2", "s1", "d1", 3_000, circle(5, List.of("b"), List.of("a")), circle(10, List.of(), List.of("c"))),
      community("3", "s2", "d2", 6_000, circle(5, List.of("a", "b"), List.of()), circle(10, List.of("c"), List.of())));

  @Test
  void scoresAreTheShareOfRequiredCategoriesReached() {
    assertThat(circle(5, List.of("b"), List.of("a")).score()).isEqualTo(0.5);
    assertThat(circle(5, List.of("a"), List.of("b", "c")).score()).isEqualTo(0.3333);
    assertThat(circle(5, List.of("a"), List.of()).complete()).isTrue();
    assertThat(circle(5, List.of(), List.of("a")).complete()).isFalse();
  }

  @Test
  void sharesOfResidentsWithCompleteCircles() {
    LifeCircleSummary s = LifeCircleSummary.of("straight", List.of(FIVE, TEN), COMMUNITIES);
    assertThat(s.city().population()).isEqualTo(10_000);
    assertThat(s.city().circles()).containsExactly(new LifeCircleSummary.LevelShare(5, 2, 7_000, 0.7),
        new LifeCircleSummary.LevelShare(10, 1, 6_000, 0.6));
    assertThat(s.byStreet()).extracting(LifeCircleSummary.Area::code).containsExactly("s1", "s2");
    assertThat(s.byStreet().get(0).circles()).containsExactly(new LifeCircleSummary.LevelShare(5, 1, 1_000, 0.25),
        new LifeCircleSummary.LevelShare(10, 0, 0, 0.0));
    assertThat(s.byStreet().get(0).districtCode()).isEqualTo("d1");
    assertThat(s.byDistrict().get(1).circles().get(1)).isEqualTo(new LifeCircleSummary.LevelShare(10, 1, 6_000, 1.0));
  }

  @Test
  void mostMissingFirst() {
    LifeCircleSummary s = LifeCircleSummary.of("straight", List.of(FIVE, TEN), COMMUNITIES);
    assertThat(s.mostMissing()).containsExactly(new LifeCircleSummary.Missing(10, "c", 2, 4_000),
        new LifeCircleSummary.Missing(5, "a", 1, 3_000), new LifeCircleSummary.Missing(5, "b", 0, 0));
  }

  private static CircleResult circle(int level, List<String> reachable, List<String> missing) {
    return LifeCircleAnalyzer.result(level, reachable, missing);
  }

  private static CommunityCircles community(String code, String street, String district, long population,
      CircleResult... circles) {
    return new CommunityCircles(code, "c" + code, district, district + "区", street, street + "街道", population,
        List.of(circles));
  }
}
