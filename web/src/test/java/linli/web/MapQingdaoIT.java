package linli.web;

import static linli.web.MapBrowserIT.assertNoConsoleErrors;
import static linli.web.MapBrowserIT.js;
import static linli.web.MapBrowserIT.open;
import static linli.web.MapBrowserIT.screenshot;
import static linli.web.MapBrowserIT.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import linli.data.QingdaoDemo;
import linli.registry.Database;
import linli.registry.city.CityLoader;
import linli.registry.testing.PostgisExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.Select;

/** The map at the real scale: the generated Qingdao demo city (2,120 communities, about 15,000 facilities). */
@ExtendWith(PostgisExtension.class)
class MapQingdaoIT {
  @RegisterExtension
  static final BrowserSession session = BrowserSession.consoleUnchecked();
  private static RunningApp app;
  private static ChromeDriver browser;

  @BeforeAll
  static void start(Database db) throws Exception {
    new CityLoader(db.dataSource()).load(QingdaoDemo.generate());
    // As ./linli demo serves it: the city named (QingdaoDemo.CITY_NAME) because the demo is loaded.
    app = session.serve(new RunningApp(db, Map.of("LINLI_CITY_NAME", QingdaoDemo.CITY_NAME)));
    browser = session.chromium();
  }

  @Test
  void theWholeCityIsDrawnFromTiles() throws Exception {
    open(browser, app, "?lang=en");
    JsonNode report = RunningApp.json(app.get("/api/coverage?category=emergency_shelter"));
    assertThat(js(browser, "return window.linli.communities")).isEqualTo(2120L);
    assertThat(browser.findElement(By.id("community-count")).getText())
        .isEqualTo(report.at("/communities/covered").asInt() + " / 2120");
    @SuppressWarnings("unchecked")
    List<String> drawn = (List<String>) js(browser, "return window.linli.uncoveredCodes");
    assertThat(drawn).hasSize(report.get("uncovered").size());
    // The gap list shows the 30 largest, counts them all, and lists 30 more on each click.
    int unserved = report.get("uncovered").size();
    assertThat(browser.findElements(By.cssSelector("#gaps li"))).hasSize(30);
    assertThat(browser.findElement(By.cssSelector("#gaps li:first-child button")).getText())
        .contains(report.at("/uncovered/0/name").asText());
    assertThat(browser.findElement(By.id("gaps-count")).getText()).startsWith(String.format("%,d unserved communities", unserved));
    browser.findElement(By.id("gaps-more")).click();
    assertThat(browser.findElements(By.cssSelector("#gaps li"))).hasSize(60);
    assertThat(browser.findElement(By.cssSelector("#gaps li:nth-child(60) .gap-name")).getText())
        .isEqualTo(report.at("/uncovered/59/name").asText());
    assertThat(browser.findElement(By.id("gaps-more")).getText())
        .isEqualTo(String.format("List 30 more (%,d not yet listed)", unserved - 60));
    assertThat(browser.findElements(By.cssSelector(".district-label"))).hasSize(10);
    // The demo says it is one, names its city, and needs no getting started.
    assertThat(browser.findElement(By.id("note")).getText()).startsWith("Demo data");
    assertThat(browser.findElement(By.cssSelector("#district option[value='']")).getText()).isEqualTo("All of 青岛市");
    assertThat(browser.findElement(By.id("guide")).isDisplayed()).isFalse();
    // Over a thousand shelters at city zoom, each painted from the facility tiles (no grouping).
    waitFor(browser).until(d -> ((Number) js(d, "return window.linli.facilityCount")).intValue() > 1000);
    assertThat(((Number) js(browser, "return window.linli.facilitiesDrawn.points")).intValue()).isGreaterThan(1000);
    screenshot(browser, "qingdao.png");

    // Every category at once (counted by /api/facilities, drawn from tiles without a category).
    new Select(browser.findElement(By.id("facility-scope"))).selectByValue("all");
    waitFor(browser).until(d -> ((Number) js(d, "return window.linli.facilityCount")).intValue() > 10_000);
    assertThat(browser.findElement(By.id("facility-count")).getText()).doesNotContain("showing");
    assertNoConsoleErrors(browser);
  }
}
