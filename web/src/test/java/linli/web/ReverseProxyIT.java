package linli.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import linli.registry.Database;
import linli.registry.city.CityLoader;
import linli.registry.testing.FixtureCity;
import linli.registry.testing.PostgisExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Linli behind a real nginx over HTTPS, three ways a city may set it up: X-Forwarded-* headers,
 * the standard Forwarded header, and a base path (/linli/) with LINLI_PUBLIC_URL. Every link the
 * service writes (OGC links and API server, TileJSON, paging, Location) is the public https one, and following it through
 * nginx works. Without the proxy the links stay the plain http ones.
 */
@ExtendWith(PostgisExtension.class)
class ReverseProxyIT {
  private static RunningApp direct;
  private static RunningApp underPath;
  private static Nginx nginx;
  private static HttpClient https;
  private static int xForwardedPort;
  private static int forwardedPort;
  private static int basePathPort;

  @BeforeAll
  static void start(Database db) throws Exception {
    new CityLoader(db.dataSource()).load(FixtureCity.build());
    Path dir = Nginx.prepare();
    xForwardedPort = LinliJar.freePort();
    forwardedPort = LinliJar.freePort();
    basePathPort = LinliJar.freePort();
    direct = new RunningApp(db);
    underPath = new RunningApp(db, Map.of("LINLI_PUBLIC_URL", "https://127.0.0.1:" + basePathPort + "/linli/"));
    String upstream = direct.url("");
    nginx = Nginx.start(dir, List.of("""
          server {
            listen 127.0.0.1:%d ssl;
            location / {
              proxy_pass %s;
              proxy_set_header X-Forwarded-Proto $scheme;
              proxy_set_header X-Forwarded-Host $host;
              proxy_set_header X-Forwarded-Port $server_port;
              proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            }
          }""".formatted(xForwardedPort, upstream), """
          server {
            listen 127.0.0.1:%d ssl;
            location / {
              proxy_pass %s;
              proxy_set_header Forwarded "for=$remote_addr;proto=$scheme;host=\\"$host:$server_port\\"";
            }
          }""".formatted(forwardedPort, upstream), """
          server {
            listen 127.0.0.1:%d ssl;
            location /linli/ {
              proxy_pass %s/;
            }
          }""".formatted(basePathPort, underPath.url(""))),
        List.of(xForwardedPort, forwardedPort, basePathPort));
    https = HttpClient.newBuilder().sslContext(Nginx.trusting(dir)).build();
  }

  @AfterAll
  static void stop() throws Exception {
    if (nginx != null) {
      nginx.close();
    }
    direct.close();
    underPath.close();
  }

  private static HttpResponse<String> get(String url) throws Exception {
    HttpResponse<String> r = https.send(HttpRequest.newBuilder(URI.create(url)).build(), BodyHandlers.ofString());
    assertThat(r.statusCode()).as(url + " -> " + r.body() + "\n" + nginx.errors()).isEqualTo(200);
    return r;
  }

  private static List<String> hrefs(JsonNode links) {
    List<String> out = new ArrayList<>();
    links.forEach(l -> out.add(l.get("href").asText()));
    return out;
  }

  /** OGC landing and items links, TileJSON tiles and REST paging, as seen through the proxy at {@code base}. */
  private static void everyLinkIsPublicAndWorks(String base) throws Exception {
    List<String> landing = hrefs(RunningApp.JSON.readTree(get(base + "/ogc").body()).get("links"));
    assertThat(landing).isNotEmpty().allMatch(h -> h.startsWith(base + "/ogc"), "starts with " + base);

    // The API definition names its server absolutely, so its paths resolve to the public /ogc.
    assertThat(RunningApp.JSON.readTree(get(base + "/ogc/api?f=json").body()).at("/servers/0/url").asText())
        .isEqualTo(base + "/ogc");

    JsonNode items = RunningApp.JSON.readTree(get(base + "/ogc/collections/facilities/items?limit=2").body());
    List<String> itemLinks = hrefs(items.get("links"));
    assertThat(itemLinks).allMatch(h -> h.startsWith(base + "/ogc/collections/facilities"), "under " + base);
    String next = items.get("links").findValues("rel").stream().anyMatch(r -> r.asText().equals("next"))
        ? itemLinks.stream().filter(h -> h.contains("offset=2")).findFirst().orElseThrow() : null;
    assertThat(next).isEqualTo(base + "/ogc/collections/facilities/items?limit=2&offset=2");
    assertThat(RunningApp.JSON.readTree(get(next).body()).get("numberReturned").asInt()).isEqualTo(2);

    String tile = RunningApp.JSON.readTree(get(base + "/tiles/facilities.json").body()).get("tiles").get(0).asText();
    assertThat(tile).isEqualTo(base + "/tiles/facilities/{z}/{x}/{y}.mvt");
    HttpResponse<String> mvt = https.send(HttpRequest.newBuilder(URI.create(
        tile.replace("{z}", "14").replace("{x}", "13667").replace("{y}", "6392"))).build(), BodyHandlers.ofString());
    assertThat(mvt.statusCode()).isIn(200, 204);

    JsonNode page = RunningApp.JSON.readTree(get(base + "/api/facilities?limit=3").body());
    String more = page.at("/links/0/href").asText();
    assertThat(more).isEqualTo(base + "/api/facilities?limit=3&offset=3");
    assertThat(RunningApp.JSON.readTree(get(more).body()).get("numberReturned").asInt())
        .isEqualTo(Math.min(3, page.get("numberMatched").asInt() - 3));
  }

  @Test
  void xForwardedHeadersMakeTheLinksHttpsOnTheProxysHostAndPort() throws Exception {
    everyLinkIsPublicAndWorks("https://127.0.0.1:" + xForwardedPort);
  }

  @Test
  void theForwardedHeaderDoesTheSame() throws Exception {
    everyLinkIsPublicAndWorks("https://127.0.0.1:" + forwardedPort);
  }

  @Test
  void underABasePathThePublicUrlPrefixesEveryLinkAndTheMapLoadsItsAssets() throws Exception {
    String base = "https://127.0.0.1:" + basePathPort + "/linli";
    everyLinkIsPublicAndWorks(base);
    String page = get(base + "/").body();
    // The map's own requests are relative, so they stay under the base path.
    assertThat(page).contains("src=\"app.js\"").contains("href=\"app.css\"");
    get(base + "/app.js");
    get(base + "/webjars/leaflet/1.9.4/dist/leaflet.js");

    HttpResponse<String> created = https.send(HttpRequest.newBuilder(URI.create(base + "/api/facilities"))
        .header("Authorization", "Bearer " + RunningApp.ADMIN_TOKEN).POST(HttpRequest.BodyPublishers.ofString("""
            {"type": "Feature", "geometry": {"type": "Point", "coordinates": [120.3168, 36.1045]},
             "properties": {"category": "emergency_shelter", "name": "代理后新建", "status": "open"}}""")).build(),
        BodyHandlers.ofString());
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    String location = created.headers().firstValue("Location").orElseThrow();
    assertThat(location).matches("/linli/api/facilities/\\d+");
    assertThat(RunningApp.JSON.readTree(get("https://127.0.0.1:" + basePathPort + location).body())
        .at("/properties/name").asText()).isEqualTo("代理后新建");
  }

  @Test
  void theMapWorksUnderTheBasePathInABrowser() throws Exception {
    // Chromium cannot be told to trust one certificate from the command line: it ignores certificate
    // errors instead (the HTTP client above verifies the same certificate properly).
    org.openqa.selenium.chrome.ChromeDriver browser = MapBrowserIT.chrome("--ignore-certificate-errors");
    try {
      browser.get("https://127.0.0.1:" + basePathPort + "/linli/?lang=en");
      MapBrowserIT.waitUntilReady(browser);
      MapBrowserIT.waitFor(browser).until(d -> ((Number) MapBrowserIT.js(d, "return window.linli.facilityCount")).intValue() > 0);
      MapBrowserIT.assertNoConsoleErrors(browser);
    } finally {
      browser.quit();
    }
    // Everything the page asked for went through the proxy under the path.
    List<String> asked = java.nio.file.Files.readAllLines(nginx.dir().resolve("access.log")).stream()
        .filter(l -> l.contains("HeadlessChrome")).map(l -> l.replaceAll(".*\"[A-Z]+ (\\S+) HTTP.*", "$1")).toList();
    assertThat(asked).contains("/linli/app.js", "/linli/api/categories").allMatch(p -> p.startsWith("/linli/"));
  }

  @Test
  void withoutAProxyTheLinksAreTheRequestsOwn() throws Exception {
    JsonNode landing = RunningApp.json(direct.get("/ogc"));
    assertThat(hrefs(landing.get("links"))).allMatch(h -> h.startsWith(direct.url("/ogc")));
    assertThat(RunningApp.json(direct.get("/tiles/facilities.json")).get("tiles").get(0).asText())
        .isEqualTo(direct.url("/tiles/facilities/{z}/{x}/{y}.mvt"));
  }
}
