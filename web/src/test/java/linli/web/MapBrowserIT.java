package linli.web;

import static linli.registry.testing.FixtureCity.anchor;
import static linli.registry.testing.FixtureCity.communityCode;
import static linli.registry.testing.FixtureCity.offset;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import linli.registry.Database;
import linli.registry.city.CityLoader;
import linli.registry.testing.FixtureCity;
import linli.registry.testing.PostgisExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.locationtech.jts.geom.Point;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The Leaflet map in Debian's headless Chromium, against the real server over the fixture city.
 * The static helpers (browser start, waits, map clicks, screenshots, console check) are shared by
 * the other browser ITs; {@link BrowserSession} starts and stops their server and browser.
 */
@ExtendWith(PostgisExtension.class)
class MapBrowserIT {
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

  // ---- shared helpers ----------------------------------------------------------------------------

  /**
   * Debian's Chromium, headless, 1280×800, with the console kept for {@link #assertNoConsoleErrors};
   * {@code extraArguments} added to its command line.
   */
  static ChromeDriver chrome(String... extraArguments) throws IOException {
    ChromeOptions options = new ChromeOptions();
    options.setBinary(Path.of(System.getenv().getOrDefault("LINLI_CHROMIUM", "/usr/bin/chromium")).toFile());
    options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run", "--window-size=1280,800",
        "--hide-scrollbars", "--user-data-dir=" + Files.createTempDirectory("linli-chromium"));
    options.addArguments(extraArguments);
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.BROWSER, Level.ALL);
    options.setCapability(ChromeOptions.LOGGING_PREFS, logs);
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(Path.of(System.getenv().getOrDefault("LINLI_CHROMEDRIVER", "/usr/bin/chromedriver"))
            .toFile())
        .build();
    ChromeDriver driver = new ChromeDriver(service, options);
    viewport(driver, 1280, 800);
    return driver;
  }

  /** The page's viewport in CSS pixels (--window-size would include the window's frame). */
  static void viewport(ChromeDriver driver, int width, int height) {
    driver.executeCdpCommand("Emulation.setDeviceMetricsOverride",
        Map.of("width", width, "height", height, "deviceScaleFactor", 1, "mobile", false));
  }

  /**
   * A wait for the page, not a speed budget (the map's speed is measured in scripts/bench-map.sh):
   * long enough for the Qingdao-sized city on a loaded 2-core machine, where 20 s once ran out.
   */
  static WebDriverWait waitFor(WebDriver driver) {
    return new WebDriverWait(driver, Duration.ofSeconds(45));
  }

  /**
   * The element of {@code css} once shown, not merely present: Leaflet fades a popup in, and WebDriver
   * reads no text of an element at opacity 0 (CI once read a facility popup as "").
   */
  static WebElement shown(WebDriver driver, String css) {
    return waitFor(driver).until(d -> {
      WebElement element = d.findElement(By.cssSelector(css));
      return element.isDisplayed() ? element : null;
    });
  }

  static Object js(WebDriver driver, String script, Object... args) {
    return ((JavascriptExecutor) driver).executeScript(script, args);
  }

  /** Waits until the page has drawn the coverage of its current query. */
  static void waitUntilReady(WebDriver driver) {
    waitFor(driver).until(d -> Boolean.TRUE.equals(js(d, "return window.linli && window.linli.ready")));
  }

  /** Opens the map fresh (Chinese unless switched, no what-if) and waits for it. */
  static void open(WebDriver driver, RunningApp app) {
    open(driver, app, "");
  }

  /**
   * Opens the map with a query string, e.g. "?lang=en": the screenshots are taken in English,
   * since the test machine has no CJK font and Chinese labels would show as boxes.
   */
  static void open(WebDriver driver, RunningApp app, String query) {
    driver.get(app.url("/" + query));
    waitUntilReady(driver);
  }

  /** A real mouse click on the map at a lon/lat, through the page's own Leaflet map. */
  @SuppressWarnings("unchecked")
  static void clickMapAt(WebDriver driver, double lon, double lat) {
    List<Number> xy = (List<Number>) js(driver, """
        const map = window.linli.map;
        const p = map.latLngToContainerPoint([arguments[1], arguments[0]]);
        const box = map.getContainer().getBoundingClientRect();
        return [box.left + p.x, box.top + p.y];""", lon, lat);
    new Actions(driver).moveToLocation((int) Math.round(xy.get(0).doubleValue()),
        (int) Math.round(xy.get(1).doubleValue())).click().perform();
  }

  /**
   * Saves a screenshot under web/target/screenshots/ (overwritten each run; the copies in
   * docs/screenshots/ for the README are taken from there by hand, so tests never dirty the tree).
   */
  static void screenshot(WebDriver driver, String name) throws IOException {
    Path dir = Path.of("target", "screenshots");
    Files.createDirectories(dir);
    Path shot = dir.resolve(name);
    Files.write(shot, ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
    assertThat(Files.size(shot)).isGreaterThan(5_000);
  }

  /**
   * Fails on console errors since the last call: script errors, and failed requests other than the
   * statuses a test provoked on purpose ({@code expected}, e.g. "501").
   */
  static void assertNoConsoleErrors(WebDriver driver, String... expected) {
    List<String> errors = new ArrayList<>();
    for (LogEntry entry : driver.manage().logs().get(LogType.BROWSER)) {
      if (entry.getLevel().intValue() < Level.WARNING.intValue()) {
        continue;
      }
      String message = entry.getMessage();
      boolean provoked = false;
      for (String status : expected) {
        provoked |= message.contains("status of " + status);
      }
      if (!provoked) {
        errors.add(message);
      }
    }
    assertThat(errors).as("browser console").isEmpty();
  }

  @SuppressWarnings("unchecked")
  static List<String> codes(WebDriver driver, String expression) {
    return (List<String>) js(driver, "return " + expression);
  }

  static List<String> apiUncovered(RunningApp app, String query) throws Exception {
    JsonNode report = RunningApp.json(app.get("/api/coverage?" + query));
    List<String> codes = new ArrayList<>(report.get("uncovered").findValuesAsText("code"));
    codes.sort(null);
    return codes;
  }

  // ---- tests ---------------------------------------------------------------------------------------

  @Test
  void showsCommunitiesColouredByShelterCoverage() throws Exception {
    open(browser, app, "?lang=en");
    assertThat(browser.findElement(By.id("community-count")).getText()).isEqualTo("1 / 6");
    // Six community polygons and the shelters are painted from tiles on the map's canvases.
    Object drawn = js(browser, "return document.querySelectorAll('.leaflet-communities-pane canvas').length");
    assertThat(((Number) drawn).intValue()).isPositive();
    assertThat(codes(browser, "window.linli.coveredCodes")).containsExactly(communityCode(0));
    assertThat(codes(browser, "window.linli.uncoveredCodes")).hasSize(5);
    // All four shelters of the category are counted and painted (open, closed and planned), none grouped.
    // Counted alongside: the coloured map does not wait for the counts.
    waitFor(browser).until(d -> ((Number) js(d, "return window.linli.facilityCount")).intValue() == 4);
    assertThat(((Number) js(browser, "return window.linli.facilitiesDrawn.points")).intValue()).isEqualTo(4);
    assertThat(browser.findElement(By.id("facility-count")).getText()).contains("4");
    // Not the demo, no LINLI_CITY_NAME, communities and facilities loaded: no note, no name, no guide.
    assertThat(browser.findElement(By.id("note")).isDisplayed()).isFalse();
    assertThat(browser.findElement(By.cssSelector("#district option[value='']")).getText()).isEqualTo("Whole area");
    assertThat(browser.findElement(By.id("guide")).isDisplayed()).isFalse();
    assertThat(browser.findElement(By.id("guide-open")).isDisplayed()).isTrue();
    // Both districts are labelled on the map.
    assertThat(browser.findElements(By.cssSelector(".district-label")).stream().map(e -> e.getText()).toList())
        .containsExactlyInAnyOrder("市南区", "市北区");
    // And outlined, from our own data, in their own pane above the community fills.
    waitFor(browser).until(d -> js(d, "return window.linli.districtOutlines") != null);
    assertThat(((Number) js(browser, "return window.linli.districtOutlines")).intValue()).isEqualTo(2);
    assertThat(browser.findElements(By.cssSelector(".leaflet-districtOutlines-pane canvas"))).isNotEmpty();
    screenshot(browser, "map.png");
  }

  @Test
  void theCategoriesAreAskedOnceForTheWholePage() {
    open(browser, app, "?lang=en");
    // The import form's default category and the life circles read the same answer as the question.
    waitFor(browser).until(d -> ((Number) js(d, "return document.querySelectorAll('#import-category option').length"))
        .intValue() > 1);
    browser.findElement(By.cssSelector("#life-circles summary")).click();
    waitFor(browser).until(d -> Boolean.TRUE.equals(js(d, "return Boolean(window.linli.lifeCircles.summary)")));
    assertThat(((Number) js(browser, "return performance.getEntriesByType('resource')"
        + ".filter(r => new URL(r.name).pathname.endsWith('/api/categories')).length")).intValue()).isEqualTo(1);
  }

  @Test
  void basemapsAreOfferedButNoneIsLoadedByDefault() {
    open(browser, app, "?lang=en");
    String bases = (String) js(browser,
        "return document.querySelector('.leaflet-control-layers-base').textContent");
    assertThat(bases).contains("No basemap (offline)").contains("OpenStreetMap").doesNotContain("Tianditu");
    // Offline by default: no basemap image was requested from anywhere (only Linli's own vector tiles).
    assertThat(((Number) js(browser, "return document.querySelectorAll('img.leaflet-tile').length")).intValue()).isZero();
    assertThat(((Number) js(browser, """
        return performance.getEntriesByType('resource').filter(r => !r.name.startsWith(location.origin)).length"""))
        .intValue()).isZero();
  }

  @Test
  void changingTheDistanceRecomputesCoverage() {
    open(browser, app);
    var distance = browser.findElement(By.id("distance"));
    distance.sendKeys(Keys.chord(Keys.CONTROL, "a"), "700");
    assertThat(distance.getAttribute("value")).isEqualTo("700");
    browser.findElement(By.cssSelector("#controls button")).click();
    waitFor(browser).until(d -> d.findElement(By.id("community-count")).getText().equals("2 / 6"));
  }

  @Test
  void choosingACategoryUsesItsDefaultDistance() {
    open(browser, app);
    new Select(browser.findElement(By.id("category"))).selectByValue("children_venue");
    waitFor(browser).until(d -> d.findElement(By.id("community-count")).getText().equals("0 / 6"));
    assertThat(browser.findElement(By.id("distance")).getAttribute("value")).isEqualTo("300");
  }

  @Test
  void theUncoveredCommunitiesDrawnAreTheOnesTheApiReports() throws Exception {
    open(browser, app);
    assertThat(codes(browser, "window.linli.uncoveredCodes"))
        .hasSize(5)
        .isEqualTo(apiUncovered(app, "category=emergency_shelter&distance=500"));

    new Select(browser.findElement(By.id("category"))).selectByValue("police_office");
    waitFor(browser).until(d -> d.findElement(By.id("community-count")).getText().equals("0 / 6"));
    waitUntilReady(browser);
    assertThat(codes(browser, "window.linli.uncoveredCodes"))
        .hasSize(6)
        .isEqualTo(apiUncovered(app, "category=police_office&distance=1000"));

    // Back to shelters, along the road network (the fixture city has no roads: nothing is reachable).
    new Select(browser.findElement(By.id("category"))).selectByValue("emergency_shelter");
    waitUntilReady(browser);
    new Select(browser.findElement(By.id("mode"))).selectByValue("network");
    waitUntilReady(browser);
    assertThat(codes(browser, "window.linli.uncoveredCodes"))
        .isEqualTo(apiUncovered(app, "category=emergency_shelter&distance=500&mode=network"));
    assertThat(browser.getCurrentUrl()).contains("mode=network");
  }

  @Test
  void theGapListStartsWithTheLargestUnservedCommunityAndZoomsToIt() {
    open(browser, app);
    var first = browser.findElement(By.cssSelector("#gaps li:first-child button"));
    assertThat(first.getText()).contains("社区5").contains("6,000").contains("市北区");
    assertThat(browser.findElements(By.cssSelector("#gaps li"))).hasSize(5);
    first.click();
    waitFor(browser).until(d -> communityCode(5).equals(js(d, "return window.linli.highlighted")));
    // The map is centred on community 5's square (its anchor would be the centre; it has none).
    Point centre = anchor(5);
    waitFor(browser).until(d -> {
      Number lon = (Number) js(d, "return window.linli.map.getCenter().lng");
      Number lat = (Number) js(d, "return window.linli.map.getCenter().lat");
      return Math.abs(lon.doubleValue() - centre.getX()) < 0.002 && Math.abs(lat.doubleValue() - centre.getY()) < 0.002;
    });
    assertThat(((Number) js(browser, "return window.linli.map.getZoom()")).intValue()).isGreaterThanOrEqualTo(14);
    assertThat(browser.findElement(By.cssSelector(".leaflet-popup-content")).getText()).contains("社区5");
    assertThat(first.getAttribute("class")).contains("selected");
  }

  @Test
  void aFacilityPopupShowsItsDetailsAndHistory() {
    open(browser, app);
    Point shelterA = offset(anchor(0), 0, 400);
    clickMapAt(browser, shelterA.getX(), shelterA.getY());
    var popup = shown(browser, ".facility-popup");
    assertThat(popup.getText()).contains("避难场所a").contains("开放").contains("fixture / a");
    // Its walking distance is drawn around it while the popup is open.
    assertThat(((Number) js(browser, "return window.linli.facilitiesDrawn.reach")).intValue()).isEqualTo(500);
    popup.findElement(By.cssSelector(".history-link")).click();
    waitFor(browser).until(d -> !d.findElements(By.cssSelector(".history-list li")).isEmpty());
    assertThat(browser.findElement(By.cssSelector(".history-list li")).getText()).contains("v1").contains("新建");
  }

  @Test
  void colouringByDistanceGradesTheCommunities() {
    open(browser, app);
    new Select(browser.findElement(By.id("colour-by"))).selectByValue("distance");
    // Classes are multiples of the 500 m walking distance.
    assertThat(browser.findElement(By.id("legend")).getText()).contains("0–250 m").contains("750–1,000 m")
        .contains("> 1,000 m");
    waitFor(browser).until(d -> ((Number) js(d, "return new Set(Object.values(window.linli.drawnFills)).size"))
        .intValue() > 2);
  }

  @Test
  void theLanguageSwitchTranslatesTheLabels() {
    open(browser, app);
    assertThat(browser.findElement(By.cssSelector("label[for=category]")).getText()).isEqualTo("设施类别");
    try {
      new Select(browser.findElement(By.id("lang"))).selectByValue("en");
      assertThat(browser.findElement(By.cssSelector("label[for=category]")).getText()).isEqualTo("Category");
      assertThat(browser.findElement(By.id("tab-indicators")).getText()).isEqualTo("Indicators");
      assertThat(browser.findElement(By.id("whatif-toggle")).getText()).isEqualTo("Try a site");
      assertThat(browser.findElement(By.cssSelector("#category option[value=emergency_shelter]")).getText())
          .isEqualTo("Emergency shelter");
      assertThat(browser.findElement(By.id("summary")).getText()).contains("communities covered");
      assertThat(js(browser, "return document.documentElement.lang")).isEqualTo("en");
      // Remembered on the next visit.
      open(browser, app);
      assertThat(browser.findElement(By.cssSelector("label[for=category]")).getText()).isEqualTo("Category");
    } finally {
      new Select(browser.findElement(By.id("lang"))).selectByValue("zh");
    }
    assertThat(browser.findElement(By.cssSelector("label[for=category]")).getText()).isEqualTo("设施类别");
  }

  @Test
  void aTabletSizedWindowKeepsTheMapAndThePanelUsable() {
    try {
      viewport(browser, 1024, 768);
      open(browser, app);
      Number mapWidth = (Number) js(browser, "return document.getElementById('map').getBoundingClientRect().width");
      assertThat(mapWidth.intValue()).isGreaterThan(600);
      // The panel scrolls to its last tools rather than pushing the map off screen.
      var suggest = browser.findElement(By.id("suggest-button"));
      js(browser, "arguments[0].scrollIntoView()", suggest);
      assertThat(suggest.isDisplayed()).isTrue();
      Number pageHeight = (Number) js(browser, "return document.documentElement.scrollHeight");
      assertThat(pageHeight.intValue()).isLessThanOrEqualTo(768);
      // The side panel can be hidden to give the map the whole width.
      browser.findElement(By.id("panel-toggle")).click();
      waitFor(browser).until(d -> ((Number) js(d, "return document.getElementById('map').getBoundingClientRect().width"))
          .intValue() >= 1000);
    } finally {
      viewport(browser, 1280, 800);
    }
  }

  @Test
  void aBadDistanceIsExplainedInWords() {
    open(browser, app);
    var distance = browser.findElement(By.id("distance"));
    // The browser's own validation is bypassed so the server's problem answer is what shows.
    js(browser, "arguments[0].removeAttribute('max')", distance);
    distance.sendKeys(Keys.chord(Keys.CONTROL, "a"), "999999");
    browser.findElement(By.cssSelector("#controls button")).click();
    waitFor(browser).until(d -> d.findElement(By.id("summary")).getAttribute("class").contains("error"));
    assertThat(browser.findElement(By.id("summary")).getText()).contains("distance");
    assertThat(browser.findElement(By.id("map-message")).isDisplayed()).isTrue();
    assertNoConsoleErrors(browser, "400");
  }

  @Test
  void everyExportLinkDownloadsAFile() throws Exception {
    open(browser, app, "?lang=en&category=emergency_shelter&distance=700&district=370202");
    waitFor(browser).until(d -> !d.findElements(By.cssSelector("#export-format option")).isEmpty());
    // Every layer in every format the panel offers, as the link the panel builds from the map's query.
    List<String> hrefs = new ArrayList<>();
    List<String> layers = new Select(browser.findElement(By.id("export-layer"))).getOptions().stream()
        .map(o -> o.getAttribute("value")).toList();
    List<String> formats = new Select(browser.findElement(By.id("export-format"))).getOptions().stream()
        .map(o -> o.getAttribute("value")).toList();
    for (String layer : layers) {
      for (String format : formats) {
        js(browser, "for (const [id, v] of [['export-layer', arguments[0]], ['export-format', arguments[1]]]) {"
            + " const s = document.getElementById(id); s.value = v; s.dispatchEvent(new Event('change')); }", layer, format);
        hrefs.add(browser.findElement(By.id("export-download")).getAttribute("href"));
      }
    }
    assertThat(hrefs).hasSize(36)
        .anyMatch(h -> h.contains("/api/export/communities.geojson?") && h.contains("distance=700"))
        .anyMatch(h -> h.contains("/api/export/shelters-province.xlsx"))
        .anyMatch(h -> h.contains("/api/export/roads.geojson"));
    for (String href : hrefs) {
      String path = href.substring(href.indexOf("/api/"));
      assertThat(app.get(path).statusCode()).as(path).isEqualTo(200);
    }
  }

}
