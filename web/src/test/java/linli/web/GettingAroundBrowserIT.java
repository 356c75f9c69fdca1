package linli.web;

import static linli.web.MapBrowserIT.js;
import static linli.web.MapBrowserIT.open;
import static linli.web.MapBrowserIT.waitFor;
import static linli.web.MapBrowserIT.waitUntilReady;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import linli.registry.Database;
import linli.registry.city.CityData;
import linli.registry.city.CityLoader;
import linli.registry.testing.FixtureCity;
import linli.registry.testing.PostgisExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.locationtech.jts.geom.Point;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.Select;

/**
 * Getting around the planner's map (#18 item 4), as a planner sees it in Chromium: exports saved
 * under names that say what they hold, with a CRS, an encoding and the provincial preset; the search
 * box; the whole unserved list page by page; the per-street breakdown and the shelters' capacity.
 * Expected values are computed here from the fixture city (GeographicLib distances), not read from
 * the API the page uses.
 */
@ExtendWith(PostgisExtension.class)
class GettingAroundBrowserIT {
  private static final double DISTANCE = 500;
  /** 40 outlying communities with no shelter near, in 乙街道: enough unserved ones for a second page. */
  private static final int OUTLYING = 40;
  private static final CityData CITY = city();
  private static final String TODAY = LocalDate.now(ZoneId.of("Asia/Shanghai")).toString();

  @RegisterExtension
  static final BrowserSession session = BrowserSession.consoleChecked();
  private static RunningApp app;
  private static ChromeDriver browser;
  private static Path downloads;
  private static Database database;

  private static CityData city() {
    CityData fixture = FixtureCity.build();
    List<CityData.Community> communities = new ArrayList<>(fixture.communities());
    for (int i = 6; i < 6 + OUTLYING; i++) {
      communities.add(new CityData.Community("370203001" + String.format("%03d", i + 1), "远郊社区" + i, "village",
          "370203001", 100 + 37 * i, 2, false, FixtureCity.anchor(i), FixtureCity.square(i, 1)));
    }
    return new CityData(fixture.districts(), fixture.streets(), communities, fixture.facilities(), fixture.roads());
  }

  @BeforeAll
  static void start(Database db) throws Exception {
    new CityLoader(db.dataSource()).load(CITY);
    database = db;
    app = session.serve(new RunningApp(db));
    browser = session.chromium();
    downloads = Files.createTempDirectory("linli-downloads");
    browser.executeCdpCommand("Browser.setDownloadBehavior", Map.of("behavior", "allow",
        "downloadPath", downloads.toString(), "eventsEnabled", true));
  }

  // ---- the oracle: the fixture city measured here --------------------------------------------------

  /** Where coverage is measured from: the office, else (community 5) the centre of its square. */
  private static Point anchor(CityData.Community c) {
    return c.refPoint() != null ? c.refPoint() : c.geom().getCentroid();
  }

  private static List<CityData.Facility> openShelters() {
    return CITY.facilities().stream().filter(f -> f.category().equals("emergency_shelter") && f.status().equals("open")).toList();
  }

  private static boolean covered(CityData.Community c) {
    return openShelters().stream().anyMatch(f -> FixtureCity.distance(anchor(c), f.geom()) <= DISTANCE);
  }

  private static List<CityData.Community> unservedByPopulation() {
    return CITY.communities().stream().filter(c -> !covered(c))
        .sorted(Comparator.comparingInt(CityData.Community::population).reversed().thenComparing(CityData.Community::code))
        .toList();
  }

  // ---- exports ---------------------------------------------------------------------------------------

  private static Path downloaded(String name) {
    Path file = downloads.resolve(name);
    waitFor(browser).until(d -> Files.exists(file) && !Files.exists(downloads.resolve(name + ".crdownload")));
    return file;
  }

  private static void choose(String id, String value) {
    new Select(browser.findElement(By.id(id))).selectByValue(value);
  }

  @Test
  void exportsAreSavedUnderNamesThatSayWhatTheyHold() throws Exception {
    open(browser, app, "?lang=en&district=370202");
    browser.findElement(By.cssSelector("#export summary")).click();
    waitFor(browser).until(d -> !d.findElements(By.cssSelector("#export-crs option[value='EPSG:4549']")).isEmpty());
    choose("export-layer", "facilities");
    choose("export-format", "gpkg");
    browser.findElement(By.id("export-download")).click();
    // The district's name is Chinese: the browser took the RFC 6266 filename*, not the ASCII fallback.
    Path gpkg = downloaded("facilities_emergency_shelter_市南区_" + TODAY + ".gpkg");
    assertThat(new String(Files.readAllBytes(gpkg), 0, 15, StandardCharsets.US_ASCII)).isEqualTo("SQLite format 3");

    // A projected CRS and GBK for a CSV of the communities with their coverage.
    choose("export-layer", "communities");
    choose("export-format", "csv");
    choose("export-crs", "EPSG:4549");
    choose("export-encoding", "GBK");
    browser.findElement(By.id("export-download")).click();
    Path csv = downloaded("communities_emergency_shelter_500m_市南区_" + TODAY + "_EPSG4549_GBK.csv");
    String text = new String(Files.readAllBytes(csv), Charset.forName("GBK"));
    assertThat(text).startsWith("code,").contains("社区0").contains("甲街道").contains("POLYGON ((");

    // KML takes longitude/latitude only, and no encoding: the page does not offer them.
    choose("export-format", "kml");
    assertThat(browser.findElement(By.cssSelector("#export-crs option[value='EPSG:4549']")).isEnabled()).isFalse();
    assertThat(browser.findElement(By.cssSelector("#export-crs option[value='GCJ02']")).isEnabled()).isTrue();
    assertThat(browser.findElement(By.id("export-encoding")).isEnabled()).isFalse();
  }

  @Test
  void theProvincialPresetPicksWhatTheProvinceTakes() throws Exception {
    open(browser, app, "?lang=en");
    browser.findElement(By.cssSelector("#export summary")).click();
    WebElement preset = waitFor(browser).until(d -> d.findElement(By.cssSelector("#export-presets button[data-preset=province]")));
    assertThat(preset.getText()).isEqualTo("Provincial system");
    preset.click();
    js(browser, "document.getElementById('export').scrollIntoView()");
    MapBrowserIT.screenshot(browser, "export.png");
    assertThat(new Select(browser.findElement(By.id("export-layer"))).getFirstSelectedOption().getAttribute("value"))
        .isEqualTo("shelters-province");
    assertThat(browser.findElement(By.id("export-format")).getAttribute("value")).isEqualTo("shp.zip");
    assertThat(browser.findElement(By.id("export-crs")).getAttribute("value")).isEqualTo("EPSG:4490");
    assertThat(browser.findElement(By.id("export-encoding")).getAttribute("value")).isEqualTo("GBK");
    browser.findElement(By.id("export-download")).click();
    Path zip = downloaded("shelters_province_" + TODAY + "_GBK.shp.zip");
    byte[] bytes = Files.readAllBytes(zip);
    assertThat(entry(bytes, "shelters-province.cpg")).isEqualTo("GBK");
    assertThat(entry(bytes, "shelters-province.prj")).contains("China_Geodetic_Coordinate_System_2000");
    // The page in Chinese names the preset in Chinese, from the same server definition.
    new Select(browser.findElement(By.id("lang"))).selectByValue("zh");
    assertThat(browser.findElement(By.cssSelector("#export-presets button[data-preset=province]")).getText()).isEqualTo("省级系统");
    new Select(browser.findElement(By.id("lang"))).selectByValue("en");
  }

  private static String entry(byte[] zip, String name) throws Exception {
    try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
      for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
        if (e.getName().equals(name)) {
          return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
      }
    }
    throw new AssertionError("no " + name);
  }

  // ---- search ----------------------------------------------------------------------------------------

  private static void search(String text) {
    WebElement box = browser.findElement(By.id("search"));
    box.clear();
    box.sendKeys(text);
    waitFor(browser).until(d -> !d.findElements(By.cssSelector("#search-results li")).isEmpty());
  }

  @Test
  void theSearchBoxFindsACommunityAStreetAndAFacility() throws Exception {
    open(browser, app, "?lang=en");
    // A community by part of its name: Enter takes the best hit, selects it and centres the map on it.
    search("社区4");
    assertThat(browser.findElement(By.cssSelector("#search-results li:first-child")).getText()).contains("Community").contains("社区4");
    browser.findElement(By.id("search")).sendKeys(Keys.ENTER);
    waitFor(browser).until(d -> FixtureCity.communityCode(4).equals(js(d, "return window.linli.highlighted")));
    waitFor(browser).until(d -> d.findElement(By.cssSelector(".leaflet-popup-content")).getText().contains("社区4"));
    @SuppressWarnings("unchecked")
    List<Number> centre = (List<Number>) js(browser, "const c = window.linli.map.getCenter(); return [c.lng, c.lat]");
    var square = FixtureCity.square(4, 1).getEnvelopeInternal();
    assertThat(square.contains(centre.get(0).doubleValue(), centre.get(1).doubleValue())).isTrue();

    // A street: the map fits it (its three communities in view).
    search("乙街");
    browser.findElement(By.cssSelector("#search-results li[data-kind=street]")).click();
    for (int i = 3; i < 6; i++) {
      Point a = FixtureCity.anchor(i);
      assertThat(js(browser, "return window.linli.map.getBounds().contains([arguments[1], arguments[0]])", a.getX(), a.getY()))
          .as("community %d in view", i).isEqualTo(true);
    }

    // A facility by its code's Latin letter in the other case: its popup opens.
    search("避难场所B");
    WebElement hit = browser.findElement(By.cssSelector("#search-results li[data-kind=facility]"));
    assertThat(hit.getText()).contains("避难场所b");
    MapBrowserIT.screenshot(browser, "search.png");
    hit.click();
    waitFor(browser).until(d -> d.findElement(By.cssSelector(".leaflet-popup-content")).getText().contains("避难场所b"));

    // Nothing found is said, not left blank.
    WebElement box = browser.findElement(By.id("search"));
    box.clear();
    box.sendKeys("火星基地");
    waitFor(browser).until(d -> d.findElement(By.id("search-status")).getText().contains("火星基地"));
    assertThat(browser.findElement(By.id("search-results")).isDisplayed()).isFalse();
  }

  // ---- the unserved list ----------------------------------------------------------------------------

  @Test
  void theWholeUnservedListPageByPageLargestFirst() throws Exception {
    open(browser, app, "?lang=en");
    List<CityData.Community> unserved = unservedByPopulation();
    assertThat(unserved).hasSize(5 + OUTLYING); // the oracle's own sanity: only community 0 is covered
    long people = unserved.stream().mapToLong(CityData.Community::population).sum();
    assertThat(browser.findElements(By.cssSelector("#gaps li"))).hasSize(30);
    assertThat(browser.findElement(By.id("gaps-count")).getText())
        .isEqualTo(unserved.size() + " unserved communities, " + String.format("%,d", people) + " people; 30 listed.");
    WebElement more = browser.findElement(By.id("gaps-more"));
    assertThat(more.getText()).isEqualTo("List 15 more (15 not yet listed)");
    more.click();
    List<String> names = browser.findElements(By.cssSelector("#gaps li .gap-name")).stream().map(WebElement::getText).toList();
    assertThat(names).containsExactlyElementsOf(unserved.stream().map(CityData.Community::name).toList());
    assertThat(more.isDisplayed()).isFalse();
    // The whole list as a file, named for what it is, holding exactly the unserved communities.
    browser.findElement(By.cssSelector("#gaps-export a[data-format=geojson]")).click();
    Path file = downloaded("unserved_communities_emergency_shelter_500m_" + TODAY + ".geojson");
    List<String> codes = new ArrayList<>();
    RunningApp.JSON.readTree(file.toFile()).path("features").forEach(f -> codes.add(f.path("properties").path("code").asText()));
    assertThat(codes).containsExactlyInAnyOrderElementsOf(unserved.stream().map(CityData.Community::code).toList());
    // The last one listed can be found on the map like the first.
    browser.findElement(By.cssSelector("#gaps li:last-child button")).click();
    waitFor(browser).until(d -> unserved.get(unserved.size() - 1).code().equals(js(d, "return window.linli.highlighted")));
  }

  // ---- per street, and the shelters' capacity -------------------------------------------------------

  @Test
  void theStreetBreakdownAndTheSheltersCapacity() throws Exception {
    open(browser, app, "?lang=en");
    browser.findElement(By.cssSelector("#breakdown summary")).click();
    waitFor(browser).until(d -> d.findElements(By.cssSelector("#breakdown-streets tr")).size() == 2);
    for (CityData.Street street : CITY.streets()) {
      List<CityData.Community> in = CITY.communities().stream().filter(c -> c.streetCode().equals(street.code())).toList();
      long total = in.stream().mapToLong(CityData.Community::population).sum();
      long served = in.stream().filter(GettingAroundBrowserIT::covered).mapToLong(CityData.Community::population).sum();
      long coveredCount = in.stream().filter(GettingAroundBrowserIT::covered).count();
      String row = browser.findElement(By.cssSelector("#breakdown-streets tr[data-code='" + street.code() + "']")).getText();
      assertThat(row).contains(street.name()).contains(coveredCount + " / " + in.size())
          .contains(String.format("%.1f%%", served * 100.0 / total)).contains(String.format("%,d", total - served));
    }
    // The street with the most unserved residents comes first; a click fits the map to it.
    WebElement first = browser.findElement(By.cssSelector("#breakdown-streets tr:first-child"));
    assertThat(first.getText()).contains("乙街道");
    Point outlying = FixtureCity.anchor(6 + OUTLYING - 1);
    assertThat(js(browser, "return window.linli.map.getBounds().contains([arguments[1], arguments[0]])", outlying.getX(),
        outlying.getY())).as("the whole city in view at first").isEqualTo(true);
    first.click();
    waitFor(browser).until(d -> Boolean.FALSE.equals(js(d, "return window.linli.map.getBounds().contains([arguments[1], arguments[0]])",
        outlying.getX(), outlying.getY())));
    for (int i = 3; i < 6; i++) {
      Point a = FixtureCity.anchor(i);
      assertThat(js(browser, "return window.linli.map.getBounds().contains([arguments[1], arguments[0]])", a.getX(), a.getY()))
          .as("community %d in view", i).isEqualTo(true);
    }

    // Capacity: each open shelter's residents are those of the communities within 500 m of it.
    waitFor(browser).until(d -> !d.findElement(By.id("capacity-summary")).findElements(By.id("capacity-per-place")).isEmpty());
    long places = 0;
    long coveredPeople = CITY.communities().stream().filter(GettingAroundBrowserIT::covered).mapToLong(CityData.Community::population).sum();
    String list = browser.findElement(By.id("capacity-list")).getText();
    int crowded = 0;
    for (CityData.Facility shelter : openShelters()) {
      places += shelter.capacity();
      long demand = CITY.communities().stream().filter(c -> FixtureCity.distance(anchor(c), shelter.geom()) <= DISTANCE)
          .mapToLong(CityData.Community::population).sum();
      if (demand > 0) {
        assertThat(list).contains(shelter.name() + " " + String.format("%.2f", (double) demand / shelter.capacity())
            + " people per place (" + String.format("%,d", demand) + " people / " + shelter.capacity() + " places)");
        crowded += demand > shelter.capacity() ? 1 : 0;
      } else {
        assertThat(list).contains(shelter.name() + " " + shelter.capacity() + " places, no community within walking distance");
      }
    }
    assertThat(browser.findElement(By.id("capacity-per-place")).getText())
        .contains(String.format("%.2f", (double) coveredPeople / places) + " people per shelter place");
    // Overcrowded shelters are ringed on the map, and the legend says what the ring is.
    assertThat(crowded).isPositive();
    assertThat(((Number) js(browser, "return document.querySelectorAll('path.overcrowded-ring').length")).intValue())
        .isEqualTo(crowded);
    assertThat(browser.findElement(By.id("legend")).getText()).contains("Shelter with fewer places than residents in reach");
    js(browser, "document.getElementById('breakdown').scrollIntoView()");
    MapBrowserIT.screenshot(browser, "breakdown.png");

    // Another category: no shelter capacity, no rings.
    choose("category", "police_office");
    waitUntilReady(browser);
    assertThat(browser.findElement(By.id("capacity")).isDisplayed()).isFalse();
    assertThat(((Number) js(browser, "return document.querySelectorAll('path.overcrowded-ring').length")).intValue()).isZero();
  }

  // ---- what-if proposals in the address ------------------------------------------------------------

  private static List<String> newlyCovered() {
    return MapBrowserIT.codes(browser, "window.linli.whatIf ? window.linli.whatIf.newly_covered : []");
  }

  /** The communities a proposal of these sites wins, measured here: not covered now, within 500 m of a site. */
  private static List<String> wonBy(Point... sites) {
    return CITY.communities().stream().filter(c -> !covered(c))
        .filter(c -> java.util.Arrays.stream(sites).anyMatch(p -> FixtureCity.distance(anchor(c), p) <= DISTANCE))
        .map(CityData.Community::code).sorted().toList();
  }

  @Test
  void aProposalLivesInTheAddressAndItsSitesGoOneByOne() throws Exception {
    Point first = FixtureCity.offset(FixtureCity.anchor(2), 90, 300);
    open(browser, app, "?lang=en&sites=" + first.getX() + "," + first.getY());
    waitFor(browser).until(d -> !newlyCovered().isEmpty());
    assertThat(newlyCovered()).containsExactlyInAnyOrderElementsOf(wonBy(first));
    assertThat(browser.findElements(By.cssSelector(".site-marker"))).hasSize(1);

    // A second site placed by hand joins it in the address, and a reload keeps both.
    Point second = FixtureCity.anchor(4);
    browser.findElement(By.id("whatif-toggle")).click();
    MapBrowserIT.clickMapAt(browser, second.getX(), second.getY());
    waitFor(browser).until(d -> newlyCovered().size() == wonBy(first, second).size());
    browser.findElement(By.id("whatif-toggle")).click();
    String address = browser.getCurrentUrl();
    assertThat(java.net.URLDecoder.decode(address, StandardCharsets.UTF_8)).contains("sites=" + round(first.getX()) + ","
        + round(first.getY()) + ";");
    browser.navigate().refresh();
    waitUntilReady(browser);
    waitFor(browser).until(d -> newlyCovered().size() == wonBy(first, second).size());
    assertThat(newlyCovered()).containsExactlyInAnyOrderElementsOf(wonBy(first, second));
    assertThat(browser.findElements(By.cssSelector(".site-marker"))).hasSize(2);

    // The first site removed on its own: the second stays, in the map and in the address.
    browser.findElement(By.cssSelector("#whatif-result button.remove-site[data-index='0']")).click();
    waitFor(browser).until(d -> newlyCovered().equals(wonBy(second)));
    assertThat(browser.findElements(By.cssSelector(".site-marker"))).hasSize(1);
    assertThat(java.net.URLDecoder.decode(browser.getCurrentUrl(), StandardCharsets.UTF_8))
        .doesNotContain(String.valueOf(round(first.getX()))).contains("sites=");

    // A closed shelter travels too, named, and reopens on its own.
    long shelterA;
    try (var c = database.dataSource().getConnection(); var st = c.createStatement();
        var rs = st.executeQuery("SELECT id FROM facility WHERE name = '避难场所a'")) {
      rs.next();
      shelterA = rs.getLong(1);
    }
    open(browser, app, "?lang=en&closed=" + shelterA + "&sites=x,y");
    waitFor(browser).until(d -> d.findElement(By.id("whatif-result")).getText().contains("Closed: 避难场所a"));
    assertThat(MapBrowserIT.codes(browser, "window.linli.whatIf.newly_uncovered")).containsExactly(FixtureCity.communityCode(0));
    assertThat(browser.findElement(By.id("whatif-result")).getText()).contains("1 entries of the link");
    assertThat(browser.getCurrentUrl()).contains("closed=" + shelterA).doesNotContain("sites=");
    browser.findElement(By.cssSelector("#whatif-result button.reopen")).click();
    waitFor(browser).until(d -> d.findElement(By.id("whatif-result")).getText().isEmpty());
    assertThat(browser.getCurrentUrl()).doesNotContain("closed=");
  }

  private static double round(double x) {
    return Math.round(x * 1e7) / 1e7;
  }
}
