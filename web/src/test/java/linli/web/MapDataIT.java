package linli.web;

import static linli.web.MapBrowserIT.assertNoConsoleErrors;
import static linli.web.MapBrowserIT.js;
import static linli.web.MapBrowserIT.open;
import static linli.web.MapBrowserIT.screenshot;
import static linli.web.MapBrowserIT.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import linli.registry.Database;
import linli.registry.city.CityLoader;
import linli.registry.testing.FixtureCity;
import linli.registry.testing.PostgisExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.Select;

/** The indicators dashboard and the import page in the browser; the import writes to this class's database. */
@ExtendWith(PostgisExtension.class)
class MapDataIT {
  /** Good rows in the uploaded file: enough to make the map group facilities at the city's zoom. */
  private static final int GOOD_ROWS = 600;

  @RegisterExtension
  static final BrowserSession session = BrowserSession.consoleChecked();
  private static RunningApp app;
  private static ChromeDriver browser;

  @BeforeAll
  static void start(Database db) throws Exception {
    new CityLoader(db.dataSource()).load(FixtureCity.build());
    app = session.serve(new RunningApp(db));
    browser = session.chromium();
  }

  @Test
  void theIndicatorsTabListsTheTenPlanTargets() throws Exception {
    open(browser, app, "?lang=en");
    browser.findElement(By.id("tab-indicators")).click();
    waitFor(browser).until(d -> d.findElements(By.cssSelector("#indicators-body tr")).size() == 10);
    assertThat(browser.findElement(By.id("indicators")).isDisplayed()).isTrue();
    // Each row: a met / not met / no data badge, and a bar when there is a value.
    assertThat(browser.findElements(By.cssSelector("#indicators-body tr .badge"))).hasSize(10);
    assertThat(browser.findElements(By.cssSelector("#indicators-body tr[data-id=smart_communities] .bar-fill")))
        .hasSize(1);
    long met = 0;
    for (var indicator : RunningApp.json(app.get("/api/indicators"))) {
      met += indicator.path("met").asBoolean(false) ? 1 : 0;
    }
    assertThat(browser.findElements(By.cssSelector("#indicators-body .badge.yes"))).hasSize((int) met);
    assertThat(browser.findElement(By.id("indicators-summary")).getText()).isEqualTo(met + " of 10 met");
    screenshot(browser, "indicators.png");
    browser.findElement(By.id("tab-map")).click();
    assertThat(browser.findElement(By.id("indicators")).isDisplayed()).isFalse();
  }

  @Test
  void aDryRunShowsTheBadRowThenTheCommitAddsTheFacilitiesToTheMap() throws Exception {
    open(browser, app, "?lang=en");
    waitFor(browser).until(d -> ((Number) js(d, "return window.linli.facilityCount")).intValue() == 4);
    browser.findElement(By.id("tab-import")).click();
    browser.findElement(By.id("token")).clear();
    browser.findElement(By.id("token")).sendKeys(RunningApp.ADMIN_TOKEN);
    browser.findElement(By.id("import-file")).sendKeys(sheltersCsv().toAbsolutePath().toString());
    assertThat(browser.findElement(By.id("import-source")).getAttribute("value")).isEqualTo("browser-shelters");
    new Select(browser.findElement(By.id("import-crs"))).selectByValue("EPSG:4490");
    assertThat(browser.findElement(By.id("import-commit")).isEnabled()).isFalse();

    browser.findElement(By.id("import-dry-run")).click();
    waitFor(browser).until(d -> !d.findElements(By.cssSelector("#import-errors tbody tr")).isEmpty());
    assertThat(count("total")).isEqualTo(GOOD_ROWS + 1);
    assertThat(count("inserted")).isZero(); // the whole file would be rejected
    assertThat(count("rejected")).isEqualTo(1);
    var firstError = browser.findElements(By.cssSelector("#import-errors tbody tr td"));
    // The row as a spreadsheet shows the CSV: the header is row 1.
    assertThat(firstError.get(0).getText()).isEqualTo(String.valueOf(GOOD_ROWS + 2));
    assertThat(browser.findElement(By.id("import-errors")).getText()).contains("category").contains("lon");
    // With "reject the whole file" the commit would write nothing: it is not offered.
    assertThat(browser.findElement(By.id("import-commit")).isEnabled()).isFalse();
    screenshot(browser, "import.png");

    // Skipping bad rows: the page checks again, and now the good rows would go in.
    new Select(browser.findElement(By.id("import-on-error"))).selectByValue("skip");
    waitFor(browser).until(d -> d.findElement(By.id("import-commit")).isEnabled());
    assertThat(count("inserted")).isEqualTo(GOOD_ROWS);
    assertThat(browser.findElement(By.id("import-status")).getText()).contains("skip");
    browser.findElement(By.id("import-commit")).click();
    waitFor(browser).until(d -> d.findElement(By.id("import-status")).getAttribute("class").contains("ok"));
    assertThat(count("inserted")).isEqualTo(GOOD_ROWS);

    // The map was refreshed: more facilities counted, and the new ones painted from fresh tiles. Not
    // waitUntilReady: the commit is reported before the page reloads the registry and refreshes, so
    // the map is still "ready" with the old answer then; the new count comes once the new one is ready.
    browser.findElement(By.id("tab-map")).click();
    waitFor(browser).until(d -> ((Number) js(d, "return window.linli.facilityCount")).intValue() == GOOD_ROWS + 4);
    assertThat(browser.findElement(By.id("facility-count")).getText()).contains("604");
    waitFor(browser).until(d -> ((Number) js(d, "return window.linli.facilitiesDrawn.points")).intValue() > 4);
    // The token is remembered in this browser.
    assertThat(js(browser, "return localStorage.getItem('linli.token')")).isEqualTo(RunningApp.ADMIN_TOKEN);
  }

  @Test
  void aWrongTokenIsExplained() throws Exception {
    open(browser, app);
    browser.findElement(By.id("tab-import")).click();
    var token = browser.findElement(By.id("token"));
    token.clear();
    token.sendKeys("not-the-token");
    browser.findElement(By.id("import-file")).sendKeys(sheltersCsv().toAbsolutePath().toString());
    browser.findElement(By.id("import-dry-run")).click();
    waitFor(browser).until(d -> d.findElement(By.id("import-status")).getAttribute("class").contains("error"));
    assertThat(browser.findElement(By.id("import-status")).getText()).contains("令牌");
    // 401 or 403, depending on how the server tells an unknown token from one without the right.
    assertNoConsoleErrors(browser, "401", "403");
    token.clear();
  }

  /** The report's count for one field, as shown. */
  private static long count(String field) {
    String text = browser.findElement(By.cssSelector("#import-report [data-field=" + field + "] dd")).getText();
    return Long.parseLong(text.replace(",", ""));
  }

  /** Open shelters on a grid over the fixture city, and one row with a bad category and longitude. */
  private static Path sheltersCsv() throws Exception {
    StringBuilder csv = new StringBuilder("source_id,name,category,lon,lat,capacity,status\n");
    for (int i = 0; i < GOOD_ROWS; i++) {
      double lon = 120.301 + (i % 40) * 0.0016;
      double lat = 36.1005 + (i / 40) * 0.00055;
      csv.append(String.format(Locale.ROOT, "S-%03d,测试避难场所%d,emergency_shelter,%.6f,%.6f,%d,open%n", i, i, lon, lat,
          100 + i));
    }
    csv.append("S-BAD,坏行,不存在的类别,abc,36.10,50,open\n");
    Path dir = Files.createTempDirectory("linli-import");
    Path file = dir.resolve("browser-shelters.csv");
    Files.writeString(file, csv, StandardCharsets.UTF_8);
    return file;
  }
}
