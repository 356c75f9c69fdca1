package linli.web;

import static linli.web.MapBrowserIT.assertNoConsoleErrors;
import static linli.web.MapBrowserIT.js;
import static linli.web.MapBrowserIT.open;
import static linli.web.MapBrowserIT.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.imageio.ImageIO;
import linli.registry.Database;
import linli.registry.city.CityLoader;
import linli.registry.testing.FixtureCity;
import linli.registry.testing.PostgisExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The basemap configured once on the server (#18 item 4): with LINLI_BASEMAP_URL pointing at a tile
 * server this test runs, the page shows that basemap by default and asks it for tiles; when the tile
 * server is gone, the page says the basemap could not load, in its language, instead of failing silently.
 */
@ExtendWith(PostgisExtension.class)
class BasemapBrowserIT {
  private static final String TIANDITU_KEY = "0123456789abcdef0123456789abcdef";

  private static HttpServer tileServer;
  private static final List<String> tileRequests = new CopyOnWriteArrayList<>();
  @RegisterExtension
  static final BrowserSession session = BrowserSession.consoleUnchecked();
  private static RunningApp app;
  private static ChromeDriver browser;

  @BeforeAll
  static void start(Database db) throws Exception {
    new CityLoader(db.dataSource()).load(FixtureCity.build());
    byte[] png = png();
    tileServer = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    tileServer.createContext("/", exchange -> {
      tileRequests.add(exchange.getRequestURI().getPath());
      exchange.getResponseHeaders().add("Content-Type", "image/png");
      exchange.sendResponseHeaders(200, png.length);
      exchange.getResponseBody().write(png);
      exchange.close();
    });
    tileServer.start();
    app = session.serve(new RunningApp(db, Map.of(
        "LINLI_BASEMAP_URL", "http://127.0.0.1:" + tileServer.getAddress().getPort() + "/city/{z}/{x}/{y}.png",
        "LINLI_BASEMAP_ATTRIBUTION", "<b>本市</b> tiles",
        "LINLI_TIANDITU_KEY", TIANDITU_KEY)));
    browser = session.chromium();
  }

  @AfterAll
  static void stop() {
    if (tileServer != null) {
      tileServer.stop(0);
    }
  }

  private static byte[] png() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(new BufferedImage(256, 256, BufferedImage.TYPE_INT_RGB), "png", out);
    return out.toByteArray();
  }

  @Test
  void theConfiguredBasemapIsOfferedFirst() throws Exception {
    JsonNode config = RunningApp.json(app.get("/api/map-config"));
    assertThat(config.path("default_basemap").asText()).isEqualTo("custom");
    assertThat(config.path("basemaps").findValuesAsText("id")).containsExactly("custom", "tianditu", "osm");
    assertThat(config.path("basemaps").get(0).path("url").asText()).endsWith("/city/{z}/{x}/{y}.png");
    // The Tianditu key is a browser key: the page has to send it to Tianditu, so it is in the template.
    assertThat(config.path("basemaps").get(1).path("url").asText()).endsWith("&tk=" + TIANDITU_KEY);
    // The page's content security policy lets the self-hosted tiles in, and only them besides the known ones.
    assertThat(app.get("/").headers().firstValue("Content-Security-Policy").orElseThrow())
        .contains("img-src 'self' data: https://tile.openstreetmap.org https://*.tianditu.gov.cn http://127.0.0.1:"
            + tileServer.getAddress().getPort() + ";");
  }

  @Test
  void thePageDrawsTheConfiguredBasemapAndSaysWhenItCannotLoad() {
    tileRequests.clear();
    open(browser, app, "?lang=en");
    waitFor(browser).until(d -> "custom".equals(js(d, "return window.linli.basemap")));
    // Leaflet asks the tile server for the tiles of the view, with the template filled in.
    waitFor(browser).until(d -> tileRequests.size() >= 4);
    assertThat(tileRequests).allMatch(p -> p.matches("/city/[0-9]+/[0-9]+/[0-9]+\\.png"));
    waitFor(browser).until(d -> ((Number) js(d,
        "return document.querySelectorAll('.leaflet-tile-pane img.leaflet-tile-loaded').length")).intValue() >= 4);
    assertThat(browser.findElement(By.id("basemap-message")).isDisplayed()).isFalse();
    // The credit is the operator's text, shown as text, not markup.
    assertThat(browser.findElement(By.className("leaflet-control-attribution")).getText()).contains("<b>本市</b> tiles");
    assertThat(js(browser, "return window.linli.basemapFailed")).isNull();
    assertNoConsoleErrors(browser);

    // The tile server goes away: the next tiles fail, and the page says so, naming the basemap.
    tileServer.stop(0);
    js(browser, "window.linli.map.setZoom(window.linli.map.getZoom() + 2)");
    waitFor(browser).until(d -> d.findElement(By.id("basemap-message")).isDisplayed());
    assertThat(browser.findElement(By.id("basemap-message")).getText())
        .contains("Basemap could not load").contains("Own basemap");
    assertThat(js(browser, "return window.linli.basemapFailed")).isEqualTo("custom");
    // In Chinese, too; the map itself still answers.
    js(browser, "document.getElementById('lang').value = 'zh'; document.getElementById('lang').dispatchEvent(new Event('change'))");
    waitFor(browser).until(d -> d.findElement(By.id("basemap-message")).getText().contains("底图无法加载"));
    assertThat(browser.findElement(By.id("basemap-message")).getText()).contains("自建底图");

    // Switching to no basemap takes the note away: it was about the basemap, not the map.
    js(browser, "document.querySelectorAll('.leaflet-control-layers-base input')[0].click()");
    waitFor(browser).until(d -> !d.findElement(By.id("basemap-message")).isDisplayed());
    assertThat(js(browser, "return window.linli.basemap")).isEqualTo("none");
  }
}
