package linli.registry.transfer.write;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.Charset;
import java.sql.SQLException;
import java.util.List;
import linli.registry.coverage.CoverageMode;
import linli.registry.coverage.CoverageQuery;
import linli.registry.coverage.CoverageQuestion;
import linli.registry.coverage.CoverageQuestionTest;
import linli.registry.crs.CoordinateSystem;
import org.junit.jupiter.api.Test;

class ExportParametersTest {
  private static final ExportFile COMMUNITIES_SHP = ExportFile.parse("communities.shp.zip").orElseThrow();

  private static ExportParameters.Result run(String file, String crs, String category, String district, String status,
      String distance, String mode, String encoding) {
    try {
      return new ExportParameters(crs, category, district, status, distance, mode, encoding)
          .toQuery(ExportFile.parse(file).orElseThrow(), CoverageQuestionTest.REGISTRY);
    } catch (SQLException e) {
      throw new AssertionError(e);
    }
  }

  private static String badField(ExportParameters.Result r) {
    assertThat(r.ok()).as("expected a violation").isFalse();
    return r.violations().get(0).field();
  }

  @Test
  void communitiesWithCategoryAndDistanceAskTheCoverageQuestion() {
    ExportParameters.Result r = run("communities.geojson", "GCJ-02", "police_office", "市南区", "open,building", "800",
        "network", null);
    assertThat(r.ok()).isTrue();
    assertThat(r.query().coverage()).isEqualTo(new CoverageQuery("police_office", 800, CoverageMode.NETWORK, null,
        List.of("open", "building")));
    assertThat(r.query().district()).isEqualTo("市南区");
    assertThat(r.query().crs()).isEqualTo(CoordinateSystem.GCJ02);
    assertThat(run("communities.csv", null, "police_office", null, null, "500", null, null).query().coverage())
        .isEqualTo(new CoverageQuery("police_office", 500, CoverageMode.STRAIGHT, null, List.of("open")));
    assertThat(run("communities.csv", null, null, null, null, null, null, null).query().coverage()).isNull();
    // Without a distance, the category's (police offices: 1000 m), as /api/coverage has it.
    assertThat(run("communities.csv", null, "police_office", null, null, null, null, null).query().coverage())
        .isEqualTo(new CoverageQuery("police_office", 1000, CoverageMode.STRAIGHT, null, List.of("open")));
  }

  @Test
  void eachMistakeNamesItsParameter() {
    assertThat(badField(run("communities.csv", null, "police_office", null, null, "abc", null, null))).isEqualTo("distance");
    assertThat(badField(run("communities.csv", null, "police_office", null, null, "0", null, null))).isEqualTo("distance");
    assertThat(badField(run("communities.csv", null, "police_office", null, null, "60000", null, null))).isEqualTo("distance");
    assertThat(badField(run("communities.csv", null, null, null, null, "500", null, null))).isEqualTo("category");
    assertThat(badField(run("communities.csv", null, "police_office", null, null, "500", "bus", null))).isEqualTo("mode");
    assertThat(badField(run("communities.csv", null, "police_office", null, "gone", "500", null, null))).isEqualTo("status");
    assertThat(badField(run("communities.csv", null, "spaceport", null, null, "500", null, null))).isEqualTo("category");
    assertThat(badField(run("communities.csv", null, "police_office", null, null, "500", "NETWORK", null)))
        .isEqualTo("mode");
    assertThat(badField(run("facilities.csv", null, null, null, null, "500", null, null))).isEqualTo("distance");
    assertThat(badField(run("roads.csv", null, null, "市南区", null, null, null, null))).isEqualTo("district");
    assertThat(badField(run("roads.csv", null, null, null, "open", null, null, null))).isEqualTo("status");
    assertThat(badField(run("shelters-province.xlsx", null, "police_office", null, null, null, null, null)))
        .isEqualTo("category");
    assertThat(badField(run("facilities.kml", "EPSG:4549", null, null, null, null, null, null))).isEqualTo("crs");
    assertThat(badField(run("facilities.csv", "EPSG:9999", null, null, null, null, null, null))).isEqualTo("crs");
    assertThat(badField(run("facilities.xlsx", null, null, null, null, null, null, "GBK"))).isEqualTo("encoding");
    assertThat(badField(run("facilities.gpkg", null, null, null, null, null, null, "GBK"))).isEqualTo("encoding");
    assertThat(badField(run("facilities.shp.zip", null, null, null, null, null, null, "Big5"))).isEqualTo("encoding");
  }

  @Test
  void theOptionsAloneAreCheckedWithoutARegistry() {
    ExportFile csv = ExportFile.parse("communities.csv").orElseThrow();
    assertThat(new ExportParameters(null, "spaceport", "火星区", null, null, null, null).check(csv)).isEmpty();
    assertThat(new ExportParameters(null, "spaceport", null, null, "-5", null, null).check(csv))
        .extracting(v -> v.field()).containsExactly("distance");
    assertThat(new ExportParameters("EPSG:9999", null, null, null, null, null, null).check(csv))
        .extracting(v -> v.field()).containsExactly("crs");
  }

  @Test
  void encodingIsForShapefilesAndCsv() throws SQLException {
    ExportParameters p = new ExportParameters(null, null, null, null, null, null, "gbk");
    assertThat(p.toQuery(COMMUNITIES_SHP, CoverageQuestionTest.REGISTRY).query().encoding())
        .isEqualTo(Charset.forName("GBK"));
    assertThat(new ExportParameters(null, null, null, null, null, null, "utf8")
        .toQuery(COMMUNITIES_SHP, CoverageQuestionTest.REGISTRY).query().textEncoding().name()).isEqualTo("UTF-8");
    assertThat(run("shelters-province.shp.zip", null, null, null, "open,closed", null, null, "GBK").query().status())
        .containsExactly("open", "closed");
    assertThat(run("facilities.csv", null, null, null, null, null, null, "GBK").query().encoding())
        .isEqualTo(Charset.forName("GBK"));
  }

  @Test
  void coveredKeepsTheCommunitiesTheQuestionAnswersSo() throws SQLException {
    ExportParameters unserved = new ExportParameters(null, "police_office", null, null, "800", null, null, null, "false");
    ExportQuery q = unserved.toQuery(ExportFile.parse("communities.geojson").orElseThrow(), CoverageQuestionTest.REGISTRY).query();
    assertThat(q.covered()).isFalse();
    assertThat(q.coverage().distanceM()).isEqualTo(800);
    ExportFile communities = ExportFile.parse("communities.csv").orElseThrow();
    // Without a question there is nothing to keep by; only communities have coverage; only true or false.
    assertThat(new ExportParameters(null, null, null, null, null, null, null, null, "false").check(communities))
        .extracting(v -> v.field()).containsExactly("covered");
    assertThat(new ExportParameters(null, null, null, null, null, null, null, null, "false")
        .check(ExportFile.parse("facilities.csv").orElseThrow())).extracting(v -> v.field()).containsExactly("covered");
    assertThat(new ExportParameters(null, "police_office", null, null, null, null, null, null, "no").check(communities))
        .extracting(v -> v.field()).containsExactly("covered");
  }

  private static ExportParameters.Result withLifeCircles(String file, String category, String status, String mode,
      String lifeCircles) {
    try {
      return new ExportParameters(null, category, null, status, null, mode, null, lifeCircles)
          .toQuery(ExportFile.parse(file).orElseThrow(), CoverageQuestionTest.REGISTRY);
    } catch (SQLException e) {
      throw new AssertionError(e);
    }
  }

  /** life_circles=true takes mode and status; a category is optional and, when given, asks coverage besides. */
  @Test
  void lifeCirclesAreAskedOfCommunitiesOnly() {
    ExportParameters.Result r = withLifeCircles("communities.csv", null, "open,planned", "network", "true");
    assertThat(r.violations()).isEmpty();
    assertThat(r.query().lifeCircles()).isEqualTo(new CoverageQuestion.Scope(CoverageMode.NETWORK, null,
        List.of("open", "planned")));
    assertThat(r.query().coverage()).isNull();
    ExportParameters.Result both = withLifeCircles("communities.csv", "police_office", null, null, "true");
    assertThat(both.query().coverage()).isEqualTo(new CoverageQuery("police_office", 1000, CoverageMode.STRAIGHT, null,
        List.of("open")));
    assertThat(both.query().lifeCircles()).isNotNull();
    assertThat(withLifeCircles("communities.csv", null, null, null, "false").query().lifeCircles()).isNull();
    assertThat(badField(withLifeCircles("communities.csv", null, null, null, "yes"))).isEqualTo("life_circles");
    assertThat(badField(withLifeCircles("facilities.csv", null, null, null, "true"))).isEqualTo("life_circles");
    assertThat(badField(withLifeCircles("communities.csv", null, null, "bus", "true"))).isEqualTo("mode");
    // Without life circles, a mode alone is still a coverage question without its category.
    assertThat(badField(withLifeCircles("communities.csv", null, null, "network", null))).isEqualTo("category");
  }
}
