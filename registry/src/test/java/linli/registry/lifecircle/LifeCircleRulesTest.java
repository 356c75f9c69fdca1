package linli.registry.lifecircle;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import linli.registry.Violation;
import org.junit.jupiter.api.Test;

class LifeCircleRulesTest {
  private static final Set<String> KNOWN = Set.of("children_venue", "meal_point", "health_station");

  @Test
  void aGoodChangeKeepsItsOrder() {
    LifeCircleRules.Change c = LifeCircleRules.check(450, List.of("meal_point", "children_venue"), KNOWN);
    assertThat(c.ok()).isTrue();
    assertThat(c.distanceM()).isEqualTo(450.0);
    assertThat(c.categories()).containsExactly("meal_point", "children_venue");
  }

  @Test
  void everyMistakeNamesItsField() {
    LifeCircleRules.Change c = LifeCircleRules.check(60_000.5,
        List.of("meal_point", "nope", "meal_point", 7), KNOWN);
    assertThat(c.violations()).extracting(Violation::field)
        .containsExactly("distance_m", "categories[1]", "categories[2]", "categories[3]");
    assertThat(c.violations().get(1).message()).contains("unknown category 'nope'");
    assertThat(c.violations().get(2).message()).contains("listed twice");
  }

  @Test
  void bothFieldsAreRequiredAndTheListIsNotEmpty() {
    assertThat(LifeCircleRules.check(null, null, KNOWN).violations()).extracting(Violation::field)
        .containsExactly("distance_m", "categories");
    assertThat(LifeCircleRules.check("300", List.of(), KNOWN).violations()).extracting(Violation::message)
        .containsExactly("is required: a number of metres", "must name at least one category");
    assertThat(LifeCircleRules.check(0.5, "meal_point", KNOWN).violations()).extracting(Violation::field)
        .containsExactly("distance_m", "categories");
  }

  @Test
  void levelsAreFiveTenAndFifteen() {
    assertThat(LifeCircleRules.level("5")).isEqualTo(5);
    assertThat(LifeCircleRules.level("15")).isEqualTo(15);
    assertThat(LifeCircleRules.level("05")).isNull();
    assertThat(LifeCircleRules.level("20")).isNull();
  }
}
