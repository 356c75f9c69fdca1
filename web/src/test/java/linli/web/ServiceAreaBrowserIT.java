package linli.web;

import static linli.registry.testing.FixtureCity.anchor;
import static linli.registry.testing.FixtureCity.offset;
import static linli.web.MapBrowserIT.clickMapAt;
import static linli.web.MapBrowserIT.js;
import static linli.web.MapBrowserIT.open;
import static linli.web.MapBrowserIT.shown;
import static linli.web.MapBrowserIT.waitFor;
import static linli.web.MapBrowserIT.waitUntilReady;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import linli.registry.Database;
import linli.registry.city.CityData;
import linli.registry.city.CityLoader;
import linli.registry.testing.FixtureCity;
import linli.registry.testing.PostgisExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Point;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.Select;

/**
 * Service areas and the walking network on the map, as a planner sees them: a facility's walking
 * distance drawn on asking (straight, then along the roads with the reached roads), its GeoJSON
 * download holding the API's geometry, a proposed site's own area, and the road layer's toggle
 * fetching road tiles and painting them where the roads are.
 */
@ExtendWith(PostgisExtension.class)
class ServiceAreaBrowserIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** The page's road colour (roads.js). */
  private static final int[] ROAD_RGB = {0x5d, 0x40, 0x37};
  /** Shelter a of the fixture city: 400 m north of the road through the offices. */
  private static final Point SHELTER_A = offset(anchor(0), 0, 400);
  @RegisterExtension
  static final BrowserSession session = BrowserSession.consoleChecked();
  private static RunningApp app;
  private static ChromeDriver browser;
  private static Path downloads;

  @BeforeAll
  static void start(Database db) throws Exception {
    CityData fixture = FixtureCity.build();
    // One road through offices 0 to 4, as ServiceAreaApiIT has it, for walking mode.
    List<CityData.Road> roads = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      roads.add(new CityData.Road("residential", true, FixtureCity.GEOMETRY.createLineString(new Coordinate[] {
          anchor(i).getCoordinate(), anchor(i + 1).getCoordinate()})));
    }
    new CityLoader(db.dataSource()).load(new CityData(fixture.districts(), fixture.streets(), fixture.communities(),
        fixture.facilities(), roads));
    app = session.serve(new RunningApp(db));
    browser = session.chromium();
    downloads = Files.createTempDirectory("linli-downloads");
    browser.executeCdpCommand("Browser.setDownloadBehavior", Map.of("behavior", "allow", "downloadPath",
        downloads.toString()));
  }

  @Test
  void aFacilitysWalkingDistanceIsDrawnOnAskingAndDownloadsAsTheApiDrawsIt() throws Exception {
    open(browser, app, "?lang=en&distance=900");
    js(browser, "window.linli.map.setView([arguments[1], arguments[0]], 14, { animate: false })", SHELTER_A.getX(),
        SHELTER_A.getY());
    assertThat(browser.findElements(By.cssSelector("path.service-area"))).isEmpty();
    assertThat(legend()).doesNotContain("servicearea");
    clickMapAt(browser, SHELTER_A.getX(), SHELTER_A.getY());
    WebElement popup = shown(browser, ".facility-popup");
    WebElement ask = popup.findElement(By.cssSelector(".service-area-link"));
    assertThat(ask.getText()).isEqualTo("Show walking distance");
    ask.click();
    WebElement circle = waitFor(browser).until(d -> d.findElement(By.cssSelector("path.service-area.facility")));
    // Straight: a circle of 900 m, as wide on screen as 1,800 m are at this zoom and latitude
    // (Web Mercator's ground resolution), not as the page thinks.
    double metresPerPixel = 40_075_016.686 * Math.cos(Math.toRadians(SHELTER_A.getY())) / (256 * Math.pow(2, 14));
    assertThat(circle.getRect().getWidth()).isBetween((int) (1800 / metresPerPixel * 0.97),
        (int) (1800 / metresPerPixel * 1.03));
    assertThat(legend()).contains("servicearea");
    assertThat(browser.findElement(By.id("service-area-box")).getText()).contains("避难场所a").contains("900 m");
    long id = download().at("/features/0/properties/facility_id").asLong();
    assertThat(RunningApp.json(app.get("/api/facilities/" + id)).at("/properties/name").asText()).isEqualTo("避难场所a");
    JsonNode straight = RunningApp.json(app.get("/api/facilities/" + id + "/service-area?mode=straight&distance=900"));
    assertThat(download().at("/features/0/geometry")).isEqualTo(straight.get("geometry"));

    // Along the roads: the area and the reached roads, redrawn for the mode asked.
    new Select(browser.findElement(By.id("mode"))).selectByValue("network");
    // The map's refresh for the mode first (it redraws the area along the way), then the area itself.
    waitUntilReady(browser);
    waitFor(browser).until(d -> !d.findElements(By.cssSelector("path.service-area-roads.facility")).isEmpty());
    JsonNode network = RunningApp.json(app.get("/api/facilities/" + id + "/service-area?mode=network&distance=900"));
    assertThat(network.at("/geometry/coordinates").size()).isPositive();
    JsonNode downloaded = download();
    assertThat(downloaded.get("type").asText()).isEqualTo("FeatureCollection");
    assertThat(downloaded.at("/features/0/properties/mode").asText()).isEqualTo("network");
    assertThat(downloaded.at("/features/0/geometry")).isEqualTo(network.get("geometry"));
    assertThat(downloaded.at("/features/0/properties/reached_roads")).isEqualTo(network.at("/properties/reached_roads"));
    assertThat(browser.findElement(By.id("service-area-download")).getAttribute("download"))
        .isEqualTo("service_area_facility_" + id + "_network.geojson");
    // Cleared: gone from the map and the legend.
    browser.findElement(By.cssSelector("#service-area-box .clear-service-area")).click();
    waitFor(browser).until(d -> d.findElements(By.cssSelector("path.service-area")).isEmpty());
    assertThat(legend()).doesNotContain("servicearea");
  }

  @Test
  void aProposedSiteDrawsItsOwnArea() throws Exception {
    open(browser, app, "?lang=en&mode=network&distance=600");
    Point site = offset(anchor(3), 180, 200);
    js(browser, "window.linli.map.setView([arguments[1], arguments[0]], 14, { animate: false })", site.getX(),
        site.getY());
    browser.findElement(By.id("whatif-toggle")).click();
    clickMapAt(browser, site.getX(), site.getY());
    waitFor(browser).until(d -> !d.findElements(By.cssSelector("path.service-area.site")).isEmpty());
    waitFor(browser).until(d -> !d.findElements(By.cssSelector("path.service-area-roads.site")).isEmpty());
    JsonNode drawn = download().at("/features/0");
    JsonNode lonLat = drawn.at("/properties/site"); // where the click landed: within two pixels
    assertThat(lonLat.get(0).asDouble()).isCloseTo(site.getX(), org.assertj.core.data.Offset.offset(2e-4));
    assertThat(lonLat.get(1).asDouble()).isCloseTo(site.getY(), org.assertj.core.data.Offset.offset(2e-4));
    JsonNode api = RunningApp.json(app.get("/api/service-area?lon=" + lonLat.get(0).asDouble() + "&lat="
        + lonLat.get(1).asDouble() + "&category=emergency_shelter&mode=network&distance=600"));
    assertThat(drawn.get("geometry")).isEqualTo(api.get("geometry"));
    assertThat(legend()).contains("servicearea", "site");
    // The proposal cleared: its area goes with it.
    browser.findElement(By.id("whatif-clear")).click();
    waitFor(browser).until(d -> d.findElements(By.cssSelector("path.service-area")).isEmpty());
  }

  @Test
  @SuppressWarnings("unchecked")
  void theWalkingNetworkLayerFetchesRoadTilesAndPaintsTheRoads() {
    open(browser, app, "?lang=en");
    Point onRoad = FixtureCity.point((anchor(1).getX() + anchor(2).getX()) / 2, anchor(1).getY());
    js(browser, "window.linli.map.setView([arguments[1], arguments[0]], 15, { animate: false })", onRoad.getX(),
        onRoad.getY());
    String roadRequests = "return performance.getEntriesByType('resource').map(r => r.name)"
        + ".filter(u => u.includes('/tiles/roads/')).length";
    assertThat(((Number) js(browser, roadRequests)).intValue()).as("off until switched on").isZero();
    assertThat(legend()).doesNotContain("roads");
    js(browser, "document.querySelector('.leaflet-control-layers').classList.add('leaflet-control-layers-expanded')");
    Object checked = js(browser, """
        const input = [...document.querySelectorAll('.leaflet-control-layers-overlays label')]
          .find(l => l.textContent.includes('Walking network')).querySelector('input');
        const r = input.getBoundingClientRect();
        if (document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2) !== input) return 'covered';
        input.click();
        return input.checked;""");
    assertThat(checked).isEqualTo(true);
    waitFor(browser).until(d -> ((Number) js(d, roadRequests)).intValue() > 0
        && ((Number) js(d, "return window.linli.roadsDrawn")).intValue() > 0);
    assertThat(legend()).contains("roads");
    // On the road: the road's colour; 150 m off it: nothing on the road canvas.
    int[] seen = waitFor(browser).until(d -> pixelAt(onRoad));
    for (int c = 0; c < 3; c++) {
      assertThat(seen[c]).as("channel %d", c).isBetween(ROAD_RGB[c] - 4, ROAD_RGB[c] + 4);
    }
    assertThat(seen[3]).isGreaterThan(150);
    assertThat(pixelAt(offset(onRoad, 0, 150))).isNull();
  }

  /** The page's download link, clicked: the file Chromium saves. */
  private static JsonNode download() throws Exception {
    WebElement link = browser.findElement(By.id("service-area-download"));
    Path file = downloads.resolve(link.getAttribute("download"));
    Files.deleteIfExists(file);
    link.click();
    waitFor(browser).until(d -> Files.isRegularFile(file) && file.toFile().length() > 0
        && !Files.exists(file.resolveSibling(file.getFileName() + ".crdownload")));
    return JSON.readTree(Files.readString(file));
  }

  @SuppressWarnings("unchecked")
  private static List<String> legend() {
    return (List<String>) js(browser,
        "return [...document.querySelectorAll('#legend li[data-legend]')].map(li => li.dataset.legend)");
  }

  /** The RGBA painted on the roads' tile canvas at a lon/lat, null where none is. */
  private static int[] pixelAt(Point p) {
    return TileMapBrowserIT.pixelAt(browser, ".leaflet-roads-pane canvas", p);
  }
}
