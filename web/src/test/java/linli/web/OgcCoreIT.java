package linli.web;

import static linli.web.OgcFixture.COMMUNITY_ITEMS;
import static linli.web.OgcFixture.CRS84;
import static linli.web.OgcFixture.ITEMS;
import static linli.web.OgcFixture.assertProblem;
import static linli.web.OgcFixture.enc;
import static linli.web.OgcFixture.header;
import static linli.web.OgcFixture.inBox;
import static linli.web.OgcFixture.link;
import static linli.web.OgcFixture.links;
import static linli.web.OgcFixture.mediaType;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import linli.registry.Database;
import linli.registry.city.CityData;
import linli.registry.testing.FixtureCity;
import linli.registry.testing.PostgisExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;

/**
 * OGC API - Features - Part 1: Core and GeoJSON (OGC 17-069r4), one test per requirement, each
 * named by the requirement's id. Expected answers come from the fixture's own values or plain SQL.
 */
@ExtendWith(PostgisExtension.class)
class OgcCoreIT {
  private static final String GEOJSON = "application/geo+json";
  private static OgcFixture fx;

  @BeforeAll
  static void load(Database db) throws Exception {
    fx = OgcFixture.load(db);
  }

  @AfterAll
  static void stop() {
    fx.close();
  }

  // ---- landing page, API definition, conformance ----

  @Test
  @DisplayName("/req/core/root-op")
  void reqCoreRootOp() throws Exception {
    HttpResponse<String> r = fx.get("/ogc");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(header(r, "Content-Type")).startsWith("application/json");
    assertThat(fx.get("/ogc/").statusCode()).as("the landing page with a trailing slash").isEqualTo(200);
  }

  @Test
  @DisplayName("/req/core/root-success")
  void reqCoreRootSuccess() throws Exception {
    JsonNode landing = fx.json("/ogc");
    assertThat(landing.get("links").isArray()).isTrue();
    List<String> apiDefinitions = new ArrayList<>(links(landing, "service-desc"));
    apiDefinitions.addAll(links(landing, "service-doc"));
    assertThat(apiDefinitions).isNotEmpty();
    assertThat(links(landing, "conformance")).containsExactly(fx.app.url("/ogc/conformance"));
    assertThat(links(landing, "data")).containsExactly(fx.app.url("/ogc/collections"));
    // Every link leads somewhere that answers.
    for (JsonNode link : landing.get("links")) {
      assertThat(fx.get(fx.local(link.get("href").asText())).statusCode()).as(link.toString()).isEqualTo(200);
    }
    assertThat(fx.json(fx.local(links(landing, "data").get(0))).get("collections")).hasSize(4);
    assertThat(fx.json(fx.local(links(landing, "conformance").get(0))).get("conformsTo").isArray()).isTrue();
  }

  @Test
  @DisplayName("/req/core/api-definition-op")
  void reqCoreApiDefinitionOp() throws Exception {
    JsonNode landing = fx.json("/ogc");
    List<String> definitions = new ArrayList<>(links(landing, "service-desc"));
    definitions.addAll(links(landing, "service-doc"));
    assertThat(definitions).isNotEmpty();
    for (String href : definitions) {
      assertThat(fx.get(fx.local(href)).statusCode()).as(href).isEqualTo(200);
    }
  }

  @Test
  @DisplayName("/req/core/api-definition-success")
  void reqCoreApiDefinitionSuccess() throws Exception {
    JsonNode landing = fx.json("/ogc");
    int checked = 0;
    for (JsonNode link : landing.get("links")) {
      String rel = link.get("rel").asText();
      if (!rel.equals("service-desc") && !rel.equals("service-doc")) {
        continue;
      }
      String type = link.get("type").asText();
      HttpResponse<String> r = fx.get(fx.local(link.get("href").asText()), "Accept", type);
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(mediaType(header(r, "Content-Type"))).as(rel).isEqualTo(mediaType(type));
      if (type.contains("json")) {
        JsonNode api = RunningApp.json(r);
        assertThat(api.get("openapi").asText()).startsWith("3.0.");
        assertThat(api.get("paths").has("/collections/{collectionId}/items")).isTrue();
      } else {
        assertThat(type).isEqualTo("text/html");
        assertThat(r.body()).startsWith("<!DOCTYPE html>").contains("/collections/{collectionId}/items");
      }
      checked++;
    }
    assertThat(checked).isGreaterThanOrEqualTo(1);
  }

  @Test
  @DisplayName("/req/core/conformance-op")
  void reqCoreConformanceOp() throws Exception {
    HttpResponse<String> r = fx.get("/ogc/conformance");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(header(r, "Content-Type")).startsWith("application/json");
  }

  @Test
  @DisplayName("/req/core/conformance-success")
  void reqCoreConformanceSuccess() throws Exception {
    JsonNode body = fx.json("/ogc/conformance");
    List<String> classes = new ArrayList<>();
    body.get("conformsTo").forEach(c -> classes.add(c.asText()));
    assertThat(classes).doesNotHaveDuplicates().containsExactlyInAnyOrder(
        "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core",
        "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson",
        "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30",
        "http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/crs",
        "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/queryables",
        "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/filter",
        "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/features-filter",
        "http://www.opengis.net/spec/cql2/1.0/conf/cql2-text",
        "http://www.opengis.net/spec/cql2/1.0/conf/basic-cql2",
        "http://www.opengis.net/spec/cql2/1.0/conf/advanced-comparison-operators",
        "http://www.opengis.net/spec/cql2/1.0/conf/basic-spatial-functions");
    assertThat(classes).allMatch(c -> c.matches("http://www\\.opengis\\.net/spec/[a-z0-9-]+/1\\.0/conf/[a-z0-9-]+"));
  }

  @Test
  @DisplayName("/req/core/http")
  void reqCoreHttp() throws Exception {
    // An HTTP/1.1 client gets HTTP/1.1 answers.
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    HttpResponse<String> viaClient = client.send(HttpRequest.newBuilder(URI.create(fx.app.url(ITEMS + "?limit=2")))
        .build(), HttpResponse.BodyHandlers.ofString());
    assertThat(viaClient.version()).isEqualTo(HttpClient.Version.HTTP_1_1);
    assertThat(viaClient.statusCode()).isEqualTo(200);

    // On the wire: status line, Date (RFC 9110 6.6.1), framing by Content-Length or chunking.
    String ok = raw("GET /ogc/conformance HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
    assertThat(ok).startsWith("HTTP/1.1 200 ");
    String head = ok.substring(0, ok.indexOf("\r\n\r\n")).toLowerCase();
    assertThat(head).contains("\r\ndate: ").contains("\r\ncontent-type: application/json");
    assertThat(head.contains("\r\ncontent-length: ") || head.contains("\r\ntransfer-encoding: chunked")).isTrue();
    if (head.contains("\r\ncontent-length: ")) {
      int length = Integer.parseInt(head.replaceAll("(?s).*\r\ncontent-length: (\\d+).*", "$1"));
      assertThat(ok.substring(ok.indexOf("\r\n\r\n") + 4).getBytes(StandardCharsets.UTF_8)).hasSize(length);
    }
    // RFC 9112 3.2: an HTTP/1.1 request without Host is a 400.
    assertThat(raw("GET /ogc HTTP/1.1\r\nConnection: close\r\n\r\n")).startsWith("HTTP/1.1 400 ");
    // HEAD is supported wherever GET is (RFC 9110 9.1), with no body.
    HttpResponse<String> headResponse = fx.send("HEAD", ITEMS);
    assertThat(headResponse.statusCode()).isEqualTo(200);
    assertThat(headResponse.body()).isEmpty();
  }

  private static String raw(String request) throws Exception {
    URI uri = URI.create(fx.app.url("/"));
    try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(request.getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      ByteArrayOutputStream response = new ByteArrayOutputStream();
      in.transferTo(response);
      return response.toString(StandardCharsets.UTF_8);
    }
  }

  // ---- parameters ----

  @Test
  @DisplayName("/req/core/query-param-unknown")
  void reqCoreQueryParamUnknown() throws Exception {
    // Sample values for every query parameter the API definition names anywhere.
    Map<String, String> samples = new LinkedHashMap<>();
    samples.put("limit", "5");
    samples.put("offset", "0");
    samples.put("bbox", "120,36,121,37");
    samples.put("bbox-crs", enc(CRS84));
    samples.put("datetime", "2020-01-01T00:00:00Z/..");
    samples.put("crs", enc(CRS84));
    samples.put("filter", enc("capacity > 5"));
    samples.put("filter-lang", "cql2-text");
    samples.put("filter-crs", enc(CRS84));
    samples.put("f", "json");
    samples.put("frobnicate", "1");
    JsonNode api = fx.json("/ogc/api");
    long featureId = fx.facilities.get(0).id();
    int rejected = 0;
    for (var path = api.get("paths").fields(); path.hasNext(); ) {
      var entry = path.next();
      String concrete = "/ogc" + entry.getKey().replace("{collectionId}", "facilities")
          .replace("{featureId}", Long.toString(featureId));
      Set<String> defined = new TreeSet<>();
      for (JsonNode p : entry.getValue().get("get").path("parameters")) {
        JsonNode resolved = OgcFixture.resolve(api, p);
        if (resolved.get("in").asText().equals("query")) {
          defined.add(resolved.get("name").asText());
        }
      }
      for (var sample : samples.entrySet()) {
        String url = concrete + "?" + sample.getKey() + "=" + sample.getValue();
        HttpResponse<String> r = fx.get(url);
        if (defined.contains(sample.getKey())) {
          assertThat(r.statusCode()).as("%s (defined): %s", url, r.body()).isEqualTo(200);
        } else {
          assertProblem(r, 400, sample.getKey(), url);
          rejected++;
        }
      }
    }
    assertThat(rejected).isGreaterThan(40);
  }

  @Test
  @DisplayName("/req/core/query-param-invalid")
  void reqCoreQueryParamInvalid() throws Exception {
    Map<String, String> invalid = new LinkedHashMap<>();
    invalid.put("limit=0", "limit");
    invalid.put("limit=-3", "limit");
    invalid.put("limit=abc", "limit");
    invalid.put("limit=2.5", "limit");
    invalid.put("offset=-1", "offset");
    invalid.put("offset=x", "offset");
    invalid.put("bbox=1,2,3", "bbox");
    invalid.put("bbox=1,2,3,4,5", "bbox");
    invalid.put("bbox=a,b,c,d", "bbox");
    invalid.put("bbox=120,36,121,95", "bbox");
    invalid.put("bbox=120,37,121,36", "bbox");
    invalid.put("bbox=-181,36,121,37", "bbox");
    invalid.put("bbox=120,36,121,NaN", "bbox");
    invalid.put("datetime=yesterday", "datetime");
    invalid.put("datetime=2021-02-30T00:00:00Z", "datetime");
    invalid.put("datetime=2021-01-01T00:00:00Z/2020-01-01T00:00:00Z", "datetime");
    invalid.put("datetime=../..", "datetime");
    invalid.put("datetime=2020-01-01T00:00:00Z/2021-01-01T00:00:00Z/2022-01-01T00:00:00Z", "datetime");
    invalid.put("crs=" + enc("http://www.opengis.net/def/crs/EPSG/0/32650"), "crs");
    invalid.put("crs=EPSG:4326", "crs");
    invalid.put("bbox-crs=" + enc("http://www.opengis.net/def/crs/EPSG/0/2385") + "&bbox=1,2,3,4", "bbox-crs");
    invalid.put("filter=" + enc("capacity >"), "filter");
    invalid.put("filter=" + enc("nosuchproperty = 1"), "filter");
    invalid.put("filter-lang=cql2-json&filter=" + enc("capacity > 1"), "filter-lang");
    invalid.put("filter-crs=" + enc("urn:ogc:def:crs:EPSG::4490") + "&filter=" + enc("capacity > 1"), "filter-crs");
    invalid.put("f=xml", "f");
    for (var e : invalid.entrySet()) {
      assertProblem(fx.get(ITEMS + "?" + e.getKey()), 400, e.getValue(), e.getKey());
    }
    long id = fx.facilities.get(0).id();
    assertProblem(fx.get(ITEMS + "/" + id + "?crs=nonsense"), 400, "crs", "item crs");
    assertProblem(fx.get(ITEMS + "/" + id + "?f=html"), 400, "f", "item f");
    assertProblem(fx.get("/ogc/collections?f=xml"), 400, "f", "collections f");
  }

  @Test
  @DisplayName("/req/core/crs84")
  void reqCoreCrs84() throws Exception {
    HttpResponse<String> r = fx.get(ITEMS + "?limit=1000");
    assertThat(header(r, "Content-Crs")).isEqualTo("<" + CRS84 + ">");
    JsonNode page = RunningApp.json(r);
    assertThat(page.get("features")).hasSize(fx.facilities.size());
    for (JsonNode f : page.get("features")) {
      OgcFixture.Fac fac = fx.facilities.stream().filter(x -> x.id() == f.get("id").asLong()).findFirst().orElseThrow();
      // Longitude first, as the fixture placed it (7 decimals are written).
      assertThat(f.at("/geometry/coordinates/0").asDouble()).isCloseTo(fac.lon(), within(1e-7));
      assertThat(f.at("/geometry/coordinates/1").asDouble()).isCloseTo(fac.lat(), within(1e-7));
    }
    JsonNode one = fx.json(ITEMS + "/" + fx.byName(OgcFixture.MERIDIAN_NAME).id());
    assertThat(one.at("/geometry/coordinates/0").asDouble()).isEqualTo(120.0);
    assertThat(one.at("/geometry/coordinates/1").asDouble()).isEqualTo(36.0);
    // Communities too: every ring position lies within the fixture polygon's envelope, lon first.
    for (JsonNode c : fx.json(COMMUNITY_ITEMS + "?limit=100").get("features")) {
      Envelope env = community(c.get("id").asText()).geom().getEnvelopeInternal();
      for (JsonNode ring : c.at("/geometry/coordinates/0")) {
        for (JsonNode pos : ring) {
          assertThat(pos.get(0).asDouble()).isBetween(env.getMinX() - 1e-7, env.getMaxX() + 1e-7);
          assertThat(pos.get(1).asDouble()).isBetween(env.getMinY() - 1e-7, env.getMaxY() + 1e-7);
        }
      }
    }
  }

  // ---- collections ----

  @Test
  @DisplayName("/req/core/fc-md-op")
  void reqCoreFcMdOp() throws Exception {
    HttpResponse<String> r = fx.get("/ogc/collections");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(header(r, "Content-Type")).startsWith("application/json");
  }

  @Test
  @DisplayName("/req/core/fc-md-success")
  void reqCoreFcMdSuccess() throws Exception {
    JsonNode body = fx.json("/ogc/collections");
    // collections.yaml: links and collections are required arrays; each collection has id and links.
    assertThat(body.get("links").isArray()).isTrue();
    assertThat(body.get("collections").isArray()).isTrue();
    for (JsonNode c : body.get("collections")) {
      assertThat(c.get("id").isTextual()).isTrue();
      assertThat(c.get("links").isArray()).isTrue();
      assertThat(c.get("title").asText()).isNotBlank();
      assertThat(c.get("itemType").asText()).isEqualTo("feature");
      JsonNode spatial = c.at("/extent/spatial");
      assertThat(spatial.get("bbox").isArray()).isTrue();
      for (JsonNode box : spatial.get("bbox")) {
        assertThat(box.size()).isIn(4, 6);
        box.forEach(n -> assertThat(n.isNumber()).isTrue());
      }
      assertThat(spatial.get("crs").asText()).isEqualTo(CRS84);
      JsonNode temporal = c.at("/extent/temporal");
      if (!temporal.isMissingNode()) {
        for (JsonNode interval : temporal.get("interval")) {
          assertThat(interval).hasSize(2);
          // extent.yaml: each end is an RFC 3339 date-time, or null for an open end.
          interval.forEach(end -> {
            if (!end.isNull()) {
              OffsetDateTime.parse(end.asText());
            }
          });
        }
        assertThat(temporal.get("trs").asText()).isEqualTo("http://www.opengis.net/def/uom/ISO-8601/0/Gregorian");
      }
    }
  }

  @Test
  @DisplayName("/req/core/fc-md-links")
  void reqCoreFcMdLinks() throws Exception {
    JsonNode body = fx.json("/ogc/collections");
    JsonNode self = link(body, "self");
    assertThat(self.get("type").asText()).isEqualTo("application/json");
    assertThat(fx.json(fx.local(self.get("href").asText()))).isEqualTo(body);
    for (JsonNode l : body.get("links")) {
      if (Set.of("self", "alternate").contains(l.get("rel").asText())) {
        assertThat(l.path("type").asText()).as(l.toString()).isNotBlank();
      }
    }
  }

  @Test
  @DisplayName("/req/core/fc-md-items")
  void reqCoreFcMdItems() throws Exception {
    List<String> ids = new ArrayList<>();
    fx.json("/ogc/collections").get("collections").forEach(c -> ids.add(c.get("id").asText()));
    // The distribution has four feature tables, all populated.
    assertThat(fx.sqlLong("SELECT count(*) FROM facility WHERE NOT deleted")).isPositive();
    assertThat(fx.sqlLong("SELECT count(*) FROM community")).isPositive();
    assertThat(fx.sqlLong("SELECT count(*) FROM district")).isPositive();
    assertThat(fx.sqlLong("SELECT count(*) FROM street")).isPositive();
    assertThat(ids).containsExactlyInAnyOrder("facilities", "communities", "districts", "streets");
  }

  @Test
  @DisplayName("/req/core/fc-md-items-links")
  void reqCoreFcMdItemsLinks() throws Exception {
    for (JsonNode c : fx.json("/ogc/collections").get("collections")) {
      String id = c.get("id").asText();
      for (JsonNode l : c.get("links")) {
        assertThat(l.path("rel").asText()).as(l.toString()).isNotBlank();
        assertThat(l.path("type").asText()).as(l.toString()).isNotBlank();
      }
      JsonNode items = link(c, "items");
      assertThat(items.get("type").asText()).isEqualTo(GEOJSON);
      assertThat(items.get("href").asText()).isEqualTo(fx.app.url("/ogc/collections/" + id + "/items"));
      HttpResponse<String> r = fx.get(fx.local(items.get("href").asText()));
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(header(r, "Content-Type")).startsWith(GEOJSON);
      assertThat(RunningApp.json(r).get("type").asText()).isEqualTo("FeatureCollection");
    }
  }

  @Test
  @DisplayName("/req/core/fc-md-extent")
  void reqCoreFcMdExtent() throws Exception {
    JsonNode facilities = fx.json("/ogc/collections/facilities");
    JsonNode box = facilities.at("/extent/spatial/bbox/0");
    for (OgcFixture.Fac f : fx.facilities) {
      assertThat(f.lon()).as(f.name()).isBetween(box.get(0).asDouble(), box.get(2).asDouble());
      assertThat(f.lat()).as(f.name()).isBetween(box.get(1).asDouble(), box.get(3).asDouble());
    }
    // Temporal: from the first opening day's start to the last one's end.
    LocalDate first = fx.facilities.stream().map(f -> f.data().openedOn()).filter(d -> d != null)
        .min(LocalDate::compareTo).orElseThrow();
    LocalDate last = fx.facilities.stream().map(f -> f.data().openedOn()).filter(d -> d != null)
        .max(LocalDate::compareTo).orElseThrow();
    JsonNode interval = facilities.at("/extent/temporal/interval/0");
    assertThat(OffsetDateTime.parse(interval.get(0).asText()))
        .isBeforeOrEqualTo(first.atStartOfDay().atOffset(ZoneOffset.UTC));
    assertThat(OffsetDateTime.parse(interval.get(1).asText()))
        .isAfterOrEqualTo(last.atTime(23, 59, 59).atOffset(ZoneOffset.UTC));

    JsonNode communities = fx.json("/ogc/collections/communities");
    JsonNode cbox = communities.at("/extent/spatial/bbox/0");
    for (CityData.Community c : fx.communities) {
      Envelope e = c.geom().getEnvelopeInternal();
      assertThat(e.getMinX()).isGreaterThanOrEqualTo(cbox.get(0).asDouble());
      assertThat(e.getMinY()).isGreaterThanOrEqualTo(cbox.get(1).asDouble());
      assertThat(e.getMaxX()).isLessThanOrEqualTo(cbox.get(2).asDouble());
      assertThat(e.getMaxY()).isLessThanOrEqualTo(cbox.get(3).asDouble());
    }
    assertThat(communities.at("/extent/temporal").isMissingNode()).as("communities have no time").isTrue();
  }

  @Test
  @DisplayName("/req/core/sfc-md-op")
  void reqCoreSfcMdOp() throws Exception {
    for (JsonNode c : fx.json("/ogc/collections").get("collections")) {
      assertThat(fx.get("/ogc/collections/" + c.get("id").asText()).statusCode()).isEqualTo(200);
    }
    HttpResponse<String> missing = fx.get("/ogc/collections/nowhere");
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(header(missing, "Content-Type")).startsWith("application/problem+json");
  }

  @Test
  @DisplayName("/req/core/sfc-md-success")
  void reqCoreSfcMdSuccess() throws Exception {
    for (JsonNode c : fx.json("/ogc/collections").get("collections")) {
      HttpResponse<String> r = fx.get("/ogc/collections/" + c.get("id").asText());
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(RunningApp.json(r)).isEqualTo(c);
    }
  }

  // ---- features ----

  @Test
  @DisplayName("/req/core/fc-op")
  void reqCoreFcOp() throws Exception {
    for (JsonNode c : fx.json("/ogc/collections").get("collections")) {
      HttpResponse<String> r = fx.get("/ogc/collections/" + c.get("id").asText() + "/items");
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(header(r, "Content-Type")).startsWith(GEOJSON);
    }
    assertThat(fx.get("/ogc/collections/nowhere/items").statusCode()).isEqualTo(404);
  }

  @Test
  @DisplayName("/req/core/fc-limit-definition")
  void reqCoreFcLimitDefinition() throws Exception {
    JsonNode limit = OgcFixture.parameter(fx.json("/ogc/api"), "/collections/{collectionId}/items", "limit");
    assertThat(limit.get("in").asText()).isEqualTo("query");
    assertThat(limit.path("required").asBoolean(false)).isFalse();
    assertThat(limit.path("style").asText("form")).isEqualTo("form");
    assertThat(limit.path("explode").asBoolean(false)).isFalse();
    JsonNode schema = limit.get("schema");
    assertThat(schema.get("type").asText()).isEqualTo("integer");
    assertThat(schema.get("minimum").asInt()).isEqualTo(1);
    assertThat(schema.get("maximum").asInt()).isEqualTo(10_000);
    int defaultLimit = schema.get("default").asInt();
    // The server does what the definition says: the default applies, and 1 and the maximum are taken.
    assertThat(fx.json(ITEMS).get("features")).hasSize(defaultLimit);
    assertThat(fx.json(ITEMS + "?limit=1").get("features")).hasSize(1);
    assertThat(fx.json(ITEMS + "?limit=10000").get("features")).hasSize(fx.facilities.size());
  }

  @Test
  @DisplayName("/req/core/fc-limit-response-1")
  void reqCoreFcLimitResponse1() throws Exception {
    int total = fx.facilities.size();
    for (int limit : new int[] {1, 3, 10, 99, 1000}) {
      JsonNode page = fx.json(ITEMS + "?limit=" + limit);
      assertThat(page.get("features")).hasSize(Math.min(limit, total));
      assertThat(page.get("numberReturned").asInt()).isEqualTo(Math.min(limit, total));
    }
    // Beyond the maximum of 10000: enough rows for it to matter, added for this test only.
    fx.execute("""
        INSERT INTO facility (category, name, source, source_id, geom, updated_by)
        SELECT 'meal_point', '批量设施' || n, 'bulk', n::text,
               ST_SetSRID(ST_MakePoint(121.5 + n * 1e-6, 37.5), 4490), 'test'
        FROM generate_series(1, 10050) n""");
    try {
      JsonNode page = fx.json(ITEMS + "?limit=20000");
      assertThat(page.get("numberMatched").asInt()).isEqualTo(total + 10_050);
      assertThat(page.get("features")).hasSize(10_000);
      assertThat(page.get("numberReturned").asInt()).isEqualTo(10_000);
      assertThat(fx.local(links(page, "next").get(0))).contains("offset=10000");
    } finally {
      fx.execute("DELETE FROM facility WHERE source = 'bulk'");
    }
  }

  @Test
  @DisplayName("/req/core/fc-bbox-definition")
  void reqCoreFcBboxDefinition() throws Exception {
    JsonNode bbox = OgcFixture.parameter(fx.json("/ogc/api"), "/collections/{collectionId}/items", "bbox");
    assertThat(bbox.get("in").asText()).isEqualTo("query");
    assertThat(bbox.path("required").asBoolean(false)).isFalse();
    assertThat(bbox.get("style").asText()).isEqualTo("form");
    assertThat(bbox.get("explode").asBoolean()).isFalse();
    JsonNode schema = bbox.get("schema");
    assertThat(schema.get("type").asText()).isEqualTo("array");
    assertThat(schema.at("/items/type").asText()).isEqualTo("number");
    assertThat(schema.get("oneOf").toString()).isEqualTo(
        "[{\"minItems\":4,\"maxItems\":4},{\"minItems\":6,\"maxItems\":6}]");
    // Four numbers, and six with heights, select the same features.
    Set<Long> four = fx.ids(ITEMS + "?limit=1000&bbox=120.3,36.1,120.4,36.2");
    Set<Long> six = fx.ids(ITEMS + "?limit=1000&bbox=120.3,36.1,-100,120.4,36.2,9000");
    assertThat(four).isNotEmpty().isEqualTo(six);
  }

  @Test
  @DisplayName("/req/core/fc-bbox-response")
  void reqCoreFcBboxResponse() throws Exception {
    double[][] boxes = {
        {120.30, 36.10, 120.3672, 36.109}, // the fixture city's squares
        {120.0, 36.0, 120.5, 36.3},
        {119.0, 35.0, 122.0, 37.0}, // everything
        {100.0, 20.0, 101.0, 21.0}, // nothing
        {120.0, 36.0, 120.0, 36.0}, // a point: the facility on the meridian
    };
    for (double[] b : boxes) {
      String query = b[0] + "," + b[1] + "," + b[2] + "," + b[3];
      assertThat(fx.ids(ITEMS + "?limit=1000&bbox=" + query)).as(query)
          .isEqualTo(fx.expect(f -> inBox(f, b[0], b[1], b[2], b[3])));
    }
    assertThat(fx.ids(ITEMS + "?bbox=120,36,120,36")).containsExactly(fx.byName(OgcFixture.MERIDIAN_NAME).id());
    // A box crossing the antimeridian (west edge 170°E, east edge 170°W) is far from Qingdao...
    assertThat(fx.ids(ITEMS + "?limit=1000&bbox=170,-90,-170,90")).isEmpty();
    // ... and one from 120.3°E eastwards to 170°W holds everything east of 120.3°E.
    assertThat(fx.ids(ITEMS + "?limit=1000&bbox=120.3,-90,-170,90"))
        .isEqualTo(fx.expect(f -> f.lon() >= 120.3));
    // Polygons intersect the box when any part of them does.
    double[] cb = {120.31, 36.105, 120.325, 36.2};
    Geometry envelope = FixtureCity.GEOMETRY.toGeometry(new Envelope(cb[0], cb[2], cb[1], cb[3]));
    Set<String> expected = new TreeSet<>();
    fx.communities.stream().filter(c -> c.geom().intersects(envelope)).forEach(c -> expected.add(c.code()));
    Set<String> got = new TreeSet<>();
    fx.json(COMMUNITY_ITEMS + "?bbox=" + cb[0] + "," + cb[1] + "," + cb[2] + "," + cb[3]).get("features")
        .forEach(f -> got.add(f.get("id").asText()));
    assertThat(got).isEqualTo(expected).hasSize(3);
    // Values outside the CRS's extent are refused.
    assertThat(fx.get(ITEMS + "?bbox=120,36,121,91").statusCode()).isEqualTo(400);
  }

  @Test
  @DisplayName("/req/core/fc-time-definition")
  void reqCoreFcTimeDefinition() throws Exception {
    JsonNode datetime = OgcFixture.parameter(fx.json("/ogc/api"), "/collections/{collectionId}/items", "datetime");
    assertThat(datetime.get("in").asText()).isEqualTo("query");
    assertThat(datetime.path("required").asBoolean(false)).isFalse();
    assertThat(datetime.path("style").asText("form")).isEqualTo("form");
    // OpenAPI's default for a form-style parameter is explode: true, so false has to be written out.
    assertThat(datetime.path("explode").asBoolean(true)).isFalse();
    assertThat(datetime.at("/schema/type").asText()).isEqualTo("string");
    // Every form of the ABNF: an instant, bounded, and half-bounded intervals with '..' or nothing.
    for (String value : List.of("2020-06-01T12:00:00Z", "2020-06-01T12:00:00+08:00", "2020-06-01t12:00:00z",
        "2019-01-01T00:00:00Z/2020-01-01T00:00:00Z", "../2020-01-01T00:00:00Z", "/2020-01-01T00:00:00Z",
        "2020-01-01T00:00:00Z/..", "2020-01-01T00:00:00Z/", "2020-01-01T00:00:00.123Z/..")) {
      assertThat(fx.get(ITEMS + "?datetime=" + enc(value)).statusCode()).as(value).isEqualTo(200);
    }
  }

  @Test
  @DisplayName("/req/core/fc-time-response")
  void reqCoreFcTimeResponse() throws Exception {
    // Bounds at noon UTC, so that the opening days fall on the same side in every time zone.
    Map<String, Predicate<LocalDate>> cases = new LinkedHashMap<>();
    cases.put("2018-03-01T12:00:00Z/2019-06-30T12:00:00Z",
        d -> !d.isBefore(LocalDate.of(2018, 3, 1)) && !d.isAfter(LocalDate.of(2019, 6, 30)));
    cases.put("../2012-05-05T12:00:00Z", d -> !d.isAfter(LocalDate.of(2012, 5, 5)));
    cases.put("/2012-05-05T12:00:00Z", d -> !d.isAfter(LocalDate.of(2012, 5, 5)));
    cases.put("2023-07-07T12:00:00Z/..", d -> !d.isBefore(LocalDate.of(2023, 7, 7)));
    cases.put("2023-07-07T12:00:00Z/", d -> !d.isBefore(LocalDate.of(2023, 7, 7)));
    cases.put("2020-01-01T12:00:00Z", d -> d.equals(LocalDate.of(2020, 1, 1)));
    cases.put("2020-12-31T20:00:00+08:00", d -> d.equals(LocalDate.of(2020, 12, 31)));
    cases.put("1990-01-01T12:00:00Z/1991-01-01T12:00:00Z", d -> false);
    for (var c : cases.entrySet()) {
      // Facilities without an opening date have no temporal geometry: datetime matches them too.
      Set<Long> expected = fx.expect(f -> f.data().openedOn() == null || c.getValue().test(f.data().openedOn()));
      assertThat(fx.ids(ITEMS + "?limit=1000&datetime=" + enc(c.getKey()))).as(c.getKey()).isEqualTo(expected);
    }
    assertThat(fx.ids(ITEMS + "?limit=1000&datetime=2020-01-01T12:00:00Z"))
        .contains(fx.byName(OgcFixture.PERCENT_NAME).id());
    // Communities have no temporal property at all: every one of them matches.
    assertThat(fx.json(COMMUNITY_ITEMS + "?limit=100&datetime=2020-01-01T00:00:00Z").get("numberMatched").asInt())
        .isEqualTo(fx.communities.size());
  }

  @Test
  @DisplayName("/req/core/fc-response")
  void reqCoreFcResponse() throws Exception {
    HttpResponse<String> r = fx.get(ITEMS);
    assertThat(r.statusCode()).isEqualTo(200);
    // Only the collection's current features: never a deleted one.
    Set<Long> all = fx.ids(ITEMS + "?limit=50");
    assertThat(all).isEqualTo(fx.expect(f -> true));
    assertThat(all).doesNotContainAnyElementsOf(fx.deleted.stream().map(OgcFixture.Fac::id).toList());
    assertThat(all).hasSize((int) fx.sqlLong("SELECT count(*) FROM facility WHERE NOT deleted"));
    // Selection by bbox and datetime together: exactly those satisfying both.
    Set<Long> both = fx.ids(ITEMS + "?limit=7&bbox=120,36,120.6,36.4&datetime=" + enc("2016-01-01T12:00:00Z/.."));
    assertThat(both).isEqualTo(fx.expect(f -> inBox(f, 120, 36, 120.6, 36.4)
        && (f.data().openedOn() == null || !f.data().openedOn().isBefore(LocalDate.of(2016, 1, 1)))));
  }

  @Test
  @DisplayName("/req/core/fc-links")
  void reqCoreFcLinks() throws Exception {
    String path = ITEMS + "?limit=25&bbox=119,35,122,37&filter=" + enc("status <> 'closed'");
    JsonNode page = fx.json(path);
    JsonNode self = link(page, "self");
    assertThat(self.get("type").asText()).isEqualTo(GEOJSON);
    assertThat(self.get("href").asText()).isEqualTo(fx.app.url(path));
    assertThat(fx.json(fx.local(self.get("href").asText())).get("features")).isEqualTo(page.get("features"));
    for (JsonNode l : page.get("links")) {
      if (Set.of("self", "alternate").contains(l.get("rel").asText())) {
        assertThat(l.path("type").asText()).isNotBlank();
      }
    }
    // next links keep the selection and walk it exactly once; the last page has none.
    assertThat(fx.ids(path)).isEqualTo(fx.expect(f -> !f.data().status().equals("closed")));
    int matched = page.get("numberMatched").asInt();
    JsonNode last = fx.json(ITEMS + "?limit=25&bbox=119,35,122,37&filter=" + enc("status <> 'closed'")
        + "&offset=" + (matched - 3));
    assertThat(last.get("features")).hasSize(3);
    assertThat(links(last, "next")).isEmpty();
  }

  @Test
  @DisplayName("/req/core/fc-rel-type")
  void reqCoreFcRelType() throws Exception {
    List<JsonNode> documents = List.of(fx.json(ITEMS + "?limit=5"), fx.json(ITEMS + "?limit=5&offset=300"),
        fx.json(COMMUNITY_ITEMS), fx.json(ITEMS + "/" + fx.facilities.get(3).id()), fx.json("/ogc"),
        fx.json("/ogc/collections"), fx.json("/ogc/collections/facilities"));
    for (JsonNode doc : documents) {
      assertThat(doc.get("links")).isNotEmpty();
      for (JsonNode l : doc.get("links")) {
        assertThat(l.path("rel").asText()).as(l.toString()).isNotBlank();
        assertThat(l.path("type").asText()).as(l.toString()).isNotBlank();
        assertThat(l.path("href").asText()).as(l.toString()).startsWith("http://");
      }
    }
  }

  @Test
  @DisplayName("/req/core/fc-timeStamp")
  void reqCoreFcTimeStamp() throws Exception {
    Instant before = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    JsonNode page = fx.json(ITEMS + "?limit=3");
    Instant after = Instant.now();
    Instant stamp = OffsetDateTime.parse(page.get("timeStamp").asText()).toInstant();
    assertThat(stamp).isBetween(before, after);
  }

  @Test
  @DisplayName("/req/core/fc-numberMatched")
  void reqCoreFcNumberMatched() throws Exception {
    assertThat(fx.json(ITEMS).get("numberMatched").asLong())
        .isEqualTo(fx.sqlLong("SELECT count(*) FROM facility WHERE NOT deleted"));
    assertThat(fx.json(ITEMS + "?bbox=120.2,36.0,120.5,36.2").get("numberMatched").asLong())
        .isEqualTo(fx.sqlLong("SELECT count(*) FROM facility WHERE NOT deleted"
            + " AND ST_X(geom) BETWEEN 120.2 AND 120.5 AND ST_Y(geom) BETWEEN 36.0 AND 36.2"));
    assertThat(fx.json(ITEMS + "?datetime=" + enc("2019-01-01T12:00:00Z/..")).get("numberMatched").asLong())
        .isEqualTo(fx.sqlLong("SELECT count(*) FROM facility WHERE NOT deleted"
            + " AND (opened_on IS NULL OR opened_on >= DATE '2019-01-01')"));
    assertThat(fx.json(ITEMS + "?filter=" + enc("status = 'open' AND capacity >= 1000")).get("numberMatched").asLong())
        .isEqualTo(fx.sqlLong("SELECT count(*) FROM facility WHERE NOT deleted AND status = 'open' AND capacity >= 1000"));
    assertThat(fx.json(COMMUNITY_ITEMS).get("numberMatched").asLong())
        .isEqualTo(fx.sqlLong("SELECT count(*) FROM community"));
  }

  @Test
  @DisplayName("/req/core/fc-numberReturned")
  void reqCoreFcNumberReturned() throws Exception {
    int total = fx.facilities.size();
    for (String query : List.of("?limit=10", "?limit=10&offset=100", "?limit=10&offset=" + (total - 4),
        "?limit=10&offset=" + (total + 50), "?bbox=100,20,101,21", "?limit=1000")) {
      JsonNode page = fx.json(ITEMS + query);
      assertThat(page.get("numberReturned").asInt()).as(query).isEqualTo(page.get("features").size());
    }
    assertThat(fx.json(ITEMS + "?limit=10&offset=" + (total - 4)).get("numberReturned").asInt()).isEqualTo(4);
    assertThat(fx.json(ITEMS + "?limit=10&offset=" + (total + 50)).get("numberReturned").asInt()).isZero();
  }

  @Test
  @DisplayName("/req/core/f-op")
  void reqCoreFOp() throws Exception {
    for (JsonNode feature : fx.all(ITEMS + "?limit=100")) {
      String id = feature.get("id").asText();
      assertThat(fx.get(ITEMS + "/" + id).statusCode()).as(id).isEqualTo(200);
    }
    for (CityData.Community c : fx.communities) {
      assertThat(fx.get(COMMUNITY_ITEMS + "/" + c.code()).statusCode()).as(c.code()).isEqualTo(200);
    }
    for (String missing : List.of(ITEMS + "/" + fx.deleted.get(0).id(), ITEMS + "/999999999", ITEMS + "/abc",
        COMMUNITY_ITEMS + "/000000000000", "/ogc/collections/nowhere/items/1")) {
      HttpResponse<String> r = fx.get(missing);
      assertThat(r.statusCode()).as(missing).isEqualTo(404);
      assertThat(header(r, "Content-Type")).startsWith("application/problem+json");
    }
  }

  @Test
  @DisplayName("/req/core/f-success")
  void reqCoreFSuccess() throws Exception {
    for (String name : List.of(OgcFixture.APOSTROPHE_NAME, OgcFixture.BACKSLASH_NAME, fx.facilities.get(40).name())) {
      OgcFixture.Fac fac = fx.byName(name);
      HttpResponse<String> r = fx.get(ITEMS + "/" + fac.id());
      assertThat(r.statusCode()).isEqualTo(200);
      JsonNode f = RunningApp.json(r);
      assertThat(f.get("type").asText()).isEqualTo("Feature");
      assertThat(f.get("id").asLong()).isEqualTo(fac.id());
      JsonNode p = f.get("properties");
      assertThat(p.get("name").asText()).isEqualTo(fac.name());
      assertThat(p.get("status").asText()).isEqualTo(fac.data().status());
      assertThat(p.get("category").asText()).isEqualTo(fac.data().category());
      assertThat(p.get("address").asText(null)).isEqualTo(fac.data().address());
      assertThat(p.get("capacity").isNull() ? null : p.get("capacity").asInt()).isEqualTo(fac.data().capacity());
      assertThat(p.get("opened_on").isNull() ? null : LocalDate.parse(p.get("opened_on").asText()))
          .isEqualTo(fac.data().openedOn());
    }
    JsonNode village = fx.json(COMMUNITY_ITEMS + "/" + OgcFixture.VILLAGE_CODE);
    assertThat(village.get("id").asText()).isEqualTo(OgcFixture.VILLAGE_CODE);
    assertThat(village.at("/properties/name").asText()).isEqualTo(OgcFixture.VILLAGE_NAME);
    assertThat(village.at("/properties/district_name").asText()).isEqualTo("市北区");
  }

  @Test
  @DisplayName("/req/core/f-links")
  void reqCoreFLinks() throws Exception {
    for (String path : List.of(ITEMS + "/" + fx.facilities.get(7).id(), COMMUNITY_ITEMS + "/" + FixtureCity.communityCode(2))) {
      JsonNode f = fx.json(path);
      JsonNode self = link(f, "self");
      assertThat(self.get("type").asText()).isEqualTo(GEOJSON);
      assertThat(fx.local(self.get("href").asText())).isEqualTo(path);
      JsonNode collection = link(f, "collection");
      assertThat(collection.get("type").asText()).isEqualTo("application/json");
      JsonNode described = fx.json(fx.local(collection.get("href").asText()));
      assertThat(path).startsWith("/ogc/collections/" + described.get("id").asText() + "/items/");
      for (JsonNode l : f.get("links")) {
        assertThat(l.path("type").asText()).isNotBlank();
      }
    }
  }

  // ---- GeoJSON requirements class ----

  @Test
  @DisplayName("/req/geojson/definition")
  void reqGeojsonDefinition() throws Exception {
    Map<String, String> types = new LinkedHashMap<>();
    types.put(ITEMS, GEOJSON);
    types.put(ITEMS + "/" + fx.facilities.get(0).id(), GEOJSON);
    types.put(COMMUNITY_ITEMS, GEOJSON);
    types.put("/ogc", "application/json");
    types.put("/ogc/conformance", "application/json");
    types.put("/ogc/collections", "application/json");
    types.put("/ogc/collections/facilities", "application/json");
    for (var e : types.entrySet()) {
      HttpResponse<String> r = fx.get(e.getKey(), "Accept", e.getValue());
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(mediaType(header(r, "Content-Type"))).as(e.getKey()).isEqualTo(e.getValue());
      assertThat(fx.get(e.getKey() + "?f=json").statusCode()).isEqualTo(200);
    }
  }

  @Test
  @DisplayName("/req/geojson/content")
  void reqGeojsonContent() throws Exception {
    for (String path : List.of(ITEMS + "?limit=1000", COMMUNITY_ITEMS)) {
      JsonNode fc = fx.json(path);
      assertThat(fc.get("type").asText()).isEqualTo("FeatureCollection");
      assertThat(fc.has("crs")).isFalse();
      assertThat(fc.get("links").isArray()).as("links as a foreign member").isTrue();
      assertThat(fc.get("features")).isNotEmpty();
      fc.get("features").forEach(OgcCoreIT::assertRfc7946Feature);
    }
    JsonNode one = fx.json(ITEMS + "/" + fx.facilities.get(9).id());
    assertRfc7946Feature(one);
    assertThat(one.get("links").isArray()).isTrue();
    // The village's rings are stored clockwise; RFC 7946 3.1.6 wants exteriors counter-clockwise.
    JsonNode village = fx.json(COMMUNITY_ITEMS + "/" + OgcFixture.VILLAGE_CODE);
    assertRfc7946Feature(village);
    assertThat(village.at("/geometry/coordinates/0")).as("shell and hole").hasSize(2);
  }

  /** RFC 7946 section 3: a Feature with id, properties and a valid geometry in right-hand-rule order. */
  static void assertRfc7946Feature(JsonNode f) {
    assertThat(f.get("type").asText()).isEqualTo("Feature");
    assertThat(f.get("id").isNumber() || f.get("id").isTextual()).isTrue();
    assertThat(f.get("properties").isObject()).isTrue();
    assertThat(f.has("crs")).isFalse();
    JsonNode g = f.get("geometry");
    assertThat(g.has("crs")).isFalse();
    switch (g.get("type").asText()) {
      case "Point" -> assertPosition(g.get("coordinates"));
      case "MultiPolygon" -> {
        for (JsonNode polygon : g.get("coordinates")) {
          for (int i = 0; i < polygon.size(); i++) {
            JsonNode ring = polygon.get(i);
            assertThat(ring.size()).isGreaterThanOrEqualTo(4);
            ring.forEach(OgcCoreIT::assertPosition);
            assertThat(ring.get(0)).as("closed ring").isEqualTo(ring.get(ring.size() - 1));
            // Shoelace: positive area is counter-clockwise. Exterior CCW, holes CW.
            assertThat(signedArea(ring) > 0).as("ring %d of %s counter-clockwise", i, f.get("id")).isEqualTo(i == 0);
          }
        }
      }
      default -> throw new AssertionError("unexpected geometry " + g);
    }
  }

  private static void assertPosition(JsonNode p) {
    assertThat(p.isArray()).isTrue();
    assertThat(p.size()).isEqualTo(2);
    assertThat(p.get(0).isNumber() && p.get(1).isNumber()).isTrue();
    assertThat(p.get(0).asDouble()).isBetween(-180.0, 180.0);
    assertThat(p.get(1).asDouble()).isBetween(-90.0, 90.0);
  }

  private static double signedArea(JsonNode ring) {
    double sum = 0;
    for (int i = 0; i + 1 < ring.size(); i++) {
      sum += ring.get(i).get(0).asDouble() * ring.get(i + 1).get(1).asDouble()
          - ring.get(i + 1).get(0).asDouble() * ring.get(i).get(1).asDouble();
    }
    return sum / 2;
  }

  // ---- helpers ----

  private static CityData.Community community(String code) {
    return fx.communities.stream().filter(c -> c.code().equals(code)).findFirst().orElseThrow();
  }
}
