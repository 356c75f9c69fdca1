package linli.web;

import static linli.web.MapBrowserIT.assertNoConsoleErrors;
import static linli.web.MapBrowserIT.js;
import static linli.web.MapBrowserIT.open;
import static linli.web.MapBrowserIT.screenshot;
import static linli.web.MapBrowserIT.waitFor;
import static linli.web.MapBrowserIT.waitUntilReady;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import linli.registry.Database;
import linli.registry.testing.PostgisExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.Select;

/**
 * {@code ./linli serve} over an empty registry, as a new user finds it: no city named, no demo
 * note, no "all covered", a getting-started guide with zero counts; then data imported through the
 * page, and the guide's counts follow until it hides itself.
 */
@ExtendWith(PostgisExtension.class)
class FirstRunBrowserIT {
  private static Database db;
  private static RunningApp app;
  private static ChromeDriver browser;

  @BeforeAll
  static void start(Database database) throws Exception {
    db = database;
    app = new RunningApp(db);
    browser = MapBrowserIT.chrome();
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

  @AfterEach
  void noConsoleErrors() {
    assertNoConsoleErrors(browser);
  }

  @Test
  void anEmptyRegistryGuidesTheFirstImportsAndTheCountsFollowThem() throws Exception {
    // In Chinese first: the words the user reported.
    open(browser, app, "?lang=zh");
    assertThat(guideCounts()).containsExactly("0 个区，0 个街道", "0 个社区", "0 段道路", "0 处设施");
    assertThat(allEntry()).isEqualTo("全市");
    assertThat(browser.findElement(By.id("note")).isDisplayed()).isFalse();
    String panel = browser.findElement(By.id("panel")).getText();
    assertThat(panel).doesNotContain("所有社区均已覆盖").doesNotContain("青岛").contains("所选范围内没有社区：请先导入社区。");
    assertThat(browser.findElement(By.id("gaps-note")).getText()).isEqualTo("所选范围内没有社区：请先导入社区。");
    // No data, no place: the map opens on the fallback view, not on some city.
    assertThat(((Number) js(browser, "return window.linli.map.getZoom()")).intValue()).isEqualTo(4);

    open(browser, app, "?lang=en");
    assertThat(browser.findElement(By.id("guide")).isDisplayed()).isTrue();
    assertThat(guideCounts()).containsExactly("districts: 0, streets: 0", "communities: 0", "road segments: 0", "facilities: 0");
    assertThat(browser.findElements(By.cssSelector("#guide-steps li.todo"))).hasSize(4);
    assertThat(allEntry()).isEqualTo("Whole area");
    assertThat(browser.findElement(By.id("panel")).getText()).doesNotContain("Every community in the selection is covered")
        .contains("There are no communities in this selection: import communities first.");
    assertThat(browser.findElement(By.id("no-communities")).isDisplayed()).isTrue();
    assertThat(browser.findElement(By.id("guide-open")).isDisplayed()).isFalse();
    screenshot(browser, "first-run.png");

    // The page offers no division import yet: a district and a street are registered as that import would.
    sql("""
        INSERT INTO district (code, name, geom)
          VALUES ('370202', '市南区', ST_GeomFromText('MULTIPOLYGON(((120.30 36.10, 120.33 36.10, 120.33 36.12, 120.30 36.12, 120.30 36.10)))', 4490));
        INSERT INTO street (code, name, kind, district_code) VALUES ('370202001', '甲街道', '街道', '370202')""");

    // The communities step opens the import page with the communities layer chosen.
    step("communities").click();
    assertThat(browser.findElement(By.id("import")).isDisplayed()).isTrue();
    assertThat(new Select(browser.findElement(By.id("import-layer"))).getFirstSelectedOption().getAttribute("value"))
        .isEqualTo("communities");
    importFile(communitiesGeoJson());
    browser.findElement(By.id("tab-map")).click();
    // The page refetched what the registry holds and recomputed coverage.
    waitFor(browser).until(d -> Long.valueOf(2).equals(js(d, "return window.linli.communities")));
    waitUntilReady(browser);
    assertThat(guideCounts()).containsExactly("districts: 1, streets: 1 ✓", "communities: 2 ✓",
        "road segments: 0", "facilities: 0");
    assertThat(browser.findElement(By.id("community-count")).getText()).isEqualTo("0 / 2");
    assertThat(browser.findElements(By.id("no-communities"))).isEmpty();
    assertThat(allEntry()).isEqualTo("Whole area");
    // The map went to the new data.
    assertThat(((Number) js(browser, "return window.linli.map.getZoom()")).intValue()).isGreaterThan(10);
    // Facilities still missing: the guide stays.
    assertThat(browser.findElement(By.id("guide")).isDisplayed()).isTrue();

    // Facilities through their step: now the guide hides itself, and a link brings it back.
    step("facilities").click();
    assertThat(new Select(browser.findElement(By.id("import-layer"))).getFirstSelectedOption().getAttribute("value"))
        .isEqualTo("facilities");
    importFile(facilitiesCsv());
    browser.findElement(By.id("tab-map")).click();
    waitFor(browser).until(d -> d.findElement(By.id("community-count")).getText().equals("1 / 2"));
    waitUntilReady(browser);
    assertThat(browser.findElement(By.id("guide")).isDisplayed()).isFalse();
    assertThat(browser.findElement(By.id("note")).isDisplayed()).isFalse();
    browser.findElement(By.id("guide-open")).click();
    assertThat(browser.findElement(By.id("guide")).isDisplayed()).isTrue();
    assertThat(guideCounts()).containsExactly("districts: 1, streets: 1 ✓", "communities: 2 ✓",
        "road segments: 0", "facilities: 1 ✓");
    browser.findElement(By.id("guide-close")).click();
    assertThat(browser.findElement(By.id("guide")).isDisplayed()).isFalse();
    assertThat(browser.findElement(By.id("guide-open")).isDisplayed()).isTrue();
  }

  private static List<String> guideCounts() {
    return browser.findElements(By.cssSelector("#guide-steps .guide-count")).stream().map(e -> e.getText()).toList();
  }

  private static String allEntry() {
    return browser.findElement(By.cssSelector("#district option[value='']")).getText();
  }

  private static org.openqa.selenium.WebElement step(String key) {
    return browser.findElement(By.cssSelector("#guide-steps li[data-step=" + key + "] button.guide-step"));
  }

  /** Dry run, then commit, through the import page (its layer already chosen). */
  private static void importFile(Path file) {
    WebDriver d = browser;
    d.findElement(By.id("token")).clear();
    d.findElement(By.id("token")).sendKeys(RunningApp.ADMIN_TOKEN);
    d.findElement(By.id("import-file")).sendKeys(file.toAbsolutePath().toString());
    new Select(d.findElement(By.id("import-crs"))).selectByValue("EPSG:4490");
    d.findElement(By.id("import-dry-run")).click();
    waitFor(d).until(x -> x.findElement(By.id("import-commit")).isEnabled());
    d.findElement(By.id("import-commit")).click();
    // The dry run's "check passed" is also an ok message: wait for the commit's own words.
    waitFor(d).until(x -> x.findElement(By.id("import-status")).getText().startsWith("Committed"));
  }

  /** Two square communities of street 370202001, side by side. */
  private static Path communitiesGeoJson() throws Exception {
    String feature = """
        {"type": "Feature", "properties": {"code": "%s", "name": "%s", "population": %d},
         "geometry": {"type": "Polygon", "coordinates": [[[%s, 36.10], [%s, 36.10], [%s, 36.11], [%s, 36.11], [%s, 36.10]]]}}""";
    String json = "{\"type\": \"FeatureCollection\", \"features\": ["
        + feature.formatted("370202001001", "第一社区", 3000, "120.30", "120.31", "120.31", "120.30", "120.30") + ","
        + feature.formatted("370202001002", "第二社区", 2000, "120.31", "120.32", "120.32", "120.31", "120.31") + "]}";
    return write("first-communities.geojson", json);
  }

  /** One open shelter in the middle of the first community. */
  private static Path facilitiesCsv() throws Exception {
    return write("first-facilities.csv", "source_id,name,category,lon,lat,status\nF-1,第一避难场所,emergency_shelter,120.305,36.105,open\n");
  }

  private static Path write(String name, String text) throws Exception {
    Path file = Files.createTempDirectory("linli-first-run").resolve(name);
    Files.writeString(file, text, StandardCharsets.UTF_8);
    return file;
  }

  private static void sql(String statements) throws Exception {
    try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
      s.execute(statements);
    }
  }
}
