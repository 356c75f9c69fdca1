package linli.web;

import static linli.web.MapBrowserIT.open;
import static linli.web.MapBrowserIT.screenshot;
import static linli.web.MapBrowserIT.waitFor;
import static linli.web.MapBrowserIT.waitUntilReady;
import static linli.web.OwnCityFiles.DISTRICTS;
import static linli.web.OwnCityFiles.NETWORK_M;
import static linli.web.OwnCityFiles.NETWORK_TOLERANCE_M;
import static linli.web.OwnCityFiles.STRAIGHT_M;
import static linli.web.OwnCityFiles.STRAIGHT_TOLERANCE_M;
import static linli.web.OwnCityFiles.STREETS;
import static linli.web.OwnCityFiles.communitiesGeoJson;
import static linli.web.OwnCityFiles.compare;
import static linli.web.OwnCityFiles.districtsShapefile;
import static linli.web.OwnCityFiles.facilitiesXlsx;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import linli.registry.Database;
import linli.registry.testing.PostgisExtension;
import linli.web.OwnCityFiles.Town;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.Select;

/**
 * {@link OwnCityIT}'s made-up town near Guangzhou, stood up from the same files ({@link OwnCityFiles}) through
 * the web page instead of the command line: the server over an empty registry, and in Chromium the import
 * page, file by file, choosing the layer and the coordinate system (automatic for the zone-38 Shapefile, whose
 * .prj decides; BD-09 for the XLSX copied from Baidu Maps), a dry run and then the commit, each report's counts
 * and registered streets read off the page. Then the map's coverage summary for emergency shelters, 500 m
 * straight and 800 m along the roads, and /api/coverage/communities from the same server, against the
 * brute-force oracles.
 */
@ExtendWith(PostgisExtension.class)
class OwnCityBrowserIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  @RegisterExtension
  static final BrowserSession session = BrowserSession.consoleChecked();
  private static RunningApp app;
  private static ChromeDriver browser;

  @BeforeAll
  static void start(Database db) throws Exception {
    app = session.serve(new RunningApp(db));
    browser = session.chromium();
  }

  @Test
  void aCityFromFilesThroughTheImportPageAnswersAsTheOracles() throws Exception {
    Path dir = Files.createTempDirectory("linli-owncity-browser");
    Town town = Town.make();
    int facilities = town.facilities().size();
    int communities = town.communities().size();

    open(browser, app, "?lang=en");
    assertThat(browser.findElement(By.id("no-communities")).isDisplayed()).isTrue();
    browser.findElement(By.id("tab-import")).click();
    assertThat(browser.findElement(By.id("import")).isDisplayed()).isTrue();

    // 1. Districts: the zone-38 Shapefile (GBK DBF), its coordinate system left to the .prj.
    importFile("districts", districtsShapefile(dir), "", () -> {
      assertThat(reportCount("total")).isEqualTo("2");
      assertThat(reportCount("inserted")).isEqualTo("2");
      assertThat(reportCount("rejected")).isEqualTo("0");
      assertThat(createdRows()).isEmpty();
    });
    waitFor(browser).until(d -> !d.findElements(By.cssSelector("#district option[value='" + DISTRICTS[1][0] + "']"))
        .isEmpty());
    for (String[] district : DISTRICTS) {
      assertThat(browser.findElement(By.cssSelector("#district option[value='" + district[0] + "']"))
          .getAttribute("textContent")).isEqualTo(district[1]);
    }

    // 2. Communities: GeoJSON (WGS84) that names its streets, which the import registers (the districts
    // are there already).
    Path communityFile = dir.resolve("communities.geojson");
    Files.writeString(communityFile, communitiesGeoJson(town.communities()));
    List<String> streets = Arrays.stream(STREETS).map(s -> "street " + s[0] + " " + s[1]).toList();
    importFile("communities", communityFile, "", () -> {
      assertThat(reportCount("total")).isEqualTo(Integer.toString(communities));
      assertThat(reportCount("inserted")).isEqualTo(Integer.toString(communities));
      assertThat(reportCount("rejected")).isEqualTo("0");
      assertThat(createdRows()).containsExactlyInAnyOrderElementsOf(streets);
    });
    assertThat(browser.findElement(By.cssSelector("#import-report .table-wrap h3")).getText())
        .isEqualTo("Districts and streets registered");

    // 3. Roads from OpenStreetMap: the .pbf chooses the roads layer itself; the unwalkable ways are left out.
    Path pbf = town.roads().osm().pbf(dir, "town.osm.pbf");
    importFile("facilities", pbf, "", () -> {
      assertThat(new Select(browser.findElement(By.id("import-layer"))).getFirstSelectedOption()
          .getAttribute("value")).isEqualTo("roads");
      assertThat(reportCount("total")).isEqualTo(Integer.toString(town.roads().walkableWays));
      assertThat(reportCount("inserted")).isEqualTo(Integer.toString(town.roads().pieces()));
      assertThat(reportCount("rejected")).isEqualTo("0");
    });

    // 4. Facilities copied from Baidu Maps: an XLSX in BD-09, which the planner names.
    Path xlsx = dir.resolve("shelters.xlsx");
    facilitiesXlsx(xlsx, town.facilities(), null);
    importFile("facilities", xlsx, "BD09", () -> {
      assertThat(reportCount("total")).isEqualTo(Integer.toString(facilities));
      assertThat(reportCount("inserted")).isEqualTo(Integer.toString(facilities));
      assertThat(reportCount("rejected")).isEqualTo("0");
    });
    assertThat(app.get("/api/registry").body()).contains("\"districts\":2", "\"streets\":4", "\"communities\":24");

    // 5. The map: the summary for emergency shelters, as the planner asks for it, against the oracles.
    Map<String, Double> straight = town.straight();
    Map<String, Double> network = town.network();
    browser.findElement(By.id("tab-map")).click();
    waitFor(browser).until(d -> Long.valueOf(communities).equals(MapBrowserIT.js(d, "return window.linli.communities")));
    waitUntilReady(browser);
    assertThat(browser.findElement(By.id("guide")).isDisplayed()).isFalse();

    ask("straight", STRAIGHT_M);
    assertThat(communityCount()).as("straight, %.0f m", STRAIGHT_M)
        .isEqualTo(town.covered(straight, STRAIGHT_M) + " / " + communities);
    assertThat(browser.findElement(By.id("summary")).getText()).contains(residents(town, straight, STRAIGHT_M));
    assertThat(browser.findElement(By.id("summary")).getText()).contains("Emergency shelter");
    screenshot(browser, "own-city-straight.png");
    ask("network", NETWORK_M);
    assertThat(communityCount()).as("network, %.0f m", NETWORK_M)
        .isEqualTo(town.covered(network, NETWORK_M) + " / " + communities);
    assertThat(browser.findElement(By.id("summary")).getText()).contains(residents(town, network, NETWORK_M));
    screenshot(browser, "own-city-network.png");

    // 6. The same server, community by community.
    compare("browser straight", coverage("straight", STRAIGHT_M), straight, STRAIGHT_M, STRAIGHT_TOLERANCE_M,
        town.communities());
    compare("browser network", coverage("network", NETWORK_M), network, NETWORK_M, NETWORK_TOLERANCE_M,
        town.communities());
  }

  /** What the page's report shows, checked after the dry run and again after the commit. */
  private interface ReportCheck {
    void check() throws Exception;
  }

  /**
   * Chooses the layer, the file and the coordinate system ("" automatic), runs the dry run, checks its report,
   * commits, and checks the commit's report.
   */
  private static void importFile(String layer, Path file, String crs, ReportCheck check) throws Exception {
    WebDriver d = browser;
    new Select(d.findElement(By.id("import-layer"))).selectByValue(layer);
    d.findElement(By.id("token")).clear();
    d.findElement(By.id("token")).sendKeys(RunningApp.ADMIN_TOKEN);
    d.findElement(By.id("import-file")).sendKeys(file.toAbsolutePath().toString());
    new Select(d.findElement(By.id("import-crs"))).selectByValue(crs);
    assertThat(d.findElement(By.id("import-commit")).isEnabled()).isFalse();

    d.findElement(By.id("import-dry-run")).click();
    waitFor(d).until(x -> x.findElement(By.id("import-status")).getText().startsWith("The check passed"));
    assertThat(d.findElement(By.cssSelector("#import-report h3")).getText()).isEqualTo("Dry run (nothing written)");
    assertThat(d.findElements(By.cssSelector("#import-errors table.errors:not(.warnings)"))).isEmpty();
    check.check();
    assertThat(d.findElement(By.id("import-commit")).isEnabled()).isTrue();

    d.findElement(By.id("import-commit")).click();
    // The dry run's "check passed" is also an ok message: wait for the commit's own words.
    waitFor(d).until(x -> x.findElement(By.id("import-status")).getText().startsWith("Committed"));
    assertThat(d.findElement(By.cssSelector("#import-report h3")).getText()).isEqualTo("Committed");
    check.check();
  }

  /** Chooses emergency shelters, the mode and the distance in the side panel, and waits for the map to answer. */
  private static void ask(String mode, double distance) {
    Select category = new Select(browser.findElement(By.id("category")));
    if (!"emergency_shelter".equals(category.getFirstSelectedOption().getAttribute("value"))) {
      category.selectByValue("emergency_shelter");
      waitUntilReady(browser);
    }
    Select modes = new Select(browser.findElement(By.id("mode")));
    if (!mode.equals(modes.getFirstSelectedOption().getAttribute("value"))) {
      modes.selectByValue(mode);
      waitUntilReady(browser);
    }
    var field = browser.findElement(By.id("distance"));
    field.sendKeys(Keys.chord(Keys.CONTROL, "a"), Integer.toString((int) distance));
    browser.findElement(By.cssSelector("#controls button[type=submit]")).click();
    waitUntilReady(browser);
    assertThat(field.getAttribute("value")).isEqualTo(Integer.toString((int) distance));
    assertThat(browser.findElement(By.id("summary")).getText())
        .contains(String.format(Locale.ENGLISH, "within %,d m (%s)", (int) distance,
            mode.equals("network") ? "along the road network" : "straight line"));
  }

  /** The summary's words for the residents the oracle finds covered, of all. */
  private static String residents(Town town, Map<String, Double> oracle, double distance) {
    long covered = town.communities().stream().filter(c -> oracle.get(c.code()) <= distance)
        .mapToLong(c -> c.population()).sum();
    long total = town.communities().stream().mapToLong(c -> c.population()).sum();
    return String.format(Locale.ENGLISH, "%,d of %,d residents", covered, total);
  }

  private static String communityCount() {
    return browser.findElement(By.id("community-count")).getText();
  }

  private static JsonNode coverage(String mode, double distance) throws Exception {
    HttpResponse<String> r = app.get("/api/coverage/communities?category=emergency_shelter&mode=" + mode
        + "&distance=" + (int) distance);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return JSON.readTree(r.body()).get("features");
  }

  /** The report's count of {@code field}, as shown. */
  private static String reportCount(String field) {
    return browser.findElement(By.cssSelector("#import-report .count." + field + " dd")).getText();
  }

  /** The report's registered (or, in a dry run, to be registered) districts and streets: "kind code name". */
  private static List<String> createdRows() {
    return browser.findElements(By.cssSelector("#import-report table.created tbody tr")).stream()
        .map(r -> r.findElements(By.tagName("td")).stream().map(c -> c.getText()).reduce((a, b) -> a + " " + b).orElse(""))
        .toList();
  }
}
