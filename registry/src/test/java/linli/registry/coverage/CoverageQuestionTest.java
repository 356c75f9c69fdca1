package linli.registry.coverage;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import linli.registry.Violation;
import linli.registry.category.Category;
import org.junit.jupiter.api.Test;

public class CoverageQuestionTest {
  /** A registry with two categories (shelters 500 m, police 1000 m by default) and one district. */
  public static final CoverageQuestion.Context REGISTRY = new CoverageQuestion.Context() {
    @Override
    public Optional<Category> category(String code) {
      return switch (code) {
        case "emergency_shelter" -> Optional.of(new Category(code, "应急避难场所", "Emergency shelter", "13", 500, ""));
        case "police_office" -> Optional.of(new Category(code, "社区警务室", "Police office", "11", 1000, ""));
        default -> Optional.empty();
      };
    }

    @Override
    public boolean hasDistrict(String codeOrName) {
      return codeOrName.equals("370202") || codeOrName.equals("市南区");
    }
  };

  /** Name, value, name, value...; a null value is an absent one. */
  private static Map<String, Object> values(Object... pairs) {
    Map<String, Object> map = new HashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      map.put((String) pairs[i], pairs[i + 1]);
    }
    return map;
  }

  private static CoverageQuery query(Object... pairs) throws SQLException {
    CoverageQuestion.Answer a = CoverageQuestion.parse(values(pairs), REGISTRY);
    assertThat(a.violations()).isEmpty();
    return a.query();
  }

  private static Violation only(CoverageQuestion.Answer a) {
    assertThat(a.query()).isNull();
    assertThat(a.violations()).hasSize(1);
    return a.violations().get(0);
  }

  private static Violation bad(Object... pairs) throws SQLException {
    return only(CoverageQuestion.parse(values(pairs), REGISTRY));
  }

  @Test
  void aFullQuestion() throws SQLException {
    assertThat(query("category", " police_office ", "distance", " 800 ", "mode", "network", "district", "市南区",
        "status", "open, building"))
        .isEqualTo(new CoverageQuery("police_office", 800, CoverageMode.NETWORK, "市南区", List.of("open", "building")));
  }

  @Test
  void defaultsAreTheCategorysDistanceStraightAllDistrictsAndOpen() throws SQLException {
    assertThat(query("category", "emergency_shelter"))
        .isEqualTo(new CoverageQuery("emergency_shelter", 500, CoverageMode.STRAIGHT, null, List.of("open")));
    assertThat(query("category", "police_office", "distance", "", "mode", " ", "district", "", "status", " , ,"))
        .isEqualTo(new CoverageQuery("police_office", 1000, CoverageMode.STRAIGHT, null, List.of("open")));
  }

  @Test
  void theCategoryIsRequiredAndKnown() throws SQLException {
    assertThat(bad("distance", "500")).isEqualTo(Violation.of("category", "is required"));
    assertThat(bad("category", "  ")).isEqualTo(Violation.of("category", "is required"));
    assertThat(bad("category", "nope")).isEqualTo(Violation.of("category", "unknown category 'nope' (see /api/categories)"));
    assertThat(bad("category", "Emergency_Shelter").field()).isEqualTo("category");
    assertThat(bad("category", 5).field()).isEqualTo("category");
  }

  @Test
  void theDistanceIsDecimalMetresFrom1To50000() throws SQLException {
    assertThat(query("category", "police_office", "distance", "1").distanceM()).isEqualTo(1);
    assertThat(query("category", "police_office", "distance", "50000").distanceM()).isEqualTo(50_000);
    assertThat(query("category", "police_office", "distance", "1e3").distanceM()).isEqualTo(1000);
    assertThat(query("category", "police_office", "distance", "750.5").distanceM()).isEqualTo(750.5);
    assertThat(bad("category", "police_office", "distance", "-5"))
        .isEqualTo(Violation.of("distance", "must be between 1 and 50000 metres, was -5"));
    assertThat(bad("category", "police_office", "distance", "abc"))
        .isEqualTo(Violation.of("distance", "'abc' is not a number of metres"));
    for (String notDecimal : new String[] {"500d", "0x1p9", "NaN", "Infinity", "5 00", "500m"}) {
      assertThat(bad("category", "police_office", "distance", notDecimal)).as(notDecimal)
          .isEqualTo(Violation.of("distance", "'" + notDecimal + "' is not a number of metres"));
    }
    for (String outside : new String[] {"0", "0.5", "50000.1", "1e9"}) {
      assertThat(bad("category", "police_office", "distance", outside).message()).as(outside)
          .isEqualTo("must be between 1 and 50000 metres, was " + outside);
    }
    // A distance with an unknown category is still checked: every mistake at once.
    assertThat(CoverageQuestion.parse(values("category", "nope", "distance", "abc"), REGISTRY).violations())
        .extracting(Violation::field).containsExactly("category", "distance");
  }

  @Test
  void aJsonBodyGivesTheDistanceAsDistanceMAndMayGiveANumber() throws SQLException {
    CoverageQuestion.Answer a = CoverageQuestion.parseBody(values("category", "police_office", "distance_m", 800), REGISTRY);
    assertThat(a.query().distanceM()).isEqualTo(800);
    assertThat(CoverageQuestion.parseBody(values("category", "police_office", "distance_m", 12.5), REGISTRY)
        .query().distanceM()).isEqualTo(12.5);
    assertThat(only(CoverageQuestion.parseBody(values("category", "police_office", "distance_m", -5), REGISTRY)))
        .isEqualTo(Violation.of("distance_m", "must be between 1 and 50000 metres, was -5"));
    assertThat(only(CoverageQuestion.parseBody(values("category", "police_office", "distance_m", 0.5), REGISTRY)))
        .isEqualTo(Violation.of("distance_m", "must be between 1 and 50000 metres, was 0.5"));
    assertThat(only(CoverageQuestion.parseBody(values("category", "police_office", "distance_m", "abc"), REGISTRY)))
        .isEqualTo(Violation.of("distance_m", "'abc' is not a number of metres"));
    assertThat(only(CoverageQuestion.parseBody(values("category", "police_office", "distance_m", List.of(1)), REGISTRY)))
        .isEqualTo(Violation.of("distance_m", "must be a number of metres"));
    // The body's distance is distance_m only: distance is not read there.
    assertThat(CoverageQuestion.parseBody(values("category", "police_office", "distance", "abc"), REGISTRY)
        .query().distanceM()).isEqualTo(1000);
  }

  @Test
  void theModeIsStraightOrNetworkAsWritten() throws SQLException {
    assertThat(query("category", "police_office", "mode", "straight").mode()).isEqualTo(CoverageMode.STRAIGHT);
    assertThat(query("category", "police_office", "mode", "network").mode()).isEqualTo(CoverageMode.NETWORK);
    assertThat(bad("category", "police_office", "mode", "walk"))
        .isEqualTo(Violation.of("mode", "'walk' is not one of straight, network"));
    assertThat(bad("category", "police_office", "mode", "Network"))
        .isEqualTo(Violation.of("mode", "'Network' is not one of straight, network"));
    assertThat(bad("category", "police_office", "mode", 3).field()).isEqualTo("mode");
  }

  @Test
  void theDistrictIsKnownByCodeOrName() throws SQLException {
    assertThat(query("category", "police_office", "district", "370202").district()).isEqualTo("370202");
    assertThat(query("category", "police_office", "district", " 市南区 ").district()).isEqualTo("市南区");
    assertThat(bad("category", "police_office", "district", "火星区")).isEqualTo(
        Violation.of("district", "unknown district '火星区' (a 6-digit code or a name, see /api/districts)"));
    assertThat(bad("category", "police_office", "district", 370202).field()).isEqualTo("district");
  }

  @Test
  void statusesAreSplitTrimmedAndEachChecked() throws SQLException {
    assertThat(query("category", "police_office", "status", "open,closed").statuses()).containsExactly("open", "closed");
    assertThat(query("category", "police_office", "status", " planned ,, building ").statuses())
        .containsExactly("planned", "building");
    assertThat(bad("category", "police_office", "status", "open, bogus"))
        .isEqualTo(Violation.of("status", "'bogus' is not one of planned, building, open, closed"));
    assertThat(bad("category", "police_office", "status", "Open").field()).isEqualTo("status");
    assertThat(CoverageQuestion.parse(values("category", "police_office", "status", "gone,bogus"), REGISTRY)
        .violations()).extracting(Violation::message)
        .containsExactly("'gone' is not one of planned, building, open, closed",
            "'bogus' is not one of planned, building, open, closed");
    assertThat(bad("category", "police_office", "status", List.of("open"))).isEqualTo(
        Violation.of("status", "must be text: statuses separated by commas, e.g. \"open,building\""));
  }

  @Test
  void anOptionalQuestionIsAskedByAnyOfItsValues() throws SQLException {
    CoverageQuestion.Answer none = CoverageQuestion.parseIfAsked(values("category", null, "distance", " ", "mode", null,
        "status", ""), REGISTRY);
    assertThat(none.ok()).isTrue();
    assertThat(none.query()).isNull();
    assertThat(CoverageQuestion.parseIfAsked(values("category", "emergency_shelter", "distance", null), REGISTRY)
        .query().distanceM()).isEqualTo(500);
    for (String other : new String[] {"distance", "mode", "status"}) {
      CoverageQuestion.Answer a = CoverageQuestion.parseIfAsked(values("category", null, other,
          other.equals("distance") ? "500" : other.equals("mode") ? "network" : "open"), REGISTRY);
      assertThat(only(a)).as(other).isEqualTo(Violation.of("category", "is required"));
    }
  }

  @Test
  void everyMistakeAtOnceEachNamingItsField() throws SQLException {
    CoverageQuestion.Answer a = CoverageQuestion.parse(values("category", "nope", "distance", "-5", "mode", "walk",
        "district", "火星区", "status", "open, bogus"), REGISTRY);
    assertThat(a.query()).isNull();
    assertThat(a.violations()).extracting(Violation::field)
        .containsExactly("category", "distance", "mode", "district", "status");
  }

  /** The scope (life circles) reads mode, district and status by the whole question's rules, without a category. */
  @Test
  void aScopeWithoutCategory() throws SQLException {
    CoverageQuestion.ScopeAnswer a = CoverageQuestion.parseScope(values("mode", "network", "district", "370202",
        "status", " open,planned "), REGISTRY);
    assertThat(a.violations()).isEmpty();
    assertThat(a.scope()).isEqualTo(new CoverageQuestion.Scope(CoverageMode.NETWORK, "370202", List.of("open", "planned")));
    assertThat(a.scope().query("police_office", 300))
        .isEqualTo(new CoverageQuery("police_office", 300, CoverageMode.NETWORK, "370202", List.of("open", "planned")));
    assertThat(CoverageQuestion.parseScope(values(), REGISTRY).scope())
        .isEqualTo(new CoverageQuestion.Scope(CoverageMode.STRAIGHT, null, List.of("open")));
    CoverageQuestion.ScopeAnswer bad = CoverageQuestion.parseScope(values("mode", "bike", "district", "x",
        "status", "built"), REGISTRY);
    assertThat(bad.scope()).isNull();
    assertThat(bad.violations()).extracting(Violation::field).containsExactly("mode", "district", "status");
  }
}
