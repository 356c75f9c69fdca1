package linli.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import linli.registry.Database;
import linli.registry.city.CityData;
import linli.registry.city.CityLoader;
import linli.registry.testing.FixtureCity;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.MultiPolygon;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.Polygon;

/**
 * What the Ogc*IT classes share: the fixture city plus a few hundred facilities with Chinese
 * names, every status, capacities, areas, addresses and opening dates (some of each null), two
 * soft-deleted ones, an extra village drawn clockwise with a hole; the real server over it; and
 * small HTTP and SQL helpers. Expected answers are computed from the Java fixture values kept
 * here or with plain SQL, never through the code under test.
 */
final class OgcFixture implements AutoCloseable {
  static final String CRS84 = "http://www.opengis.net/def/crs/OGC/1.3/CRS84";
  static final String EPSG_4490 = "http://www.opengis.net/def/crs/EPSG/0/4490";
  static final String EPSG_4326 = "http://www.opengis.net/def/crs/EPSG/0/4326";
  static final String EPSG_4549 = "http://www.opengis.net/def/crs/EPSG/0/4549";
  static final String EPSG_3857 = "http://www.opengis.net/def/crs/EPSG/0/3857";
  /** CGCS2000 / 3-degree Gauss-Kruger zone 40, Qingdao's zone with the prefix 40 in the easting. */
  static final String EPSG_4528 = "http://www.opengis.net/def/crs/EPSG/0/4528";
  /** The named systems, then every other CGCS2000 Gauss-Krüger zone, EPSG:4491 to 4554. */
  static final List<String> ALL_CRS = java.util.stream.Stream.concat(
      java.util.stream.Stream.of(CRS84, EPSG_4490, EPSG_4326, EPSG_4549, EPSG_3857),
      java.util.stream.IntStream.rangeClosed(4491, 4554).filter(srid -> srid != 4549)
          .mapToObj(srid -> "http://www.opengis.net/def/crs/EPSG/0/" + srid)).toList();
  static final String QUERYABLES_REL = "http://www.opengis.net/def/rel/ogc/1.0/queryables";
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  static final String ITEMS = "/ogc/collections/facilities/items";
  static final String COMMUNITY_ITEMS = "/ogc/collections/communities/items";

  /** Special facilities the tests look for by name. */
  static final String PERCENT_NAME = "百分之百%便民服务点";
  static final String UNDERSCORE_NAME = "老年_活动室";
  static final String APOSTROPHE_NAME = "O'Neil国际社区服务站";
  static final String BACKSLASH_NAME = "反斜杠\\驿站";
  static final String MERIDIAN_NAME = "中央子午线测试点";
  /** The extra community: a village whose rings are drawn against RFC 7946's right-hand rule. */
  static final String VILLAGE_CODE = "370203001099";
  static final String VILLAGE_NAME = "王哥庄村";

  private static final String[] PLACES = {"八大峡", "台东", "浮山后", "湛山", "四方", "李村", "沙子口", "王哥庄",
      "薛家岛", "即墨古城", "城阳", "流亭"};
  private static final String[] KINDS = {"社区食堂", "养老服务站", "应急避难场所", "警务室", "文化活动室", "健身广场",
      "卫生服务站", "儿童之家"};
  static final List<String> CATEGORIES = List.of("emergency_shelter", "police_office", "science_site",
      "fitness_venue", "culture_room", "community_school", "health_station", "community_hospital", "psych_service",
      "employment_service", "disability_home", "minors_station", "children_venue", "elderly_care_center",
      "elderly_care_station", "meal_point", "legal_service", "party_service_center");
  static final List<String> STATUSES = List.of("planned", "building", "open", "closed");
  private static final int RANDOM_FACILITIES = 300;

  /** A facility as loaded, with the id the database gave it. */
  record Fac(long id, CityData.Facility data) {
    double lon() {
      return data.geom().getX();
    }

    double lat() {
      return data.geom().getY();
    }

    String name() {
      return data.name();
    }
  }

  final Database db;
  final RunningApp app;
  /** Facilities that are not deleted, by id. */
  final List<Fac> facilities;
  final List<Fac> deleted;
  final List<CityData.Community> communities;

  private OgcFixture(Database db, List<Fac> facilities, List<Fac> deleted, List<CityData.Community> communities) {
    this.db = db;
    this.facilities = List.copyOf(facilities);
    this.deleted = List.copyOf(deleted);
    this.communities = List.copyOf(communities);
    this.app = new RunningApp(db);
  }

  /** Loads the fixture into the class's database and starts the server over it. */
  static OgcFixture load(Database db) throws Exception {
    CityData base = FixtureCity.build();
    List<CityData.Facility> all = new ArrayList<>(base.facilities());
    Random random = new Random(20240601);
    for (int i = 0; i < RANDOM_FACILITIES; i++) {
      // A third inside the fixture city's squares, the rest scattered over the Qingdao region.
      Point at = i % 3 == 0
          ? FixtureCity.point(120.30 + random.nextDouble() * 0.0672, 36.10 + random.nextDouble() * 0.009)
          : FixtureCity.point(119.95 + random.nextDouble(), 35.85 + random.nextDouble() * 0.7);
      String name = PLACES[i % PLACES.length] + KINDS[(i / PLACES.length) % KINDS.length] + (i + 1) + "号";
      Integer capacity = i % 9 == 4 ? null : random.nextInt(2001);
      Double area = i % 11 == 5 ? null : Math.round((20 + random.nextDouble() * 4980) * 100) / 100.0;
      LocalDate opened = i % 7 == 3 ? null : LocalDate.of(2010, 1, 1).plusDays(random.nextInt(5479));
      String address = i % 5 == 2 ? null : "青岛市" + PLACES[(i * 7) % PLACES.length] + "路" + (i + 1) + "号";
      all.add(new CityData.Facility(CATEGORIES.get(random.nextInt(CATEGORIES.size())), name, address,
          STATUSES.get(random.nextInt(STATUSES.size())), capacity, area, null, opened, "ogc", "r" + i, at));
    }
    // Boundary values for BETWEEN/IN, and names that need escaping in CQL2 text.
    all.add(special("s1", PERCENT_NAME, "open", 100, LocalDate.of(2020, 1, 1), FixtureCity.point(120.31, 36.102)));
    all.add(special("s2", UNDERSCORE_NAME, "planned", 500, LocalDate.of(2020, 12, 31),
        FixtureCity.point(120.35, 36.105)));
    all.add(special("s3", APOSTROPHE_NAME, "building", 0, LocalDate.of(2018, 5, 20), FixtureCity.point(120.42, 36.07)));
    all.add(special("s4", BACKSLASH_NAME, "closed", null, null, FixtureCity.point(120.38, 36.2)));
    // On the central meridian of EPSG:4549 (120°E): its easting must be exactly 500000 m.
    all.add(special("s5", MERIDIAN_NAME, "open", 30, LocalDate.of(2015, 7, 1), FixtureCity.point(120.0, 36.0)));

    List<CityData.Community> communities = new ArrayList<>(base.communities());
    communities.add(new CityData.Community(VILLAGE_CODE, VILLAGE_NAME, "village", "370203001", 800, 2, true,
        FixtureCity.point(120.601, 36.201), clockwiseVillage()));
    CityData city = new CityData(base.districts(), base.streets(), communities, all, List.of());
    new CityLoader(db.dataSource()).load(city);

    // Two soft-deleted facilities: the OGC API must never show them.
    Set<String> deletedIds = Set.of("r5", "r6");
    execute(db, "UPDATE facility SET deleted = true, version = version + 1 WHERE source = 'ogc' AND source_id IN ('r5', 'r6')");

    Map<String, Long> ids = new HashMap<>();
    try (Connection c = db.dataSource().getConnection();
        PreparedStatement ps = c.prepareStatement("SELECT source || '/' || source_id, id FROM facility");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        ids.put(rs.getString(1), rs.getLong(2));
      }
    }
    List<Fac> live = new ArrayList<>();
    List<Fac> gone = new ArrayList<>();
    for (CityData.Facility f : all) {
      Fac fac = new Fac(ids.get(f.source() + "/" + f.sourceId()), f);
      (f.source().equals("ogc") && deletedIds.contains(f.sourceId()) ? gone : live).add(fac);
    }
    assertThat(live).hasSize(all.size() - 2);
    return new OgcFixture(db, live, gone, communities);
  }

  private static CityData.Facility special(String id, String name, String status, Integer capacity, LocalDate opened,
      Point at) {
    return new CityData.Facility("meal_point", name, "青岛市市南区特殊路" + id + "号", status, capacity, 250.5, null, opened,
        "ogc", id, at);
  }

  /** A square village with a square hole: shell clockwise, hole counter-clockwise (RFC 7946 wants the reverse). */
  private static MultiPolygon clockwiseVillage() {
    LinearRing shell = FixtureCity.GEOMETRY.createLinearRing(new Coordinate[] {
        new Coordinate(120.60, 36.20), new Coordinate(120.60, 36.21), new Coordinate(120.62, 36.21),
        new Coordinate(120.62, 36.20), new Coordinate(120.60, 36.20)});
    LinearRing hole = FixtureCity.GEOMETRY.createLinearRing(new Coordinate[] {
        new Coordinate(120.605, 36.202), new Coordinate(120.615, 36.202), new Coordinate(120.615, 36.208),
        new Coordinate(120.605, 36.208), new Coordinate(120.605, 36.202)});
    Polygon polygon = FixtureCity.GEOMETRY.createPolygon(shell, new LinearRing[] {hole});
    MultiPolygon mp = FixtureCity.GEOMETRY.createMultiPolygon(new Polygon[] {polygon});
    mp.setSRID(4490);
    return mp;
  }

  @Override
  public void close() {
    app.close();
  }

  // ---- expectations from the fixture values ----

  /** Ids of live facilities for which {@code test} holds, computed in Java. */
  Set<Long> expect(Predicate<Fac> test) {
    return facilities.stream().filter(test).map(Fac::id).collect(Collectors.toCollection(TreeSet::new));
  }

  Fac byName(String name) {
    return facilities.stream().filter(f -> f.name().equals(name)).findFirst().orElseThrow();
  }

  static boolean inBox(Fac f, double minLon, double minLat, double maxLon, double maxLat) {
    return f.lon() >= minLon && f.lon() <= maxLon && f.lat() >= minLat && f.lat() <= maxLat;
  }

  // ---- HTTP ----

  HttpResponse<String> get(String path, String... headers) throws Exception {
    return app.get(path, headers);
  }

  /** Any method, e.g. HEAD, which RunningApp does not offer. */
  HttpResponse<String> send(String method, String path, String... headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(app.url(path)))
        .method(method, HttpRequest.BodyPublishers.noBody());
    if (headers.length > 0) {
      b.headers(headers);
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** GET that must answer 200; the body as JSON. */
  JsonNode json(String path) throws Exception {
    HttpResponse<String> r = app.get(path);
    assertThat(r.statusCode()).as("GET %s: %s", path, r.body()).isEqualTo(200);
    return RunningApp.json(r);
  }

  /** Query-parameter encoding: spaces as %20 so that the server sees exactly what we mean. */
  static String enc(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /** Every feature of a request, following next links (at most 1000 pages, no page seen twice). */
  List<JsonNode> all(String path) throws Exception {
    List<JsonNode> features = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    String next = path;
    while (next != null) {
      assertThat(seen.add(next)).as("next link loops back to %s", next).isTrue();
      assertThat(seen.size()).isLessThan(1000);
      JsonNode page = json(next);
      page.get("features").forEach(features::add);
      next = null;
      for (JsonNode link : page.get("links")) {
        if (link.path("rel").asText().equals("next")) {
          next = link.get("href").asText();
        }
      }
    }
    return features;
  }

  /** The numeric ids of features (facilities), in order, duplicates kept out by the caller's assertions. */
  static List<Long> idList(Collection<JsonNode> features) {
    return features.stream().map(f -> f.get("id").asLong()).toList();
  }

  /** The ids of facilities matching a whole request (all pages), checking no feature comes twice. */
  Set<Long> ids(String path) throws Exception {
    List<Long> list = idList(all(path));
    Set<Long> set = new TreeSet<>(list);
    assertThat(set).as("no feature twice in %s", path).hasSameSizeAs(list);
    return set;
  }

  /** The facility ids that a CQL2 text filter (plus optional extra query) selects. */
  Set<Long> filtered(String cql2, String... extra) throws Exception {
    StringBuilder path = new StringBuilder(ITEMS + "?limit=1000&filter=" + enc(cql2));
    for (String e : extra) {
      path.append('&').append(e);
    }
    return ids(path.toString());
  }

  static List<String> links(JsonNode body, String rel) {
    List<String> hrefs = new ArrayList<>();
    for (JsonNode link : body.path("links")) {
      if (link.path("rel").asText().equals(rel)) {
        hrefs.add(link.path("href").asText());
      }
    }
    return hrefs;
  }

  static JsonNode link(JsonNode body, String rel) {
    for (JsonNode link : body.path("links")) {
      if (link.path("rel").asText().equals(rel)) {
        return link;
      }
    }
    throw new AssertionError("no link with rel " + rel + " in " + body.path("links"));
  }

  /** The path and query of an absolute link on this server. */
  String local(String href) {
    String root = app.url("");
    assertThat(href).as("link on this server").startsWith(root);
    return href.substring(root.length());
  }

  /** A parameter of an operation of the API definition, {@code $ref}s resolved. */
  static JsonNode parameter(JsonNode api, String path, String name) {
    for (JsonNode p : api.at("/paths/" + path.replace("~", "~0").replace("/", "~1") + "/get/parameters")) {
      JsonNode resolved = resolve(api, p);
      if (resolved.path("name").asText().equals(name)) {
        return resolved;
      }
    }
    throw new AssertionError("no parameter " + name + " on " + path);
  }

  /** A JSON reference within the document ("#/components/..."), or the node itself. */
  static JsonNode resolve(JsonNode api, JsonNode node) {
    JsonNode ref = node.get("$ref");
    if (ref == null) {
      return node;
    }
    assertThat(ref.asText()).startsWith("#/");
    JsonNode target = api.at(ref.asText().substring(1));
    assertThat(target.isMissingNode()).as("$ref %s resolves", ref).isFalse();
    return target;
  }

  static String mediaType(String contentType) {
    return contentType == null ? null
        : contentType.replaceAll(";\\s*charset=[^;]*", "").replace(" ", "").toLowerCase();
  }

  static void assertProblem(HttpResponse<String> r, int status, String field, String what) throws Exception {
    assertThat(r.statusCode()).as("%s: %s", what, r.body()).isEqualTo(status);
    assertThat(header(r, "Content-Type")).as(what).startsWith("application/problem+json");
    JsonNode body = RunningApp.json(r);
    assertThat(body.get("status").asInt()).isEqualTo(status);
    if (field != null) {
      assertThat(body.at("/errors/0/field").asText()).as(what).isEqualTo(field);
    }
  }

  static String header(HttpResponse<?> r, String name) {
    return r.headers().firstValue(name).orElse(null);
  }

  // ---- SQL ----

  long sqlLong(String sql, Object... params) throws SQLException {
    List<Object> rows = sqlColumn(sql, params);
    assertThat(rows).hasSize(1);
    return ((Number) rows.get(0)).longValue();
  }

  double sqlDouble(String sql, Object... params) throws SQLException {
    List<Object> rows = sqlColumn(sql, params);
    assertThat(rows).hasSize(1);
    return ((Number) rows.get(0)).doubleValue();
  }

  /** The first column of every row. */
  List<Object> sqlColumn(String sql, Object... params) throws SQLException {
    try (Connection c = db.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) {
        ps.setObject(i + 1, params[i]);
      }
      List<Object> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(rs.getObject(1));
        }
      }
      return out;
    }
  }

  Set<Long> sqlIds(String sql, Object... params) throws SQLException {
    return sqlColumn(sql, params).stream().map(o -> ((Number) o).longValue())
        .collect(Collectors.toCollection(TreeSet::new));
  }

  void execute(String sql) throws SQLException {
    execute(db, sql);
  }

  private static void execute(Database db, String sql) throws SQLException {
    try (Connection c = db.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
      ps.execute();
    }
  }

  static Set<String> names(Collection<JsonNode> features) {
    return features.stream().map(f -> f.at("/properties/name").asText()).collect(Collectors.toCollection(LinkedHashSet::new));
  }
}
