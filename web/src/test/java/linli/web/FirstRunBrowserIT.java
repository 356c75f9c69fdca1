package linli.web;

import static linli.web.MapBrowserIT.js;
import static linli.web.MapBrowserIT.open;
import static linli.web.MapBrowserIT.screenshot;
import static linli.web.MapBrowserIT.waitFor;
import static linli.web.MapBrowserIT.waitUntilReady;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import linli.registry.Database;
import linli.registry.testing.Osmium;
import linli.registry.testing.PostgisExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.GeometryFactory;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.Select;

/**
 * {@code ./linli serve} over an empty registry, as a new user finds it: no city named, no demo
 * note, no "all covered", a getting-started guide with zero counts; then data imported through the
 * page, and the guide's counts follow until it hides itself. Then the import page's other layers
 * (districts; an OpenStreetMap .pbf that chooses roads) and its report (registered divisions,
 * skipped ways and warnings).
 */
@ExtendWith(PostgisExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FirstRunBrowserIT {
  private static Database db;
  @RegisterExtension
  static final BrowserSession session = BrowserSession.consoleChecked();
  private static RunningApp app;
  private static ChromeDriver browser;

  @BeforeAll
  static void start(Database database) throws Exception {
    db = database;
    app = session.serve(new RunningApp(db));
    browser = session.chromium();
  }

  @Test
  @Order(1)
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

    // The communities step opens the import page with the communities layer chosen. The file names
    // its street and district, which the empty registry lacks: the import registers them, and the
    // report says so, code and name.
    step("communities").click();
    assertThat(browser.findElement(By.id("import")).isDisplayed()).isTrue();
    assertThat(new Select(browser.findElement(By.id("import-layer"))).getFirstSelectedOption().getAttribute("value"))
        .isEqualTo("communities");
    importFile(communitiesGeoJson());
    assertThat(reportCount("inserted")).isEqualTo("2");
    assertThat(reportCount("rejected")).isEqualTo("0");
    // Nothing skipped, no facility to move: those counts are not shown.
    assertThat(browser.findElements(By.cssSelector("#import-report .count.skipped"))).isEmpty();
    assertThat(browser.findElements(By.cssSelector("#import-report .count.facilities_moved"))).isEmpty();
    assertThat(browser.findElement(By.cssSelector("#import-report .table-wrap h3")).getText())
        .isEqualTo("Districts and streets registered");
    assertThat(createdRows()).containsExactly("district 370202 市南区", "street 370202001 甲街道");
    assertThat(browser.findElements(By.cssSelector("#import-errors table"))).isEmpty();
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

    // A districts file through the districts layer: a second district, with its boundary, and the
    // first again without one (kept as it is). The district selector follows.
    browser.findElement(By.id("tab-import")).click();
    Select layer = new Select(browser.findElement(By.id("import-layer")));
    assertThat(layer.getOptions().stream().map(o -> o.getAttribute("value")))
        .containsExactly("facilities", "communities", "districts", "streets", "roads");
    layer.selectByValue("districts");
    importFile(districtsCsv());
    assertThat(reportCount("total")).isEqualTo("2");
    assertThat(reportCount("inserted")).isEqualTo("1");
    assertThat(reportCount("rejected")).isEqualTo("0");
    assertThat(createdRows()).isEmpty();
    waitFor(browser).until(d -> !d.findElements(By.cssSelector("#district option[value='370203']")).isEmpty());
    assertThat(browser.findElement(By.cssSelector("#district option[value='370203']")).getAttribute("textContent"))
        .isEqualTo("市北区");
  }

  /** After the first test: its districts are the area the roads must lie in. */
  @Test
  @Order(2)
  void anOpenStreetMapFileChoosesTheRoadsLayerAndItsReportShowsTheWaysLeftOut() throws Exception {
    open(browser, app, "?lang=en");
    browser.findElement(By.id("tab-import")).click();
    WebDriver d = browser;
    assertThat(d.findElement(By.id("import-file")).getAttribute("accept")).contains(".pbf");
    Select layer = new Select(d.findElement(By.id("import-layer")));
    Select crs = new Select(d.findElement(By.id("import-crs")));
    // The coordinate systems a Chinese file comes in, and the truth about the automatic choice (ImportCrs).
    assertThat(crs.getOptions().stream().map(o -> o.getAttribute("value")))
        .contains("", "EPSG:4326", "EPSG:4490", "GCJ02", "BD09", "EPSG:4528", "EPSG:4549");
    assertThat(crs.getOptions().get(0).getText()).isEqualTo("automatic (the file’s .prj / GeoPackage SRS, else EPSG:4326)");
    layer.selectByValue("facilities");
    crs.selectByValue("");
    d.findElement(By.id("token")).clear();
    d.findElement(By.id("token")).sendKeys(RunningApp.ADMIN_TOKEN);
    d.findElement(By.id("import-file")).sendKeys(roadsPbf().toAbsolutePath().toString());
    assertThat(layer.getFirstSelectedOption().getAttribute("value")).isEqualTo("roads");

    // A dry run: way 2 names a node the extract lacks, so it is left out (skipped, with a warning), not rejected.
    d.findElement(By.id("import-dry-run")).click();
    waitFor(d).until(x -> x.findElement(By.id("import-status")).getText().startsWith("The check passed"));
    assertThat(d.findElement(By.cssSelector("#import-report h3")).getText()).isEqualTo("Dry run (nothing written)");
    assertThat(reportCount("rejected")).isEqualTo("0");
    assertThat(reportCount("skipped")).isEqualTo("1");
    assertThat(d.findElement(By.cssSelector("#import-report .count.skipped dt")).getText()).isEqualTo("skipped");
    assertThat(d.findElements(By.cssSelector("#import-errors table.errors:not(.warnings)"))).isEmpty();
    List<String> warning = d.findElements(By.cssSelector("#import-errors table.warnings tbody td")).stream()
        .map(e -> e.getText()).toList();
    assertThat(warning).hasSize(3);
    assertThat(warning.get(0)).isEqualTo("2");
    assertThat(warning.get(1)).isEqualTo("nodes");
    assertThat(warning.get(2)).startsWith("way 2 (highway=footway) left out");
    assertThat(d.findElement(By.cssSelector("#import-errors h3")).getText()).isEqualTo("Warnings");

    // In Chinese, the same report in the page's other words.
    new Select(d.findElement(By.id("lang"))).selectByValue("zh");
    assertThat(d.findElement(By.cssSelector("#import-report .count.skipped dt")).getText()).isEqualTo("略过");
    assertThat(d.findElement(By.cssSelector("#import-errors h3")).getText()).isEqualTo("警告");
    assertThat(layer.getFirstSelectedOption().getText()).isEqualTo("路网（线）");
    assertThat(layer.getOptions().stream().map(o -> o.getText()))
        .contains("区县（面）", "街道、镇（面）");
  }

  /** The report's count of {@code field}, as shown. */
  private static String reportCount(String field) {
    return browser.findElement(By.cssSelector("#import-report .count." + field + " dd")).getText();
  }

  /** The report's registered districts and streets: "kind code name". */
  private static List<String> createdRows() {
    return browser.findElements(By.cssSelector("#import-report table.created tbody tr")).stream()
        .map(r -> r.findElements(By.tagName("td")).stream().map(c -> c.getText()).reduce((a, b) -> a + " " + b).orElse(""))
        .toList();
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

  /** Two square communities of street 370202001 (甲街道) in district 370202 (市南区), side by side. */
  private static Path communitiesGeoJson() throws Exception {
    String feature = """
        {"type": "Feature", "properties": {"code": "%s", "name": "%s", "population": %d,
          "district_code": "370202", "district_name": "市南区", "street_code": "370202001", "street_name": "甲街道"},
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

  /** 市北区 with a boundary east of the communities; 市南区 again without one. */
  private static Path districtsCsv() throws Exception {
    return write("first-districts.csv", """
        code,name,wkt
        370202,市南区,
        370203,市北区,"POLYGON((120.33 36.10, 120.36 36.10, 120.36 36.12, 120.33 36.12, 120.33 36.10))"
        """);
  }

  /** A footway through the first community, and way 2, which names a node the file lacks. */
  private static Path roadsPbf() throws Exception {
    GeometryFactory gf = new GeometryFactory();
    return new Osmium()
        .node(1, gf.createPoint(new Coordinate(120.301, 36.105)))
        .node(2, gf.createPoint(new Coordinate(120.309, 36.105)))
        .way(1, new long[] {1, 2}, "highway", "footway")
        .way(2, new long[] {2, 99}, "highway", "footway")
        .pbf(Files.createTempDirectory("linli-first-run"), "first-roads.osm.pbf");
  }

  private static Path write(String name, String text) throws Exception {
    Path file = Files.createTempDirectory("linli-first-run").resolve(name);
    Files.writeString(file, text, StandardCharsets.UTF_8);
    return file;
  }

}
