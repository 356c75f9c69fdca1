package linli.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import linli.registry.Database;
import linli.registry.city.CityLoader;
import linli.registry.testing.FixtureCity;
import linli.registry.testing.PostgisExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/** The Leaflet map in Debian's headless Chromium, against the real server over the fixture city. */
@ExtendWith(PostgisExtension.class)
class MapBrowserIT {
  private static RunningApp app;
  private static ChromeDriver browser;

  @BeforeAll
  static void start(Database db) throws Exception {
    new CityLoader(db.dataSource()).load(FixtureCity.build());
    app = new RunningApp(db);
    ChromeOptions options = new ChromeOptions();
    options.setBinary(Path.of(System.getenv().getOrDefault("LINLI_CHROMIUM", "/usr/bin/chromium")).toFile());
    options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run", "--window-size=1280,800",
        "--user-data-dir=" + Files.createTempDirectory("linli-chromium"));
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(Path.of(System.getenv().getOrDefault("LINLI_CHROMEDRIVER", "/usr/bin/chromedriver"))
            .toFile())
        .build();
    browser = new ChromeDriver(service, options);
  }

  @AfterAll
  static void stop() {
    if (browser != null) {
      browser.quit();
    }
    if (app != null) {
      app.close();
    }
  }

  private static void waitUntilReady() {
    new WebDriverWait(browser, Duration.ofSeconds(20)).until(d ->
        Boolean.TRUE.equals(((JavascriptExecutor) d).executeScript("return window.linli && window.linli.ready")));
  }

  @Test
  void showsCommunitiesColouredByShelterCoverage() throws Exception {
    browser.get(app.url("/"));
    waitUntilReady();
    assertThat(browser.findElement(By.id("community-count")).getText()).isEqualTo("1 / 6");
    // Six community polygons and the open shelters are drawn on the map's canvas.
    Object drawn = ((JavascriptExecutor) browser).executeScript(
        "let n = 0; document.querySelectorAll('.leaflet-overlay-pane canvas').forEach(() => n++); return n;");
    assertThat(((Number) drawn).intValue()).isPositive();
    Path shot = Path.of("target", "map-screenshot.png");
    Files.write(shot, ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
    assertThat(Files.size(shot)).isGreaterThan(5_000);
  }

  @Test
  void changingTheDistanceRecomputesCoverage() {
    browser.get(app.url("/"));
    waitUntilReady();
    var distance = browser.findElement(By.id("distance"));
    distance.sendKeys(Keys.chord(Keys.CONTROL, "a"), "700");
    assertThat(distance.getAttribute("value")).isEqualTo("700");
    browser.findElement(By.cssSelector("#controls button")).click();
    new WebDriverWait(browser, Duration.ofSeconds(20)).until(d ->
        d.findElement(By.id("community-count")).getText().equals("2 / 6"));
  }

  @Test
  void choosingACategoryUsesItsDefaultDistance() {
    browser.get(app.url("/"));
    waitUntilReady();
    new Select(browser.findElement(By.id("category"))).selectByValue("children_venue");
    new WebDriverWait(browser, Duration.ofSeconds(20)).until(d ->
        d.findElement(By.id("community-count")).getText().equals("0 / 6"));
    assertThat(browser.findElement(By.id("distance")).getAttribute("value")).isEqualTo("300");
  }
}
