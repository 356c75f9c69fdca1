package linli.web;

import static linli.registry.testing.FixtureCity.anchor;
import static linli.registry.testing.FixtureCity.communityCode;
import static linli.registry.testing.FixtureCity.offset;
import static linli.web.MapBrowserIT.js;
import static linli.web.MapBrowserIT.open;
import static linli.web.MapBrowserIT.screenshot;
import static linli.web.MapBrowserIT.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import linli.registry.Database;
import linli.registry.city.CityData;
import linli.registry.city.CityLoader;
import linli.registry.testing.FixtureCity;
import linli.registry.testing.PostgisExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.Select;

/** The life-circle panel and layer in the browser (real Chromium) over the fixture city. */
@ExtendWith(PostgisExtension.class)
class LifeCircleMapIT {
  @RegisterExtension
  static final BrowserSession session = BrowserSession.consoleChecked();
  private static RunningApp app;
  private static ChromeDriver browser;

  /**
   * 5-minute circles (300 m: a children's venue and an elderly care station): children's venues 100 m
   * from offices 0, 1, 2 and care stations 100 m from offices 0 and 3, so community 0 is complete,
   * 1, 2 and 3 lack one of two, 4 and 5 both.
   */
  @BeforeAll
  static void start(Database db) throws Exception {
    CityData fixture = FixtureCity.build();
    List<CityData.Facility> facilities = new ArrayList<>(fixture.facilities());
    for (int i : new int[] {0, 1, 2}) {
      facilities.add(facility("children_venue", i, 0));
    }
    for (int i : new int[] {0, 3}) {
      facilities.add(facility("elderly_care_station", i, 180));
    }
    new CityLoader(db.dataSource()).load(new CityData(fixture.districts(), fixture.streets(), fixture.communities(),
        facilities, List.of()));
    app = session.serve(new RunningApp(db));
    browser = session.chromium();
  }

  private static CityData.Facility facility(String category, int community, double azimuth) {
    return new CityData.Facility(category, category + community, null, "open", null, null, communityCode(community),
        null, "fixture", category + community, offset(anchor(community), azimuth, 100));
  }

  private static String text(String id) {
    return browser.findElement(By.id(id)).getText();
  }

  @Test
  void completenessIsDrawnWithTheMissingCategoriesOnHover() throws Exception {
    open(browser, app, "?lang=en");
    // Nothing is asked of life circles until the section is opened.
    assertThat(js(browser, "return window.linli.lifeCircles.summary")).isNull();
    browser.findElement(By.cssSelector("#life-circles summary")).click();
    new Select(browser.findElement(By.id("life-circle-level"))).selectByValue("5");
    waitFor(browser).until(d -> Long.valueOf(6).equals(js(d,
        "const s = window.linli.lifeCircles; return s.level === 5 && s.summary ? s.drawn : null")));
    // Community 0 complete, 1 missing half, 4 missing all: three colours.
    String fills = """
        const fills = {};
        window.linli.map.eachLayer(l => { if (l.feature && l.feature.properties.level === 5) fills[l.feature.properties.code] = l.options.fillColor; });
        return [fills[arguments[0]], fills[arguments[1]], fills[arguments[2]]];""";
    assertThat(js(browser, fills, communityCode(0), communityCode(1), communityCode(4)))
        .isEqualTo(List.of("#1a9850", "#fdae61", "#d73027"));
    // 1,000 of 21,000 residents complete; care stations missed by 2,000 + 3,000 + 5,000 + 6,000.
    waitFor(browser).until(d -> text("life-circle-status").contains("4.8%"));
    assertThat(text("life-circle-missing")).startsWith("Home & community elderly care station: 16,000 residents (4 communities)");
    assertThat(text("life-circle-missing")).contains("Children's activity venue: 15,000 residents (3 communities)");

    // A real mouse over community 1: its tooltip names what it lacks.
    @SuppressWarnings("unchecked")
    List<Number> xy = (List<Number>) js(browser, """
        const map = window.linli.map;
        const p = map.latLngToContainerPoint([arguments[1], arguments[0]]);
        const box = map.getContainer().getBoundingClientRect();
        return [box.left + p.x, box.top + p.y];""", anchor(1).getX() + 0.002, anchor(1).getY() + 0.002);
    new Actions(browser).moveToLocation((int) Math.round(xy.get(0).doubleValue()),
        (int) Math.round(xy.get(1).doubleValue())).perform();
    waitFor(browser).until(d -> !d.findElements(By.cssSelector(".leaflet-tooltip")).isEmpty()
        && d.findElement(By.cssSelector(".leaflet-tooltip")).getText().contains("lacks"));
    assertThat(browser.findElement(By.cssSelector(".leaflet-tooltip")).getText())
        .contains("社区1").contains("completeness 50%").contains("lacks: Home & community elderly care station");
    screenshot(browser, "life-circles.png");

    // Hiding the layer keeps the panel.
    browser.findElement(By.id("life-circle-show")).click();
    waitFor(browser).until(d -> Long.valueOf(0).equals(js(d, "return window.linli.lifeCircles.drawn")));
    assertThat(text("life-circle-missing")).contains("16,000");
  }
}
