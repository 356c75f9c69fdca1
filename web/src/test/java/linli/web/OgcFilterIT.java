package linli.web;

import static linli.web.OgcFixture.COMMUNITY_ITEMS;
import static linli.web.OgcFixture.CRS84;
import static linli.web.OgcFixture.EPSG_3857;
import static linli.web.OgcFixture.EPSG_4490;
import static linli.web.OgcFixture.EPSG_4549;
import static linli.web.OgcFixture.ITEMS;
import static linli.web.OgcFixture.QUERYABLES_REL;
import static linli.web.OgcFixture.assertProblem;
import static linli.web.OgcFixture.enc;
import static linli.web.OgcFixture.header;
import static linli.web.OgcFixture.inBox;
import static linli.web.OgcFixture.link;
import static linli.web.OgcFixture.mediaType;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import linli.registry.Database;
import linli.registry.testing.PostgisExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * OGC API - Features - Part 3: Filtering, requirements classes Queryables, Filter and Features
 * Filter. Expected results are computed from the fixture's values in Java; the database's own
 * catalogue (information_schema) is the truth for queryable types.
 */
@ExtendWith(PostgisExtension.class)
class OgcFilterIT {
  private static final String SCHEMA_JSON = "application/schema+json";
  private static OgcFixture fx;

  @BeforeAll
  static void load(Database db) throws Exception {
    fx = OgcFixture.load(db);
  }

  @AfterAll
  static void stop() {
    fx.close();
  }

  // ---- Queryables ----

  @Test
  @DisplayName("/req/queryables/get-queryables-op")
  void reqQueryablesGetQueryablesOp() throws Exception {
    for (JsonNode c : fx.json("/ogc/collections").get("collections")) {
      String id = c.get("id").asText();
      JsonNode rel = link(c, QUERYABLES_REL);
      assertThat(rel.get("href").asText()).isEqualTo(fx.app.url("/ogc/collections/" + id + "/queryables"));
      HttpResponse<String> r = fx.get(fx.local(rel.get("href").asText()), "Accept", SCHEMA_JSON);
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(mediaType(header(r, "Content-Type"))).isEqualTo(SCHEMA_JSON);
    }
    assertThat(fx.get("/ogc/collections/nowhere/queryables").statusCode()).isEqualTo(404);
  }

  @Test
  @DisplayName("/req/queryables/get-queryables-response")
  void reqQueryablesGetQueryablesResponse() throws Exception {
    // The truth: each queryable's column and its SQL type in the catalogue.
    Map<String, Map<String, String>> columns = Map.of(
        "facilities", Map.ofEntries(Map.entry("category", "facility.category"), Map.entry("name", "facility.name"),
            Map.entry("address", "facility.address"), Map.entry("phone", "facility.phone"),
            Map.entry("management_unit", "facility.management_unit"), Map.entry("status", "facility.status"),
            Map.entry("capacity", "facility.capacity"), Map.entry("area_m2", "facility.area_m2"),
            Map.entry("community_code", "facility.community_code"), Map.entry("opened_on", "facility.opened_on"),
            Map.entry("source", "facility.source"), Map.entry("source_id", "facility.source_id"),
            Map.entry("version", "facility.version"), Map.entry("updated_at", "facility.updated_at"),
            Map.entry("updated_by", "facility.updated_by"), Map.entry("geometry", "facility.geom")),
        "communities", Map.ofEntries(Map.entry("code", "community.code"), Map.entry("name", "community.name"),
            Map.entry("kind", "community.kind"), Map.entry("street_code", "street.code"),
            Map.entry("street_name", "street.name"), Map.entry("district_code", "district.code"),
            Map.entry("district_name", "district.name"), Map.entry("population", "community.population"),
            Map.entry("workers", "community.workers"), Map.entry("smart", "community.smart"),
            // The committee office's coordinates are computed from its point: no column to ask.
            Map.entry("ref_lon", "=number"), Map.entry("ref_lat", "=number"),
            Map.entry("geometry", "community.geom")));
    for (var collection : columns.entrySet()) {
      String url = "/ogc/collections/" + collection.getKey() + "/queryables";
      JsonNode schema = RunningApp.json(fx.get(url + "?f=json"));
      assertThat(schema.get("$schema").asText())
          .isIn("https://json-schema.org/draft/2019-09/schema", "https://json-schema.org/draft/2020-12/schema");
      assertThat(schema.get("$id").asText()).as("the URI without query parameters").isEqualTo(fx.app.url(url));
      assertThat(schema.get("type").asText()).isEqualTo("object");
      Set<String> names = new TreeSet<>();
      schema.get("properties").fieldNames().forEachRemaining(names::add);
      assertThat(names).isEqualTo(collection.getValue().keySet());
      for (String name : names) {
        JsonNode p = schema.get("properties").get(name);
        String declared = collection.getValue().get(name);
        String[] column = declared.split("\\.");
        String sqlType = declared.startsWith("=") ? declared : (String) fx.sqlColumn("SELECT data_type FROM information_schema.columns"
            + " WHERE table_name = ? AND column_name = ?", column[0], column[1]).get(0);
        String expected = switch (sqlType) {
          case "integer", "bigint" -> "integer";
          case "double precision", "numeric" -> "number";
          case "boolean" -> "boolean";
          case "date" -> "string/date";
          case "timestamp with time zone" -> "string/date-time";
          case "text", "character", "character varying" -> "string";
          case "=number" -> "number";
          case "USER-DEFINED" -> "/geometry-" + (collection.getKey().equals("facilities") ? "point" : "multipolygon");
          default -> throw new AssertionError(sqlType);
        };
        assertThat(p.path("type").asText() + (p.has("format") ? "/" + p.get("format").asText() : ""))
            .as("%s.%s (%s)", collection.getKey(), name, sqlType).isEqualTo(expected);
        // Each queryable really can be used in a filter.
        String all = "\"" + name + "\" IS NULL OR \"" + name + "\" IS NOT NULL";
        JsonNode page = fx.json("/ogc/collections/" + collection.getKey() + "/items?limit=1&filter=" + enc(all));
        assertThat(page.get("numberMatched").asLong()).as(name).isEqualTo(fx.json(
            "/ogc/collections/" + collection.getKey() + "/items?limit=1").get("numberMatched").asLong());
      }
      // Nothing else is queryable ("additionalProperties": false).
      assertThat(schema.get("additionalProperties").asBoolean(true)).isFalse();
    }
    for (String hidden : List.of("deleted", "id", "extra", "created_at")) {
      assertProblem(fx.get(ITEMS + "?filter=" + enc(hidden + " IS NULL")), 400, "filter", hidden);
    }
  }

  @Test
  @DisplayName("/req/queryables/queryables-link")
  void reqQueryablesQueryablesLink() throws Exception {
    for (String id : List.of("facilities", "communities")) {
      String queryables = fx.app.url("/ogc/collections/" + id + "/queryables");
      JsonNode collection = fx.json("/ogc/collections/" + id);
      assertThat(link(collection, QUERYABLES_REL).get("href").asText()).isEqualTo(queryables);
      assertThat(link(collection, QUERYABLES_REL).get("type").asText()).isEqualTo(SCHEMA_JSON);
      // The filterable resource, items, links to it in its body and in a Link header.
      HttpResponse<String> items = fx.get("/ogc/collections/" + id + "/items?limit=1");
      assertThat(link(RunningApp.json(items), QUERYABLES_REL).get("href").asText()).isEqualTo(queryables);
      assertThat(header(items, "Link")).contains("<" + queryables + ">").contains("rel=\"" + QUERYABLES_REL + "\"");
    }
  }

  // ---- Filter ----

  @Test
  @DisplayName("/req/filter/filter-param")
  void reqFilterFilterParam() throws Exception {
    JsonNode p = itemsParameter("filter");
    assertThat(p.get("in").asText()).isEqualTo("query");
    assertThat(p.path("required").asBoolean(false)).isFalse();
    assertThat(p.at("/schema/type").asText()).isEqualTo("string");
    assertThat(p.path("style").asText("form")).isEqualTo("form");
    assertThat(p.path("explode").asBoolean(false)).isFalse();
    assertThat(fx.filtered("status = 'building'")).isEqualTo(fx.expect(f -> f.data().status().equals("building")))
        .isNotEmpty();
  }

  @Test
  @DisplayName("/req/filter/filter-lang-param")
  void reqFilterFilterLangParam() throws Exception {
    JsonNode p = itemsParameter("filter-lang");
    assertThat(p.get("in").asText()).isEqualTo("query");
    assertThat(p.path("required").asBoolean(false)).isFalse();
    // The enum lists exactly the encodings the server takes; the default is what it assumes.
    assertThat(p.at("/schema/enum").toString()).isEqualTo("[\"cql2-text\"]");
    assertThat(p.at("/schema/default").asText()).isEqualTo("cql2-text");
    Set<Long> assumed = fx.filtered("capacity >= 1500");
    assertThat(assumed).isEqualTo(fx.filtered("capacity >= 1500", "filter-lang=cql2-text"))
        .isEqualTo(fx.expect(f -> f.data().capacity() != null && f.data().capacity() >= 1500));
    assertProblem(fx.get(ITEMS + "?filter-lang=cql2-json&filter=" + enc("{\"op\":\"=\",\"args\":[{\"property\":\"status\"},\"open\"]}")),
        400, "filter-lang", "cql2-json");
  }

  @Test
  @DisplayName("/req/filter/filter-crs-param")
  void reqFilterFilterCrsParam() throws Exception {
    JsonNode p = itemsParameter("filter-crs");
    assertThat(p.get("in").asText()).isEqualTo("query");
    assertThat(p.path("required").asBoolean(false)).isFalse();
    assertThat(p.at("/schema/type").asText()).isEqualTo("string");
    assertThat(p.at("/schema/format").asText()).isIn("uri", "uri-reference");
    // B: the filter's geometries are read in filter-crs. One rectangle, four ways of writing it.
    double minLon = 120.25;
    double minLat = 36.05;
    double maxLon = 120.45;
    double maxLat = 36.25;
    for (OgcFixture.Fac f : fx.facilities) {
      // Keep the expectation exact: nothing lies within 10 cm of an edge.
      assertThat(Math.min(Math.abs(f.lon() - minLon), Math.abs(f.lon() - maxLon))).isGreaterThan(1e-6);
      assertThat(Math.min(Math.abs(f.lat() - minLat), Math.abs(f.lat() - maxLat))).isGreaterThan(1e-6);
    }
    Set<Long> expected = fx.expect(f -> inBox(f, minLon, minLat, maxLon, maxLat));
    assertThat(expected).hasSizeGreaterThan(20);
    assertThat(spatial(polygon(minLon, minLat, maxLon, maxLat, false), null)).isEqualTo(expected);
    assertThat(spatial(polygon(minLat, minLon, maxLat, maxLon, false), EPSG_4490)).isEqualTo(expected);
    double[] sw = OgcCrsIT.mercator(minLon, minLat);
    double[] ne = OgcCrsIT.mercator(maxLon, maxLat);
    assertThat(spatial(polygon(sw[0], sw[1], ne[0], ne[1], false), EPSG_3857)).isEqualTo(expected);
    // EPSG:4549, northing first: a point on the central meridian finds the facility there.
    double[] meridian = OgcCrsIT.gaussKruger(120.0, 36.0);
    assertThat(spatial("BBOX(" + (meridian[0] - 1) + ", 499999, " + (meridian[0] + 1) + ", 500001)", EPSG_4549))
        .containsExactly(fx.byName(OgcFixture.MERIDIAN_NAME).id());
    // C: a CRS the server does not offer is an error.
    assertProblem(fx.get(ITEMS + "?filter-crs=" + enc("http://www.opengis.net/def/crs/EPSG/0/32651") + "&filter="
        + enc("S_INTERSECTS(geometry, POINT(500000 4000000))")), 400, "filter-crs", "unsupported filter-crs");
  }

  @Test
  @DisplayName("/req/filter/filter-crs-wgs84")
  void reqFilterFilterCrsWgs84() throws Exception {
    Set<Long> expected = fx.expect(f -> inBox(f, 120.3, 36.1, 120.7, 36.5));
    assertThat(spatial(polygon(120.3, 36.1, 120.7, 36.5, false), null)).isEqualTo(expected)
        .isEqualTo(spatial(polygon(120.3, 36.1, 120.7, 36.5, false), CRS84));
    // Without filter-crs, latitude-first numbers are read as longitude/latitude: out of range.
    assertProblem(fx.get(ITEMS + "?filter=" + enc("S_INTERSECTS(geometry, " + polygon(36.1, 120.3, 36.5, 120.7, false)
        + ")")), 400, "filter", "lat/lon in CRS84");
  }

  @Test
  @DisplayName("/req/filter/response")
  void reqFilterResponse() throws Exception {
    Set<Long> open = fx.filtered("status = 'open'");
    Set<Long> notOpen = fx.filtered("NOT (status = 'open')");
    // TRUE: included; FALSE: excluded; every feature is one or the other.
    assertThat(open).isEqualTo(fx.expect(f -> f.data().status().equals("open")));
    assertThat(notOpen).isEqualTo(fx.expect(f -> !f.data().status().equals("open")));
    Set<Long> union = new TreeSet<>(open);
    union.addAll(notOpen);
    assertThat(union).isEqualTo(fx.expect(f -> true));
    assertThat(fx.filtered("TRUE")).isEqualTo(fx.expect(f -> true));
    assertThat(fx.filtered("FALSE")).isEmpty();
  }

  @Test
  @DisplayName("/req/filter/mixing-expressions")
  void reqFilterMixingExpressions() throws Exception {
    String bbox = "bbox=120.0,36.0,120.6,36.4";
    String datetime = "datetime=" + enc("2014-01-01T12:00:00Z/2022-12-31T12:00:00Z");
    String filter = "status IN ('open', 'building') OR capacity < 300";
    Set<Long> byBbox = fx.ids(ITEMS + "?limit=1000&" + bbox);
    Set<Long> byTime = fx.ids(ITEMS + "?limit=1000&" + datetime);
    Set<Long> byFilter = fx.filtered(filter);
    Set<Long> all = fx.filtered(filter, bbox, datetime);
    // The three selections are connected with AND: the intersection, and not empty.
    Set<Long> intersection = new TreeSet<>(byBbox);
    intersection.retainAll(byTime);
    intersection.retainAll(byFilter);
    assertThat(all).isEqualTo(intersection).isNotEmpty();
    assertThat(all).isEqualTo(fx.expect(f -> inBox(f, 120.0, 36.0, 120.6, 36.4)
        && (f.data().openedOn() == null || (!f.data().openedOn().isBefore(LocalDate.of(2014, 1, 1))
            && !f.data().openedOn().isAfter(LocalDate.of(2022, 12, 31))))
        && (Set.of("open", "building").contains(f.data().status())
            || (f.data().capacity() != null && f.data().capacity() < 300))));
    assertThat(all.size()).isLessThan(Math.min(byBbox.size(), Math.min(byTime.size(), byFilter.size())));
  }

  // ---- Features Filter ----

  @Test
  @DisplayName("/req/features-filter/filter-param")
  void reqFeaturesFilterFilterParam() throws Exception {
    assertThat(itemsParameter("filter").get("name").asText()).isEqualTo("filter");
    // On the items of every collection.
    assertThat(fx.filtered("category = 'meal_point' AND capacity IS NOT NULL"))
        .isEqualTo(fx.expect(f -> f.data().category().equals("meal_point") && f.data().capacity() != null));
    Set<String> codes = new TreeSet<>();
    fx.json(COMMUNITY_ITEMS + "?filter=" + enc("population > 3000")).get("features")
        .forEach(f -> codes.add(f.get("id").asText()));
    Set<String> expected = new TreeSet<>();
    fx.communities.stream().filter(c -> c.population() > 3000).forEach(c -> expected.add(c.code()));
    assertThat(codes).isEqualTo(expected).hasSize(3);
  }

  @Test
  @DisplayName("/req/features-filter/filter-lang-param")
  void reqFeaturesFilterFilterLangParam() throws Exception {
    assertThat(itemsParameter("filter-lang").at("/schema/default").asText()).isEqualTo("cql2-text");
    assertThat(fx.json(COMMUNITY_ITEMS + "?filter-lang=cql2-text&filter=" + enc("kind = 'village'"))
        .get("numberMatched").asLong()).isEqualTo(fx.communities.stream().filter(c -> c.kind().equals("village")).count());
  }

  @Test
  @DisplayName("/req/features-filter/filter-crs-param")
  void reqFeaturesFilterFilterCrsParam() throws Exception {
    // The named systems and every CGCS2000 Gauss-Krüger zone (EPSG:4491-4554).
    assertThat(itemsParameter("filter-crs").at("/schema/enum")).hasSize(5 + 63)
        .anyMatch(v -> v.asText().equals("http://www.opengis.net/def/crs/EPSG/0/4528"));
    // Communities containing a point given latitude first.
    JsonNode hit = fx.json(COMMUNITY_ITEMS + "?filter-crs=" + enc(EPSG_4490) + "&filter="
        + enc("S_INTERSECTS(geometry, POINT(36.105 120.32))"));
    assertThat(hit.get("features")).hasSize(1);
    assertThat(hit.at("/features/0/id").asText()).isEqualTo(linli.registry.testing.FixtureCity.communityCode(1));
  }

  @Test
  @DisplayName("/req/features-filter/queryables-link")
  void reqFeaturesFilterQueryablesLink() throws Exception {
    for (JsonNode c : fx.json("/ogc/collections").get("collections")) {
      assertThat(fx.get(fx.local(link(c, QUERYABLES_REL).get("href").asText())).statusCode()).isEqualTo(200);
    }
  }

  @Test
  @DisplayName("/req/features-filter/response")
  void reqFeaturesFilterResponse() throws Exception {
    // A-D: the filter and every other selection parameter hold for each feature returned, on every page.
    String query = ITEMS + "?limit=9&bbox=119.9,35.8,121,36.6&datetime=" + enc("../2021-06-30T12:00:00Z")
        + "&filter=" + enc("opened_on >= DATE('2016-01-01') AND name LIKE '%站%'");
    Set<Long> got = fx.ids(query);
    assertThat(got).isEqualTo(fx.expect(f -> inBox(f, 119.9, 35.8, 121, 36.6)
        && f.data().openedOn() != null && !f.data().openedOn().isBefore(LocalDate.of(2016, 1, 1))
        && !f.data().openedOn().isAfter(LocalDate.of(2021, 6, 30)) && f.name().contains("站"))).isNotEmpty();
    // E: invalid filter, filter-lang or filter-crs values are 400s.
    Map<String, String> invalid = new LinkedHashMap<>();
    invalid.put("filter=" + enc("status = "), "filter");
    invalid.put("filter=" + enc("status = 'open' AND"), "filter");
    invalid.put("filter=" + enc("capacity = 'many'"), "filter");
    invalid.put("filter=" + enc("S_INTERSECTS(geometry, POLYGON((0 0, 1 1, 1 0, 0 1, 0 0)))"), "filter");
    invalid.put("filter=" + enc("T_AFTER(opened_on, DATE('2020-01-01'))"), "filter");
    invalid.put("filter-lang=ecql&filter=" + enc("status = 'open'"), "filter-lang");
    invalid.put("filter-crs=nonsense&filter=" + enc("status = 'open'"), "filter-crs");
    // Coordinates where the filter CRS is not defined: the client's mistake, not an outage.
    invalid.put("filter-crs=" + enc(EPSG_4549) + "&filter=" + enc("S_INTERSECTS(geometry, POINT(1e9 1e9))"), "filter");
    invalid.put("filter-crs=" + enc(EPSG_3857) + "&filter=" + enc("S_INTERSECTS(geometry, POINT(0 1e12))"), "filter");
    for (var e : invalid.entrySet()) {
      assertProblem(fx.get(ITEMS + "?" + e.getKey()), 400, e.getValue(), e.getKey());
    }
    assertThat(new HashSet<>(fx.filtered("name LIKE '%站%'"))).containsAll(got);
  }

  // ---- helpers ----

  private static JsonNode itemsParameter(String name) throws Exception {
    return OgcFixture.parameter(fx.json("/ogc/api"), "/collections/{collectionId}/items", name);
  }

  /** The facilities whose geometry intersects a literal, with an optional filter-crs. */
  private static Set<Long> spatial(String literal, String filterCrs) throws Exception {
    String cql = "S_INTERSECTS(geometry, " + literal + ")";
    return filterCrs == null ? fx.filtered(cql) : fx.filtered(cql, "filter-crs=" + enc(filterCrs));
  }

  /** A rectangle as a WKT polygon, counter-clockwise unless {@code clockwise}. */
  static String polygon(double x0, double y0, double x1, double y1, boolean clockwise) {
    return clockwise
        ? "POLYGON((" + x0 + " " + y0 + ", " + x0 + " " + y1 + ", " + x1 + " " + y1 + ", " + x1 + " " + y0 + ", " + x0 + " " + y0 + "))"
        : "POLYGON((" + x0 + " " + y0 + ", " + x1 + " " + y0 + ", " + x1 + " " + y1 + ", " + x0 + " " + y1 + ", " + x0 + " " + y0 + "))";
  }
}
