package linli.web;

import static linli.registry.testing.FixtureCity.anchor;
import static linli.registry.testing.FixtureCity.offset;
import static linli.web.MapBrowserIT.js;
import static linli.web.MapBrowserIT.open;
import static linli.web.MapBrowserIT.waitFor;
import static linli.web.MapBrowserIT.waitUntilReady;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.Select;

/**
 * The map is drawn from Linli's own vector tiles: what the page downloads, and whether the colour a
 * planner sees on each community is the one /api/coverage/communities gives it (read from the
 * painted canvas pixel inside each community, not from the page's own idea of itself), and the offices
 * coverage is measured from drawn where they are.
 */
@ExtendWith(PostgisExtension.class)
class TileMapBrowserIT {
  /** The page's colours (communities.js): covered and not covered, colour-blind-safe. */
  private static final String COVERED = "#2c7bb6";
  private static final String UNCOVERED = "#f07f1b";
  /** The fill opacity over the transparent tile canvas. */
  private static final double FILL_OPACITY = 0.55;

  @RegisterExtension
  static final BrowserSession session = BrowserSession.consoleChecked();
  private static RunningApp app;
  private static ChromeDriver browser;
  private static Database database;

  @BeforeAll
  static void start(Database db) throws Exception {
    database = db;
    new CityLoader(db.dataSource()).load(FixtureCity.build());
    app = session.serve(new RunningApp(db));
    browser = session.chromium();
  }

  @Test
  @SuppressWarnings("unchecked")
  void thePageAsksForTilesNotWholeLayers() {
    open(browser, app, "?lang=en");
    // The facilities are counted once the map is drawn (and has stayed on the question a moment).
    waitFor(browser).until(d -> ((Number) js(d, "return window.linli.facilityCount")).intValue() > 0);
    List<String> urls = (List<String>) js(browser,
        "return performance.getEntriesByType('resource').map(r => r.name.substring(location.origin.length))");
    // The communities' tiles are the plain ones, the same for every question: the colours come from /api/coverage.
    assertThat(urls).anyMatch(u -> u.startsWith("/tiles/communities/"))
        .noneMatch(u -> u.startsWith("/tiles/communities/") && u.contains("?"));
    assertThat(urls).anyMatch(u -> u.startsWith("/tiles/facilities/") && u.contains("category=emergency_shelter"));
    // No layer as GeoJSON: neither the communities with their coverage nor pages of facilities.
    assertThat(urls).noneMatch(u -> u.startsWith("/api/coverage/communities"));
    assertThat(urls).noneMatch(u -> u.startsWith("/api/communities?"));
    assertThat(urls.stream().filter(u -> u.startsWith("/api/facilities?")).toList())
        .isNotEmpty().allMatch(u -> u.contains("limit=1&") || u.endsWith("limit=1"));
  }

  @Test
  @SuppressWarnings("unchecked")
  void anotherCategoryRepaintsTheTilesAlreadyLoadedAndGradingByDistanceFetchesTheQuestionsTiles() throws Exception {
    open(browser, app, "?lang=en");
    js(browser, "performance.clearResourceTimings()");
    browser.findElement(By.id("distance")).clear();
    browser.findElement(By.id("distance")).sendKeys("1100");
    browser.findElement(By.cssSelector("#controls button[type=submit]")).click();
    waitFor(browser).until(d -> Boolean.TRUE.equals(js(d, "return window.linli.ready && window.linli.covered === 2")));
    // Re-coloured from the new answer (two covered at 1,100 m), with no community tile fetched again.
    assertColoursMatch("category=emergency_shelter&distance=1100");
    List<String> urls = (List<String>) js(browser,
        "return performance.getEntriesByType('resource').map(r => r.name.substring(location.origin.length))");
    assertThat(urls).anyMatch(u -> u.startsWith("/api/coverage?")).noneMatch(u -> u.startsWith("/tiles/communities/"));
    // Graded by distance: the straight-line tiles of the question carry every community's nearest distance.
    new Select(browser.findElement(By.id("colour-by"))).selectByValue("distance");
    waitFor(browser).until(d -> ((List<String>) js(d,
        "return performance.getEntriesByType('resource').map(r => r.name)"))
        .stream().anyMatch(u -> u.contains("/tiles/communities/") && u.contains("distance=1100")));
    // Community 1 is covered, its office 650 m from shelter b: between ½ and 1 of the 1,100 m.
    waitFor(browser).until(d -> "#abd9e9".equals(((Map<String, String>) js(d, "return window.linli.drawnFills"))
        .get(FixtureCity.communityCode(1))));
  }

  @Test
  @SuppressWarnings("unchecked")
  void tooManyCommunitiesInViewShowTheDistrictsByShareCoveredUntilZoomedIn() throws Exception {
    // The limit of communities in view lowered to one: the fixture's six make the opening view an overview.
    open(browser, app, "?lang=en");
    js(browser, "localStorage.setItem('linli.detailLimit', '1')");
    try {
      open(browser, app, "?lang=en");
      assertThat(js(browser, "return window.linli.overview")).isEqualTo(true);
      int detailZoom = ((Number) js(browser, "return window.linli.detailZoom")).intValue();
      assertThat(((Number) js(browser, "return window.linli.map.getZoom()")).intValue()).isLessThan(detailZoom);
      // Each district filled by the share of its residents covered, as /api/coverage counts them.
      JsonNode report = RunningApp.json(app.get("/api/coverage?category=emergency_shelter"));
      Map<String, String> expected = new HashMap<>();
      report.get("by_district").forEach(d -> {
        double share = d.at("/population/share").asDouble();
        expected.put(d.get("code").asText(), share < 0.5 ? "#f07f1b" : share < 0.75 ? "#fdd0a2" : share < 0.9 ? "#abd9e9"
            : "#2c7bb6");
      });
      assertThat(expected).hasSize(2);
      assertThat((Map<String, String>) js(browser, "return window.linli.districtFills")).isEqualTo(expected);
      // No community and no facility drawn, nor their tiles fetched; the legend says why.
      List<String> urls = (List<String>) js(browser,
          "return performance.getEntriesByType('resource').map(r => r.name.substring(location.origin.length))");
      assertThat(urls).noneMatch(u -> u.startsWith("/tiles/"));
      assertThat((Map<String, String>) js(browser, "return window.linli.drawnFills")).isEmpty();
      assertThat(browser.findElement(By.id("legend")).getText()).contains("of residents covered (by district)")
          .contains("zoom in to see each community");
      // Zoomed in to the detail zoom: the communities, coloured, and the districts no longer filled.
      js(browser, "window.linli.map.setZoom(arguments[0], { animate: false })", detailZoom);
      waitFor(browser).until(d -> !((Map<String, String>) js(d, "return window.linli.drawnFills")).isEmpty());
      assertThat(js(browser, "return window.linli.overview")).isEqualTo(false);
      assertThat((Map<String, String>) js(browser, "return window.linli.districtFills")).isEmpty();
    } finally {
      js(browser, "localStorage.removeItem('linli.detailLimit')");
    }
  }

  @Test
  @SuppressWarnings("unchecked")
  void theOverviewAsksForTheFirstUnservedOnlyAndZoomedInColoursEveryCommunityFromTheWholeAnswer() throws Exception {
    // An overview (limit of one community in view) listing one unserved community a page: at 500 m
    // five are unserved, the largest first (社区5), so the first answer leaves out 社区1..4.
    open(browser, app, "?lang=en");
    js(browser, "localStorage.setItem('linli.detailLimit', '1'); localStorage.setItem('linli.gapPage', '1')");
    try {
      open(browser, app, "?lang=en&category=emergency_shelter");
      assertThat(js(browser, "return window.linli.overview")).isEqualTo(true);
      // Asked at the start for the question in the address, beside the registry's questions.
      assertThat(coverageRequests()).containsExactly("category=emergency_shelter&uncovered_limit=1");
      // The list names the first and counts them all, as the whole answer would.
      List<WebElement> listed = browser.findElements(By.cssSelector("#gaps button.gap"));
      assertThat(listed).hasSize(1);
      assertThat(listed.get(0).getText()).contains("社区5");
      assertThat(browser.findElement(By.id("gaps-count")).getText())
          .isEqualTo("5 unserved communities, 20,000 people; 1 listed.");
      // Listing more pages past the first answer: the whole one is asked for.
      browser.findElement(By.id("gaps-more")).click();
      waitFor(browser).until(d -> d.findElements(By.cssSelector("#gaps button.gap")).size() == 2);
      assertThat(browser.findElements(By.cssSelector("#gaps button.gap")).get(1).getText()).contains("社区4");
      assertThat(coverageRequests()).containsExactly("category=emergency_shelter&uncovered_limit=1",
          "category=emergency_shelter&distance=500&mode=straight");

      // Again from the overview, zoomed in onto 社区1 (unserved, not in the first answer): the whole
      // answer is asked for, and every community drawn has the colour /api/coverage/communities gives it.
      open(browser, app, "?lang=en&category=emergency_shelter");
      js(browser, "performance.clearResourceTimings()");
      int detailZoom = ((Number) js(browser, "return window.linli.detailZoom")).intValue();
      Point one = anchor(1);
      js(browser, "window.linli.map.setView([arguments[0], arguments[1]], arguments[2], { animate: false })",
          one.getY(), one.getX(), detailZoom);
      waitFor(browser).until(d -> Boolean.TRUE.equals(js(d, "return window.linli.ready"))
          && ((Map<String, String>) js(d, "return window.linli.drawnFills")).containsKey(FixtureCity.communityCode(1)));
      assertThat(coverageRequests()).containsExactly("category=emergency_shelter&distance=500&mode=straight");
      JsonNode features = RunningApp.json(app.get("/api/coverage/communities?category=emergency_shelter&distance=500"))
          .get("features");
      Map<String, String> expected = new HashMap<>();
      features.forEach(f -> expected.put(f.at("/properties/code").asText(),
          f.at("/properties/covered").asBoolean() ? COVERED : UNCOVERED));
      Map<String, String> fills = (Map<String, String>) js(browser, "return window.linli.drawnFills");
      assertThat(fills).isNotEmpty().containsEntry(FixtureCity.communityCode(1), UNCOVERED);
      fills.forEach((code, fill) -> assertThat(fill).as(code).isEqualTo(expected.get(code)));
      int[] seen = pixelAt(offset(one, 225, 250));
      int[] want = rgb(UNCOVERED);
      for (int c = 0; c < 3; c++) {
        assertThat(seen[c]).as("社区1 channel %d", c).isBetween(want[c] - 3, want[c] + 3);
      }
    } finally {
      js(browser, "localStorage.removeItem('linli.detailLimit'); localStorage.removeItem('linli.gapPage')");
    }
  }

  @Test
  void aFailedFetchOfTheWholeAnswerIsAskedAgainOnTheNextPage() throws Exception {
    open(browser, app, "?lang=en");
    js(browser, "localStorage.setItem('linli.detailLimit', '1'); localStorage.setItem('linli.gapPage', '1')");
    try {
      open(browser, app, "?lang=en&category=emergency_shelter");
      assertThat(js(browser, "return window.linli.overview")).isEqualTo(true);
      // The network fails the first request for the whole answer (the slim one came already).
      js(browser, "const real = window.fetch; let failures = 1;"
          + "window.fetch = function (input, init) {"
          + "  const u = new URL(typeof input === 'string' ? input : input.url, location.href);"
          + "  if (u.pathname === '/api/coverage' && !u.searchParams.has('uncovered_limit') && failures-- > 0)"
          + "    return Promise.reject(new TypeError('network down'));"
          + "  return real.apply(this, arguments); };");
      browser.findElement(By.id("gaps-more")).click();
      waitFor(browser).until(d -> js(d, "return window.linli.error") != null);
      assertThat(browser.findElements(By.cssSelector("#gaps button.gap"))).hasSize(1);
      // The next page asks again (a failure kept would answer it) and lists past the first answer.
      browser.findElement(By.id("gaps-more")).click();
      waitFor(browser).until(d -> d.findElements(By.cssSelector("#gaps button.gap")).size() > 1);
      assertThat(browser.findElements(By.cssSelector("#gaps button.gap")).get(1).getText()).contains("社区4");
    } finally {
      js(browser, "localStorage.removeItem('linli.detailLimit'); localStorage.removeItem('linli.gapPage')");
    }
  }

  /** The query strings of the /api/coverage requests the page made, in order. */
  @SuppressWarnings("unchecked")
  private static List<String> coverageRequests() {
    return (List<String>) js(browser, "return performance.getEntriesByType('resource')"
        + ".map(r => new URL(r.name)).filter(u => u.pathname === '/api/coverage').map(u => u.search.substring(1))");
  }

  @Test
  void theColoursSeenAreTheCoverageOfTheApiStraightAndWalking() throws Exception {
    open(browser, app, "?lang=en");
    assertColoursMatch("category=emergency_shelter&distance=500");
    // Another distance: two communities covered.
    open(browser, app, "?lang=en&category=emergency_shelter&distance=1100");
    assertColoursMatch("category=emergency_shelter&distance=1100");
    // Walking mode is coloured from the /api/coverage answer (the tiles do not walk roads).
    new Select(browser.findElement(By.id("mode"))).selectByValue("network");
    waitUntilReady(browser);
    assertColoursMatch("category=emergency_shelter&distance=1100&mode=network");
    // The fixture has no roads: the two communities covered in a straight line are not on foot, and
    // the map marks exactly those as differing between the modes.
    assertThat(MapBrowserIT.codes(browser, "window.linli.differingCodes"))
        .containsExactly(FixtureCity.communityCode(0), FixtureCity.communityCode(1));
    assertThat(browser.findElement(By.id("legend")).getText()).contains("walking and straight line disagree");
  }

  @Test
  void theLayerControlTogglesTheTileLayersWithItsOwnCheckboxes() {
    open(browser, app, "?lang=en");
    js(browser, "document.querySelector('.leaflet-control-layers').classList.add('leaflet-control-layers-expanded')");
    List<WebElement> boxes = browser.findElements(By.cssSelector(".leaflet-control-layers-overlays input[type=checkbox]"));
    assertThat(boxes).hasSize(5); // communities, district names, outlines, facilities, the walking network
    // A checkbox beside its label, not a full-width block above it (the form's global rule).
    for (WebElement box : boxes) {
      assertThat(box.getSize().getWidth()).isLessThan(30);
      assertThat(box.getCssValue("display")).isNotEqualTo("block");
    }
    // The communities' checkbox is the element a click at its centre reaches, and it toggles the tiles.
    String toggle = """
        const input = [...document.querySelectorAll('.leaflet-control-layers-overlays label')]
          .find(l => l.textContent.includes('Communities')).querySelector('input');
        const r = input.getBoundingClientRect();
        if (document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2) !== input) return 'covered';
        input.click();
        return input.checked;""";
    assertThat(js(browser, toggle)).isEqualTo(false);
    assertThat(((Number) js(browser, "return document.querySelectorAll('.leaflet-communities-pane canvas').length"))
        .intValue()).isZero();
    assertThat(js(browser, toggle)).isEqualTo(true);
    waitFor(browser).until(d -> ((Number) js(d,
        "return document.querySelectorAll('.leaflet-communities-pane canvas').length")).intValue() > 0);
  }

  @Test
  void aClickedCommunitySaysWhyItIsNotCoveredAndNamesItsNearestShelter() {
    open(browser, app, "?lang=en");
    // Community 1: its office is 650 m from shelter b, 150 m beyond the 500 m.
    MapBrowserIT.clickMapAt(browser, offset(anchor(1), 225, 250).getX(), offset(anchor(1), 225, 250).getY());
    waitFor(browser).until(d -> d.findElement(By.cssSelector(".leaflet-popup-content")).getText().contains("避难场所b"));
    String popup = browser.findElement(By.cssSelector(".leaflet-popup-content")).getText();
    assertThat(popup).contains("社区1").contains("甲街道").contains("市南区")
        .contains("650 m from the committee office, 150 m beyond the 500 m straight line")
        .contains("Nearest Emergency shelter in a straight line: 避难场所b");
    assertThat(js(browser, "return window.linli.nearest.nearest.name")).isEqualTo("避难场所b");
    assertThat(js(browser, "return window.linli.highlighted")).isEqualTo(FixtureCity.communityCode(1));
    // The legend lists what is drawn: coverage, offices, the selection; no proposal, no clusters.
    @SuppressWarnings("unchecked")
    List<String> legend = (List<String>) js(browser,
        "return [...document.querySelectorAll('#legend li[data-legend]')].map(li => li.dataset.legend)");
    assertThat(legend).contains("covered", "uncovered", "offices", "highlight", "open")
        .doesNotContain("gained", "lost", "site", "suggested", "reach");
  }

  @Test
  @SuppressWarnings("unchecked")
  void unservedPopulationColoursAndHoverNamesTheCommunity() {
    open(browser, app, "?lang=en");
    new Select(browser.findElement(By.id("colour-by"))).selectByValue("unserved");
    // Unserved 2,000–6,000 people (communities 1–5): classes at the quartiles 3,000, 4,000 and 5,000.
    waitFor(browser).until(d -> "#a63603".equals(((Map<String, String>) js(d, "return window.linli.drawnFills"))
        .get(FixtureCity.communityCode(5))));
    Map<String, String> fills = (Map<String, String>) js(browser, "return window.linli.drawnFills");
    assertThat(fills.get(FixtureCity.communityCode(0))).isEqualTo("#c6dbef");
    assertThat(fills.get(FixtureCity.communityCode(1))).isEqualTo("#fdd0a2");
    assertThat(fills.get(FixtureCity.communityCode(3))).isEqualTo("#fdae6b");
    assertThat(fills.get(FixtureCity.communityCode(4))).isEqualTo("#e6550d");
    assertThat(browser.findElement(By.id("legend")).getText()).contains("not covered, 3,000–4,000 people")
        .contains("not covered, over 5,000 people");
    new Select(browser.findElement(By.id("colour-by"))).selectByValue("coverage");
    // Hovering a community names it with its coverage.
    Point inside = offset(anchor(2), 225, 250);
    @SuppressWarnings("unchecked")
    List<Number> xy = (List<Number>) js(browser, """
        const map = window.linli.map;
        const p = map.latLngToContainerPoint([arguments[1], arguments[0]]);
        const box = map.getContainer().getBoundingClientRect();
        return [box.left + p.x, box.top + p.y];""", inside.getX(), inside.getY());
    new org.openqa.selenium.interactions.Actions(browser).moveToLocation(xy.get(0).intValue(), xy.get(1).intValue())
        .perform();
    waitFor(browser).until(d -> d.findElements(By.cssSelector(".hover-tooltip")).stream()
        .anyMatch(e -> e.getText().contains("社区2") && e.getText().contains("Not covered")));
  }

  /**
   * A shelter 1.5 px inside one facility data tile is drawn whole: its circle (5 px) reaches into the
   * neighbouring data tile's canvas, which paints it too (a tile holds the points its icons reach
   * into). The map draws a tile of zoom z-1 (up to 14) over 512 CSS px or more.
   */
  @Test
  @SuppressWarnings("unchecked")
  void aShelterBesideATileEdgeIsDrawnWholeAcrossIt() throws Exception {
    open(browser, app, "?lang=en");
    waitFor(browser).until(d -> ((Number) js(d, "return window.linli.facilitiesDrawn.points")).intValue() > 0);
    // The lon/lat dx CSS px right of the data tile edge nearest to (lat, lon) (null: the map's centre),
    // and how far right of that edge (lon, lat) lies.
    String nearEdge = """
        const map = window.linli.map, z = map.getZoom();
        const span = 256 * Math.pow(2, z - Math.min(z - 1, 14));
        const at = map.project(arguments[1] == null ? map.getCenter() : [arguments[1], arguments[2]], z);
        const edge = Math.round(at.x / span) * span;
        const p = map.unproject([edge + arguments[0], at.y], z);
        return [p.lng, p.lat, at.x - edge];""";
    List<Number> spot = (List<Number>) js(browser, nearEdge, 1.5, null, null);
    double lon = spot.get(0).doubleValue();
    double lat = spot.get(1).doubleValue();
    int zoom = ((Number) js(browser, "return window.linli.map.getZoom()")).intValue();
    try (java.sql.Connection c = database.dataSource().getConnection(); java.sql.Statement s = c.createStatement()) {
      s.execute("INSERT INTO facility (category, name, status, capacity, source, geom) VALUES ('emergency_shelter',"
          + " '边上的避难场所', 'open', 10, 'edge-test', ST_SetSRID(ST_MakePoint(" + lon + ", " + lat + "), 4490))");
    }
    try {
      // Written by another process: the feed tells the tile cache within moments; the page opened
      // again (it frames the facilities anew) and brought back to the shelter at the same zoom.
      Thread.sleep(500);
      open(browser, app, "?lang=en");
      js(browser, "window.linli.map.setView([arguments[1], arguments[0]], arguments[2], { animate: false })", lon, lat,
          zoom);
      var points = new org.locationtech.jts.geom.GeometryFactory();
      Point shelter = points.createPoint(new org.locationtech.jts.geom.Coordinate(lon, lat));
      waitFor(browser).until(d -> pixelAt(browser, ".leaflet-facilities-pane canvas", shelter) != null);
      Thread.sleep(300); // the neighbouring tiles' canvases too
      // The same view: 1.5 px right of the edge; 1 px left of it is the other data tile's canvas.
      List<Number> across = (List<Number>) js(browser, nearEdge, -1.0, lat, lon);
      assertThat(across.get(2).doubleValue()).as("right of the edge").isBetween(1.4, 1.6);
      int[] own = pixelAt(browser, ".leaflet-facilities-pane canvas", shelter);
      int[] other = pixelAt(browser, ".leaflet-facilities-pane canvas", points.createPoint(
          new org.locationtech.jts.geom.Coordinate(across.get(0).doubleValue(), across.get(1).doubleValue())));
      assertThat(own).as("the shelter's own tile paints it").isNotNull();
      assertThat(other).as("the tile left of the edge paints the rest of its circle, 2.5 px from its centre")
          .isNotNull();
      for (int k = 0; k < 4; k++) {
        assertThat(other[k]).as("channel %d", k).isBetween(own[k] - 3, own[k] + 3);
      }
      MapBrowserIT.screenshot(browser, "tile-edge.png");
    } finally {
      try (java.sql.Connection c = database.dataSource().getConnection(); java.sql.Statement s = c.createStatement()) {
        s.execute("DELETE FROM facility WHERE source = 'edge-test'");
      }
      Thread.sleep(500);
    }
  }

  /** Each community's colour at its office, on the canvas, against /api/coverage/communities. */
  private static void assertColoursMatch(String query) throws Exception {
    JsonNode features = RunningApp.json(app.get("/api/coverage/communities?" + query)).get("features");
    Map<String, String> expected = new HashMap<>();
    features.forEach(f -> expected.put(f.at("/properties/code").asText(),
        f.at("/properties/covered").asBoolean() ? COVERED : UNCOVERED));
    assertThat(expected).hasSize(6).containsValue(UNCOVERED);
    @SuppressWarnings("unchecked")
    Map<String, String> fills = (Map<String, String>) js(browser, "return window.linli.drawnFills");
    assertThat(fills).as(query).isEqualTo(expected);
    for (int i = 0; i < 6; i++) {
      String code = FixtureCity.communityCode(i);
      // Inside the 1 km square, clear of its office dot and of the shelters.
      int[] seen = pixelAt(offset(anchor(i), 225, 250));
      assertThat(seen).as("pixel of %s for %s", code, query).isNotNull();
      int[] want = rgb(expected.get(code));
      for (int c = 0; c < 3; c++) {
        assertThat(seen[c]).as("%s channel %d for %s", code, c, query).isBetween(want[c] - 3, want[c] + 3);
      }
      assertThat(seen[3] / 255.0).isBetween(FILL_OPACITY - 0.02, FILL_OPACITY + 0.02);
    }
    // The office coverage is measured from is drawn where it is: an opaque white dot.
    assertThat(pixelAt(anchor(0))).containsExactly(255, 255, 255, 255);
  }

  /** The RGBA painted on the communities' tile canvas at a lon/lat, or null where nothing is painted. */
  private static int[] pixelAt(Point p) {
    return pixelAt(browser, ".leaflet-communities-pane canvas", p);
  }

  /** The RGBA painted on the canvases {@code canvases} selects at a lon/lat, or null where nothing is painted. */
  @SuppressWarnings("unchecked")
  static int[] pixelAt(ChromeDriver browser, String canvases, Point p) {
    List<Number> px = (List<Number>) js(browser, """
        const map = window.linli.map;
        const at = map.latLngToContainerPoint([arguments[1], arguments[0]]);
        const box = map.getContainer().getBoundingClientRect();
        const x = box.left + at.x, y = box.top + at.y;
        // Copied into a 1×1 scratch canvas made for reading: reading the tiles themselves would
        // make Chromium warn in the console.
        const scratch = document.createElement('canvas');
        scratch.width = scratch.height = 1;
        const s = scratch.getContext('2d', { willReadFrequently: true });
        s.globalCompositeOperation = 'copy';
        for (const c of document.querySelectorAll(arguments[2])) {
          const r = c.getBoundingClientRect();
          if (x < r.left || x >= r.right || y < r.top || y >= r.bottom) continue;
          s.drawImage(c, Math.floor((x - r.left) * c.width / r.width), Math.floor((y - r.top) * c.height / r.height),
              1, 1, 0, 0, 1, 1);
          const d = s.getImageData(0, 0, 1, 1).data;
          if (d[3] > 0) return [d[0], d[1], d[2], d[3]];
        }
        return null;""", p.getX(), p.getY(), canvases);
    return px == null ? null : px.stream().mapToInt(Number::intValue).toArray();
  }

  private static int[] rgb(String hex) {
    return new int[] {Integer.parseInt(hex.substring(1, 3), 16), Integer.parseInt(hex.substring(3, 5), 16),
        Integer.parseInt(hex.substring(5, 7), 16)};
  }
}
