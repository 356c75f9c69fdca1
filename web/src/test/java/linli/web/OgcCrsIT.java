package linli.web;

import static linli.web.OgcFixture.ALL_CRS;
import static linli.web.OgcFixture.COMMUNITY_ITEMS;
import static linli.web.OgcFixture.CRS84;
import static linli.web.OgcFixture.EPSG_3857;
import static linli.web.OgcFixture.EPSG_4326;
import static linli.web.OgcFixture.EPSG_4490;
import static linli.web.OgcFixture.EPSG_4528;
import static linli.web.OgcFixture.EPSG_4549;
import static linli.web.OgcFixture.ITEMS;
import static linli.web.OgcFixture.assertProblem;
import static linli.web.OgcFixture.enc;
import static linli.web.OgcFixture.header;
import static linli.web.OgcFixture.inBox;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import linli.registry.Database;
import linli.registry.city.CityData;
import linli.registry.crs.CoordinateSystem;
import linli.registry.testing.FixtureCity;
import linli.registry.testing.PostgisExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.locationtech.jts.geom.Coordinate;

/**
 * OGC API - Features - Part 2: Coordinate Reference Systems by Reference (OGC 18-058r1). Expected
 * coordinates are computed here, not by PostGIS: EPSG:4490 is the CRS84 pair swapped; EPSG:3857
 * the spherical Mercator formula; EPSG:4549 (CGCS2000 / 3-degree Gauss-Kruger CM 120E, northing
 * first) Krüger's series, cross-checked on the central meridian by integrating the meridian arc.
 */
@ExtendWith(PostgisExtension.class)
class OgcCrsIT {
  /** GRS80, the CGCS2000 ellipsoid. */
  private static final double A = 6378137.0;
  private static final double F = 1 / 298.257222101;
  private static OgcFixture fx;
  /** CRS84 positions of all facilities as the server writes them, by id. */
  private static Map<Long, double[]> crs84;

  @BeforeAll
  static void load(Database db) throws Exception {
    fx = OgcFixture.load(db);
    crs84 = positions(CRS84);
  }

  @AfterAll
  static void stop() {
    fx.close();
  }

  @Test
  @DisplayName("/req/crs/fc-md-crs-list")
  void reqCrsFcMdCrsList() throws Exception {
    JsonNode all = fx.json("/ogc/collections");
    for (JsonNode c : all.get("collections")) {
      List<String> crs = texts(c.get("crs"));
      assertThat(crs).as("Part 1's default is listed").contains(CRS84).doesNotHaveDuplicates();
      // Each one listed really is supported for this collection.
      for (String uri : crs) {
        HttpResponse<String> r = fx.get("/ogc/collections/" + c.get("id").asText() + "/items?limit=1&crs=" + enc(uri));
        assertThat(r.statusCode()).as(uri).isEqualTo(200);
        assertThat(header(r, "Content-Crs")).isEqualTo("<" + uri + ">");
      }
      assertThat(crs).containsExactlyInAnyOrderElementsOf(ALL_CRS);
    }
    assertThat(texts(all.get("crs"))).containsExactlyInAnyOrderElementsOf(ALL_CRS);
  }

  @Test
  @DisplayName("/req/crs/fc-md-storageCrs")
  void reqCrsFcMdStorageCrs() throws Exception {
    // All geometries are stored in one CRS: the columns' SRID says which.
    assertThat(fx.sqlLong("SELECT Find_SRID('public', 'facility', 'geom')")).isEqualTo(4490);
    assertThat(fx.sqlLong("SELECT Find_SRID('public', 'community', 'geom')")).isEqualTo(4490);
    assertThat(fx.sqlLong("SELECT count(DISTINCT ST_SRID(geom)) FROM facility")).isEqualTo(1);
    for (JsonNode c : fx.json("/ogc/collections").get("collections")) {
      assertThat(c.get("storageCrs").asText()).isEqualTo(EPSG_4490);
    }
  }

  @Test
  @DisplayName("/req/crs/fc-md-storageCrs-valid-value")
  void reqCrsFcMdStorageCrsValidValue() throws Exception {
    for (JsonNode c : fx.json("/ogc/collections").get("collections")) {
      assertThat(texts(c.get("crs"))).contains(c.get("storageCrs").asText());
      // Asking for the storage CRS gives the stored coordinates, latitude first as EPSG:4490 defines.
      OgcFixture.Fac f = fx.facilities.get(11);
      JsonNode stored = fx.json(ITEMS + "/" + f.id() + "?crs=" + enc(c.get("storageCrs").asText()));
      assertThat(stored.at("/geometry/coordinates/0").asDouble()).isCloseTo(f.lat(), within(1e-7));
      assertThat(stored.at("/geometry/coordinates/1").asDouble()).isCloseTo(f.lon(), within(1e-7));
    }
  }

  @Test
  @DisplayName("/req/crs/fc-bbox-crs-definition")
  void reqCrsFcBboxCrsDefinition() throws Exception {
    JsonNode p = OgcFixture.parameter(fx.json("/ogc/api"), "/collections/{collectionId}/items", "bbox-crs");
    assertThat(p.get("in").asText()).isEqualTo("query");
    assertThat(p.path("required").asBoolean(false)).isFalse();
    assertThat(p.at("/schema/type").asText()).isEqualTo("string");
    assertThat(p.at("/schema/format").asText()).isEqualTo("uri");
    assertThat(p.path("style").asText("form")).isEqualTo("form");
    assertThat(p.path("explode").asBoolean(false)).isFalse();
    assertThat(fx.get(ITEMS + "?bbox=36,120,37,121&bbox-crs=" + enc(EPSG_4490)).statusCode()).isEqualTo(200);
  }

  @Test
  @DisplayName("/req/crs/fc-bbox-crs-valid-value")
  void reqCrsFcBboxCrsValidValue() throws Exception {
    for (String uri : texts(fx.json("/ogc/collections/facilities").get("crs"))) {
      HttpResponse<String> r = fx.get(ITEMS + "?bbox=" + boxIn(uri) + "&bbox-crs=" + enc(uri));
      assertThat(r.statusCode()).as(uri).isEqualTo(200);
    }
    for (String unsupported : List.of("http://www.opengis.net/def/crs/EPSG/0/32650",
        "http://www.opengis.net/def/crs/OGC/0/CRS84h", "EPSG:4490", "urn:ogc:def:crs:EPSG::4326", "4490", "")) {
      if (unsupported.isEmpty()) {
        continue; // blank means "not given": the default
      }
      assertProblem(fx.get(ITEMS + "?bbox=120,36,121,37&bbox-crs=" + enc(unsupported)), 400, "bbox-crs", unsupported);
    }
  }

  @Test
  @DisplayName("/req/crs/fc-bbox-crs-action")
  void reqCrsFcBboxCrsAction() throws Exception {
    double minLon = 120.2;
    double minLat = 36.02;
    double maxLon = 120.5;
    double maxLat = 36.3;
    for (OgcFixture.Fac f : fx.facilities) {
      // Keep the expectation exact: nothing lies within 10 cm of an edge.
      assertThat(Math.min(Math.abs(f.lon() - minLon), Math.abs(f.lon() - maxLon))).isGreaterThan(1e-6);
      assertThat(Math.min(Math.abs(f.lat() - minLat), Math.abs(f.lat() - maxLat))).isGreaterThan(1e-6);
    }
    Set<Long> expected = fx.expect(f -> inBox(f, minLon, minLat, maxLon, maxLat));
    assertThat(expected).hasSizeGreaterThan(20);
    assertThat(bboxIds(minLon + "," + minLat + "," + maxLon + "," + maxLat, CRS84)).isEqualTo(expected);
    // Latitude first for EPSG:4490 and EPSG:4326.
    assertThat(bboxIds(minLat + "," + minLon + "," + maxLat + "," + maxLon, EPSG_4490)).isEqualTo(expected);
    assertThat(bboxIds(minLat + "," + minLon + "," + maxLat + "," + maxLon, EPSG_4326)).isEqualTo(expected);
    // Web Mercator maps longitude and latitude separately: the same box, in metres.
    double[] sw = mercator(minLon, minLat);
    double[] ne = mercator(maxLon, maxLat);
    assertThat(bboxIds(sw[0] + "," + sw[1] + "," + ne[0] + "," + ne[1], EPSG_3857)).isEqualTo(expected);

    // EPSG:4549, northing first. Its grid lines are not parallels and meridians: what falls in the
    // box is decided by each facility's own Gauss-Kruger coordinates.
    double minN = 3_990_000;
    double maxN = 4_030_000;
    double minE = 470_000;
    double maxE = 540_000;
    Set<Long> inGrid = new TreeSet<>();
    for (OgcFixture.Fac f : fx.facilities) {
      double[] ne4549 = gaussKruger(f.lon(), f.lat());
      assertThat(Math.min(Math.abs(ne4549[0] - minN), Math.abs(ne4549[0] - maxN))).isGreaterThan(0.5);
      assertThat(Math.min(Math.abs(ne4549[1] - minE), Math.abs(ne4549[1] - maxE))).isGreaterThan(0.5);
      if (ne4549[0] >= minN && ne4549[0] <= maxN && ne4549[1] >= minE && ne4549[1] <= maxE) {
        inGrid.add(f.id());
      }
    }
    assertThat(inGrid).hasSizeGreaterThan(20);
    assertThat(bboxIds(minN + "," + minE + "," + maxN + "," + maxE, EPSG_4549)).isEqualTo(inGrid);
    // A point-sized box on the central meridian finds the facility standing there.
    double[] meridian = gaussKruger(120.0, 36.0);
    String around = (meridian[0] - 1) + ",499999," + (meridian[0] + 1) + ",500001";
    assertThat(bboxIds(around, EPSG_4549)).containsExactly(fx.byName(OgcFixture.MERIDIAN_NAME).id());
    // A wide box whose north edge runs 20 m north of that facility. The edge is a grid line, which
    // bows north of the straight line between the box's corners by far more than 20 m over 240 km.
    double north = meridian[0] + 20;
    double south = meridian[0] - 20_000;
    Set<Long> wide = new TreeSet<>();
    for (OgcFixture.Fac f : fx.facilities) {
      double[] g = gaussKruger(f.lon(), f.lat());
      assertThat(Math.min(Math.abs(g[0] - north), Math.abs(g[0] - south))).isGreaterThan(0.5);
      if (g[0] >= south && g[0] <= north && g[1] >= 380_000 && g[1] <= 620_000) {
        wide.add(f.id());
      }
    }
    assertThat(bboxIds(south + ",380000," + north + ",620000", EPSG_4549)).isEqualTo(wide)
        .contains(fx.byName(OgcFixture.MERIDIAN_NAME).id());
    // Values outside the area where the CRS is defined are refused, not transformed into nonsense.
    assertProblem(fx.get(ITEMS + "?bbox=-1e9,-1e9,1e9,1e9&bbox-crs=" + enc(EPSG_4549)), 400, "bbox", "4549 far out");
    assertProblem(fx.get(ITEMS + "?bbox=0,0,1e9,1e9&bbox-crs=" + enc(EPSG_3857)), 400, "bbox", "3857 far out");
    assertProblem(fx.get(ITEMS + "?bbox=120,36,121,37&bbox-crs=" + enc(EPSG_4490)), 400, "bbox", "lon as lat");
  }

  @Test
  @DisplayName("/req/crs/fc-crs-definition")
  void reqCrsFcCrsDefinition() throws Exception {
    JsonNode api = fx.json("/ogc/api");
    for (String path : List.of("/collections/{collectionId}/items", "/collections/{collectionId}/items/{featureId}")) {
      JsonNode p = OgcFixture.parameter(api, path, "crs");
      assertThat(p.get("in").asText()).isEqualTo("query");
      assertThat(p.path("required").asBoolean(false)).isFalse();
      assertThat(p.at("/schema/type").asText()).isEqualTo("string");
      assertThat(p.at("/schema/format").asText()).isEqualTo("uri");
    }
    assertThat(fx.get(ITEMS + "?crs=" + enc(EPSG_3857)).statusCode()).isEqualTo(200);
    assertThat(fx.get(ITEMS + "/" + fx.facilities.get(0).id() + "?crs=" + enc(EPSG_3857)).statusCode()).isEqualTo(200);
  }

  @Test
  @DisplayName("/req/crs/fc-crs-valid-value")
  void reqCrsFcCrsValidValue() throws Exception {
    String item = ITEMS + "/" + fx.facilities.get(0).id();
    for (String uri : texts(fx.json("/ogc/collections/facilities").get("crs"))) {
      assertThat(fx.get(ITEMS + "?crs=" + enc(uri)).statusCode()).as(uri).isEqualTo(200);
      assertThat(fx.get(item + "?crs=" + enc(uri)).statusCode()).as(uri).isEqualTo(200);
    }
    for (String unsupported : List.of("http://www.opengis.net/def/crs/EPSG/0/32650", "EPSG:4326",
        "http://www.opengis.net/def/crs/OGC/1.3/CRS83", "crs84")) {
      assertProblem(fx.get(ITEMS + "?crs=" + enc(unsupported)), 400, "crs", unsupported);
      assertProblem(fx.get(item + "?crs=" + enc(unsupported)), 400, "crs", unsupported);
    }
  }

  @Test
  @DisplayName("/req/crs/fc-crs-action")
  void reqCrsFcCrsAction() throws Exception {
    assertThat(crs84).hasSize(fx.facilities.size());
    for (OgcFixture.Fac f : fx.facilities) {
      assertThat(crs84.get(f.id())[0]).isCloseTo(f.lon(), within(1e-7));
      assertThat(crs84.get(f.id())[1]).isCloseTo(f.lat(), within(1e-7));
    }
    Map<Long, double[]> cgcs2000 = positions(EPSG_4490);
    Map<Long, double[]> wgs84 = positions(EPSG_4326);
    Map<Long, double[]> webMercator = positions(EPSG_3857);
    Map<Long, double[]> gaussKruger = positions(EPSG_4549);
    for (OgcFixture.Fac f : fx.facilities) {
      double lon = crs84.get(f.id())[0];
      double lat = crs84.get(f.id())[1];
      // Latitude first, the very same numbers.
      assertThat(cgcs2000.get(f.id())).containsExactly(lat, lon);
      assertThat(wgs84.get(f.id())).containsExactly(lat, lon);
      // Projected: from the exact fixture position (CRS84 output is rounded to about a centimetre).
      double[] m = mercator(f.lon(), f.lat());
      assertThat(webMercator.get(f.id())[0]).isCloseTo(m[0], within(0.002));
      assertThat(webMercator.get(f.id())[1]).isCloseTo(m[1], within(0.002));
      double[] g = gaussKruger(f.lon(), f.lat());
      assertThat(gaussKruger.get(f.id())[0]).as("northing first").isCloseTo(g[0], within(0.002));
      assertThat(gaussKruger.get(f.id())[1]).as("easting second").isCloseTo(g[1], within(0.002));
    }
    // On the central meridian the easting is the false easting, the northing the meridian arc.
    OgcFixture.Fac meridian = fx.byName(OgcFixture.MERIDIAN_NAME);
    JsonNode one = fx.json(ITEMS + "/" + meridian.id() + "?crs=" + enc(EPSG_4549));
    assertThat(one.at("/geometry/coordinates/1").asDouble()).isEqualTo(500_000.0);
    assertThat(one.at("/geometry/coordinates/0").asDouble()).isCloseTo(meridianArc(36.0), within(0.001));
    assertThat(gaussKruger(120.0, 36.0)[0]).isCloseTo(meridianArc(36.0), within(0.0005));
    // Polygons too: a community's first vertex in EPSG:4549 and EPSG:4490.
    CityData.Community c = fx.communities.get(2);
    Coordinate first = c.geom().getGeometryN(0).getCoordinates()[0];
    JsonNode gk = fx.json(COMMUNITY_ITEMS + "/" + c.code() + "?crs=" + enc(EPSG_4549));
    JsonNode vertex = gk.at("/geometry/coordinates/0/0/0");
    double[] expected = gaussKruger(first.x, first.y);
    assertThat(vertex.get(0).asDouble()).isCloseTo(expected[0], within(0.002));
    assertThat(vertex.get(1).asDouble()).isCloseTo(expected[1], within(0.002));
    JsonNode latFirst = fx.json(COMMUNITY_ITEMS + "/" + c.code() + "?crs=" + enc(EPSG_4490));
    assertThat(latFirst.at("/geometry/coordinates/0/0/0/0").asDouble()).isCloseTo(first.y, within(1e-7));
    assertThat(latFirst.at("/geometry/coordinates/0/0/0/1").asDouble()).isCloseTo(first.x, within(1e-7));
  }

  @Test
  @DisplayName("/req/crs/ogc-crs-header")
  void reqCrsOgcCrsHeader() throws Exception {
    List<String> paths = List.of(ITEMS, ITEMS + "/" + fx.facilities.get(5).id(), COMMUNITY_ITEMS,
        COMMUNITY_ITEMS + "/" + FixtureCity.communityCode(0));
    for (String path : paths) {
      assertThat(header(fx.get(path), "Content-Crs")).as(path).isNotNull();
      for (String uri : ALL_CRS) {
        HttpResponse<String> r = fx.get(path + "?crs=" + enc(uri));
        assertThat(header(r, "Content-Crs")).as("%s in %s", path, uri).isNotNull();
      }
    }
  }

  @Test
  @DisplayName("/req/crs/ogc-crs-header-value")
  void reqCrsOgcCrsHeaderValue() throws Exception {
    for (String path : List.of(ITEMS + "?limit=2", ITEMS + "/" + fx.facilities.get(5).id())) {
      assertThat(crsHeader(fx.get(path))).isEqualTo(CRS84);
      for (String uri : ALL_CRS) {
        String sep = path.contains("?") ? "&" : "?";
        assertThat(crsHeader(fx.get(path + sep + "crs=" + enc(uri)))).isEqualTo(uri);
      }
    }
  }

  @Test
  @DisplayName("/req/crs/crs-uri")
  void reqCrsCrsUri() throws Exception {
    Set<String> all = new TreeSet<>(texts(fx.json("/ogc/collections").get("crs")));
    for (JsonNode c : fx.json("/ogc/collections").get("collections")) {
      all.addAll(texts(c.get("crs")));
      all.add(c.get("storageCrs").asText());
      all.add(c.at("/extent/spatial/crs").asText());
    }
    for (String uri : all) {
      URI parsed = URI.create(uri);
      assertThat(parsed.isAbsolute()).as(uri).isTrue();
      assertThat(uri).matches("http://www\\.opengis\\.net/def/crs/(EPSG/0/\\d+|OGC/1\\.3/CRS84)");
      if (uri.contains("/EPSG/")) {
        // Each EPSG code is a real CRS, known to the EPSG registry copy that PostGIS carries.
        int code = Integer.parseInt(uri.substring(uri.lastIndexOf('/') + 1));
        assertThat(fx.sqlLong("SELECT count(*) FROM spatial_ref_sys WHERE auth_name = 'EPSG' AND auth_srid = ?", code))
            .as(uri).isEqualTo(1);
      }
    }
    assertThat(all).hasSize(5 + 63).containsExactlyInAnyOrderElementsOf(ALL_CRS);
  }

  @Test
  @DisplayName("/req/crs/geojson")
  void reqCrsGeojson() throws Exception {
    // Other CRSs than CRS84 are a prior arrangement (RFC 7946 section 4): the body stays plain
    // GeoJSON without a "crs" member, and Content-Crs says how to read it.
    for (String uri : ALL_CRS) {
      HttpResponse<String> r = fx.get(ITEMS + "?limit=50&crs=" + enc(uri));
      assertThat(header(r, "Content-Type")).startsWith("application/geo+json");
      assertThat(crsHeader(r)).isEqualTo(uri);
      JsonNode fc = RunningApp.json(r);
      assertThat(fc.has("crs")).isFalse();
      for (JsonNode f : fc.get("features")) {
        assertThat(f.has("crs") || f.get("geometry").has("crs")).isFalse();
        assertThat(f.at("/geometry/type").asText()).isEqualTo("Point");
        assertThat(f.at("/geometry/coordinates")).hasSize(2);
      }
    }
    // Without a crs parameter the answer is RFC 7946 itself: CRS84, longitude first.
    OgcFixture.Fac f = fx.byName(OgcFixture.MERIDIAN_NAME);
    JsonNode plain = fx.json(ITEMS + "/" + f.id()).at("/geometry/coordinates");
    assertThat(plain.get(0).asDouble()).isEqualTo(120.0);
    assertThat(plain.get(1).asDouble()).isEqualTo(36.0);
  }

  @Test
  @DisplayName("/req/crs/fc-crs-action: a Gauss-Krüger zone with the zone prefix, EPSG:4528, against GDAL")
  void reqCrsFcCrsActionZone40() throws Exception {
    // EPSG:4528 (CGCS2000 / 3-degree Gauss-Kruger zone 40) defines northing ("X") first, then the
    // easting ("Y") with the zone number 40 before its 500 km false easting.
    List<double[]> lonLat = new ArrayList<>();
    fx.facilities.forEach(f -> lonLat.add(new double[] {f.lon(), f.lat()}));
    List<double[]> gdal = gdaltransform(4528, lonLat);
    Map<Long, double[]> zone40 = positions(EPSG_4528);
    assertThat(zone40).hasSize(fx.facilities.size());
    for (int i = 0; i < fx.facilities.size(); i++) {
      OgcFixture.Fac f = fx.facilities.get(i);
      double[] served = zone40.get(f.id());
      assertThat(served[0]).as("northing first").isCloseTo(gdal.get(i)[1], within(0.01));
      assertThat(served[1]).as("easting second, prefixed").isCloseTo(gdal.get(i)[0], within(0.01));
      assertThat(served[1]).isBetween(40_000_000.0, 41_000_000.0);
    }
    // One feature, and a polygon's vertex, carry the same numbers and the Content-Crs header.
    OgcFixture.Fac meridian = fx.byName(OgcFixture.MERIDIAN_NAME);
    HttpResponse<String> one = fx.get(ITEMS + "/" + meridian.id() + "?crs=" + enc(EPSG_4528));
    assertThat(crsHeader(one)).isEqualTo(EPSG_4528);
    JsonNode point = RunningApp.json(one).at("/geometry/coordinates");
    assertThat(point.get(1).asDouble()).isEqualTo(40_500_000.0);
    assertThat(point.get(0).asDouble()).isCloseTo(gdaltransform(4528, List.of(new double[] {120, 36})).get(0)[1],
        within(0.01));
    CityData.Community c = fx.communities.get(2);
    Coordinate first = c.geom().getGeometryN(0).getCoordinates()[0];
    HttpResponse<String> polygon = fx.get(COMMUNITY_ITEMS + "/" + c.code() + "?crs=" + enc(EPSG_4528));
    assertThat(crsHeader(polygon)).isEqualTo(EPSG_4528);
    JsonNode vertex = RunningApp.json(polygon).at("/geometry/coordinates/0/0/0");
    double[] expected = gdaltransform(4528, List.of(new double[] {first.x, first.y})).get(0);
    assertThat(vertex.get(0).asDouble()).isCloseTo(expected[1], within(0.01));
    assertThat(vertex.get(1).asDouble()).isCloseTo(expected[0], within(0.01));
    // Metres to the millimetre, as EPSG:4549.
    for (JsonNode f : fx.json(ITEMS + "?limit=50&crs=" + enc(EPSG_4528)).get("features")) {
      for (JsonNode v : f.at("/geometry/coordinates")) {
        assertThat(v.decimalValue().stripTrailingZeros().scale()).as(v.toString()).isLessThanOrEqualTo(3);
      }
    }
  }

  @Test
  @DisplayName("/req/crs/fc-bbox-crs-action: a box in EPSG:4528 selects what its CGCS2000 equivalent selects")
  void reqCrsFcBboxCrsActionZone40() throws Exception {
    // A CGCS2000 box and the same box in EPSG:4528: its corners projected by GDAL, northing first.
    double minLon = 120.2;
    double minLat = 36.02;
    double maxLon = 120.5;
    double maxLat = 36.3;
    List<double[]> corners = gdaltransform(4528, List.of(new double[] {minLon, minLat}, new double[] {maxLon, minLat},
        new double[] {maxLon, maxLat}, new double[] {minLon, maxLat}));
    double minE = Math.min(corners.get(0)[0], corners.get(3)[0]);
    double maxE = Math.max(corners.get(1)[0], corners.get(2)[0]);
    double minN = Math.min(corners.get(0)[1], corners.get(1)[1]);
    double maxN = Math.max(corners.get(2)[1], corners.get(3)[1]);
    String zone40Box = minN + "," + minE + "," + maxN + "," + maxE;
    Set<Long> selected = bboxIds(zone40Box, EPSG_4528);
    // Exactly the facilities whose GDAL coordinates lie in the box.
    List<double[]> lonLat = new ArrayList<>();
    fx.facilities.forEach(f -> lonLat.add(new double[] {f.lon(), f.lat()}));
    List<double[]> gdal = gdaltransform(4528, lonLat);
    Set<Long> inGrid = new TreeSet<>();
    Set<Long> nearEdge = new TreeSet<>();
    for (int i = 0; i < fx.facilities.size(); i++) {
      double e = gdal.get(i)[0];
      double n = gdal.get(i)[1];
      assertThat(Math.min(Math.min(Math.abs(e - minE), Math.abs(e - maxE)),
          Math.min(Math.abs(n - minN), Math.abs(n - maxN)))).isGreaterThan(0.5);
      if (e >= minE && e <= maxE && n >= minN && n <= maxN) {
        inGrid.add(fx.facilities.get(i).id());
      }
      // Grid lines are not parallels and meridians: the two boxes part by at most a few hundred
      // metres along their edges (the projected box is the CGCS2000 one's envelope).
      if (Math.min(Math.min(Math.abs(e - minE), Math.abs(e - maxE)),
          Math.min(Math.abs(n - minN), Math.abs(n - maxN))) < 2_000) {
        nearEdge.add(fx.facilities.get(i).id());
      }
    }
    assertThat(selected).isEqualTo(inGrid).hasSizeGreaterThan(20);
    Set<Long> cgcs2000 = bboxIds(minLat + "," + minLon + "," + maxLat + "," + maxLon, EPSG_4490);
    assertThat(selected).containsAll(cgcs2000);
    Set<Long> onlyInZone40 = new TreeSet<>(selected);
    onlyInZone40.removeAll(cgcs2000);
    assertThat(nearEdge).containsAll(onlyInZone40);
    // Zone 40 is EPSG:4549 with the prefix 40 in the easting: the same box without it selects the same.
    assertThat(bboxIds(minN + "," + (minE - 40_000_000) + "," + maxN + "," + (maxE - 40_000_000), EPSG_4549))
        .isEqualTo(selected);
    // Outside the zone's band (an unprefixed easting), the box is refused.
    assertProblem(fx.get(ITEMS + "?bbox=3930000,410000,4100000,590000&bbox-crs=" + enc(EPSG_4528)), 400, "bbox",
        "4528 without the prefix");
    // The filter-crs takes the zone too: the same box as a CQL2 BBOX, northing first.
    Set<Long> filtered = fx.ids(ITEMS + "?limit=1000&filter-crs=" + enc(EPSG_4528) + "&filter="
        + enc("S_INTERSECTS(geometry, BBOX(" + zone40Box + "))"));
    assertThat(filtered).isEqualTo(selected);
  }

  @Test
  @DisplayName("The collections' crs lists are the OpenAPI document's enumerations")
  void theOpenApiDocumentEnumeratesTheListedCrs() throws Exception {
    JsonNode api = fx.json("/ogc/api");
    for (String name : List.of("crs", "bbox-crs", "filter-crs")) {
      JsonNode p = OgcFixture.parameter(api, "/collections/{collectionId}/items", name);
      assertThat(texts(p.at("/schema/enum"))).as(name).containsExactlyElementsOf(
          texts(fx.json("/ogc/collections/facilities").get("crs")));
    }
  }

  // ---- helpers ----

  private static Set<Long> bboxIds(String bbox, String crs) throws Exception {
    return fx.ids(ITEMS + "?limit=1000&bbox=" + bbox + "&bbox-crs=" + enc(crs));
  }

  /** The coordinates of every facility in a CRS, as the server writes them. */
  private static Map<Long, double[]> positions(String crs) throws Exception {
    HttpResponse<String> r = fx.get(ITEMS + "?limit=1000&crs=" + enc(crs));
    assertThat(crsHeader(r)).isEqualTo(crs);
    Map<Long, double[]> out = new HashMap<>();
    for (JsonNode f : RunningApp.json(r).get("features")) {
      JsonNode c = f.at("/geometry/coordinates");
      out.put(f.get("id").asLong(), new double[] {c.get(0).asDouble(), c.get(1).asDouble()});
    }
    return out;
  }

  private static String crsHeader(HttpResponse<String> r) {
    String value = header(r, "Content-Crs");
    assertThat(value).as("Content-Crs = \"<\" URI-reference \">\"").matches("<[^<>\\s]+>");
    return value.substring(1, value.length() - 1);
  }

  /**
   * A box in {@code uri}, in its axis order: around Qingdao for the named systems and zone 40
   * (EPSG:4528); for the other Gauss-Krüger zones, 2 km around the middle of where the zone is
   * defined (most lie far from Qingdao: the box is valid and finds nothing).
   */
  private static String boxIn(String uri) {
    double[] sw = mercator(119.5, 35.5);
    double[] ne = mercator(121.0, 37.0);
    Map<String, String> named = Map.of(CRS84, "119.5,35.5,121,37", EPSG_4490, "35.5,119.5,37,121",
        EPSG_4326, "35.5,119.5,37,121", EPSG_3857, sw[0] + "," + sw[1] + "," + ne[0] + "," + ne[1],
        EPSG_4549, "3930000,410000,4100000,590000", EPSG_4528, "3930000,40410000,4100000,40590000");
    if (named.containsKey(uri)) {
      return named.get(uri);
    }
    double[] area = CoordinateSystem.parse(uri, CoordinateSystem.Use.OGC).orElseThrow().area();
    double e = Math.round((area[0] + area[2]) / 2);
    double n = Math.round((area[1] + area[3]) / 2);
    return (n - 1000) + "," + (e - 1000) + "," + (n + 1000) + "," + (e + 1000);
  }

  /**
   * What GDAL (PROJ, the independent implementation) makes of CGCS2000 longitude/latitude pairs in
   * EPSG:{@code srid}: {easting, northing} each, as gdaltransform writes them.
   */
  static List<double[]> gdaltransform(int srid, List<double[]> lonLat) throws Exception {
    Process p = new ProcessBuilder("gdaltransform", "-s_srs", "EPSG:4490", "-t_srs", "EPSG:" + srid,
        "-output_xy").redirectErrorStream(true).start();
    StringBuilder in = new StringBuilder();
    for (double[] ll : lonLat) {
      in.append(ll[0]).append(' ').append(ll[1]).append('\n');
    }
    try (var stdin = p.getOutputStream()) {
      stdin.write(in.toString().getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }
    String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII).strip();
    assertThat(p.waitFor()).as(out).isZero();
    List<double[]> xy = new ArrayList<>();
    for (String line : out.split("\n")) {
      String[] v = line.strip().split("\\s+");
      xy.add(new double[] {Double.parseDouble(v[0]), Double.parseDouble(v[1])});
    }
    assertThat(xy).hasSameSizeAs(lonLat);
    return xy;
  }

  private static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }

  /** EPSG:3857: spherical Mercator on a sphere of the WGS 84 semi-major axis, {x, y}. */
  static double[] mercator(double lon, double lat) {
    return new double[] {A * Math.toRadians(lon), A * Math.log(Math.tan(Math.PI / 4 + Math.toRadians(lat) / 2))};
  }

  /**
   * EPSG:4549: transverse Mercator on GRS80, central meridian 120°E, scale 1, false easting
   * 500 km, by Krüger's series to the fourth power of n (Karney 2011; well below a millimetre
   * this close to the meridian). Returns {northing, easting}, the CRS's axis order.
   */
  static double[] gaussKruger(double lon, double lat) {
    double n = F / (2 - F);
    double n2 = n * n;
    double n3 = n2 * n;
    double n4 = n3 * n;
    double rectifying = A / (1 + n) * (1 + n2 / 4 + n4 / 64);
    double[] alpha = {n / 2 - 2 * n2 / 3 + 5 * n3 / 16 + 41 * n4 / 180, 13 * n2 / 48 - 3 * n3 / 5 + 557 * n4 / 1440,
        61 * n3 / 240 - 103 * n4 / 140, 49561 * n4 / 161280};
    double e = Math.sqrt(F * (2 - F));
    double phi = Math.toRadians(lat);
    double dl = Math.toRadians(lon - 120);
    double t = Math.sinh(atanh(Math.sin(phi)) - e * atanh(e * Math.sin(phi)));
    double xi0 = Math.atan2(t, Math.cos(dl));
    double eta0 = atanh(Math.sin(dl) / Math.sqrt(1 + t * t));
    double xi = xi0;
    double eta = eta0;
    for (int j = 1; j <= 4; j++) {
      xi += alpha[j - 1] * Math.sin(2 * j * xi0) * Math.cosh(2 * j * eta0);
      eta += alpha[j - 1] * Math.cos(2 * j * xi0) * Math.sinh(2 * j * eta0);
    }
    return new double[] {rectifying * xi, 500_000 + rectifying * eta};
  }

  /** The length of the GRS80 meridian from the equator to {@code lat}, by Simpson's rule. */
  static double meridianArc(double lat) {
    double e2 = F * (2 - F);
    double end = Math.toRadians(lat);
    int steps = 20_000;
    double h = end / steps;
    double sum = 0;
    for (int i = 0; i <= steps; i++) {
      double s = Math.sin(i * h);
      double m = A * (1 - e2) / Math.pow(1 - e2 * s * s, 1.5);
      sum += m * (i == 0 || i == steps ? 1 : i % 2 == 1 ? 4 : 2);
    }
    return sum * h / 3;
  }

  private static double atanh(double x) {
    return 0.5 * Math.log((1 + x) / (1 - x));
  }
}
