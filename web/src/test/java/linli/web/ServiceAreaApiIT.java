package linli.web;

import static linli.registry.testing.FixtureCity.anchor;
import static linli.registry.testing.FixtureCity.communityCode;
import static linli.registry.testing.FixtureCity.offset;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import linli.registry.Database;
import linli.registry.city.CityData;
import linli.registry.city.CityLoader;
import linli.registry.testing.FixtureCity;
import linli.registry.testing.PostgisExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.Polygon;

/**
 * A facility's service area in straight mode: the communities the coverage engine counts as covered
 * (the facility being its category's only one) are exactly those whose reference point lies in the
 * area, and the area's outline lies at the distance on the ellipsoid (GeographicLib). A proposed site
 * where the facility stands has the facility's area, in both modes.
 */
@ExtendWith(PostgisExtension.class)
class ServiceAreaApiIT {
  /** How far the outline's points may lie from the distance (they are computed on the ellipsoid). */
  private static final double VERTEX_TOLERANCE_M = 0.01;
  /** Chords of a 256-gon lie inside the circle by at most this share of the radius. */
  private static final double CHORD_SAG = 1 - Math.cos(Math.PI / 256);
  private static final Point SITE = offset(anchor(2), 60, 300);
  private static RunningApp app;
  private static long siteId;

  @BeforeAll
  static void start(Database db) throws Exception {
    CityData fixture = FixtureCity.build();
    List<CityData.Community> communities = new ArrayList<>();
    for (int i = 0; i < fixture.communities().size(); i++) {
      CityData.Community c = fixture.communities().get(i);
      communities.add(new CityData.Community(c.code(), c.name(), c.kind(), c.streetCode(), c.population(), c.workers(),
          c.smart(), anchor(i), c.geom()));
    }
    List<CityData.Facility> facilities = new ArrayList<>(fixture.facilities());
    facilities.add(new CityData.Facility("science_site", "科普馆", null, "open", null, null, communityCode(2), null,
        "fixture", "science", SITE));
    // One road through offices 0 to 4, with a vertex at each (as NetworkCoverageIT), for network mode.
    List<CityData.Road> roads = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      roads.add(new CityData.Road("residential", true, FixtureCity.GEOMETRY.createLineString(new Coordinate[] {
          anchor(i).getCoordinate(), anchor(i + 1).getCoordinate()})));
    }
    new CityLoader(db.dataSource()).load(new CityData(fixture.districts(), fixture.streets(), communities, facilities,
        roads));
    app = new RunningApp(db);
    siteId = RunningApp.json(app.get("/api/facilities?category=science_site")).at("/features/0/id").asLong();
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  @Test
  void coveredCommunitiesAreExactlyThoseInsideTheArea() throws Exception {
    int inside = 0;
    int outside = 0;
    for (double d : new double[] {400, 800, 1_300, 2_100, 3_500}) {
      JsonNode feature = RunningApp.json(app.get("/api/facilities/" + siteId + "/service-area?distance=" + d));
      assertThat(feature.get("type").asText()).isEqualTo("Feature");
      assertThat(feature.at("/properties/distance_m").asDouble()).isEqualTo(d);
      assertThat(feature.at("/properties/mode").asText()).isEqualTo("straight");
      Polygon area = polygon(feature.get("geometry"));
      assertThat(org.locationtech.jts.algorithm.Orientation.isCCW(area.getExteriorRing().getCoordinates()))
          .as("RFC 7946 right-hand rule").isTrue();
      for (Coordinate c : area.getCoordinates()) {
        assertThat(Math.abs(FixtureCity.distance(SITE, FixtureCity.point(c.x, c.y)) - d)).as("outline at %s m", d)
            .isLessThan(VERTEX_TOLERANCE_M);
      }
      Map<String, Boolean> covered = new HashMap<>();
      for (JsonNode f : RunningApp.json(app.get("/api/coverage/communities?category=science_site&distance=" + d))
          .get("features")) {
        covered.put(f.at("/properties/code").asText(), f.at("/properties/covered").asBoolean());
      }
      for (int i = 0; i < 6; i++) {
        // A point between a chord and the circle is covered but outside: not judged.
        if (Math.abs(FixtureCity.distance(SITE, anchor(i)) - d) < CHORD_SAG * d + VERTEX_TOLERANCE_M) {
          continue;
        }
        boolean in = area.covers(anchor(i));
        assertThat(in).as("community %d at %s m", i, d).isEqualTo(covered.get(communityCode(i)));
        if (in) {
          inside++;
        } else {
          outside++;
        }
      }
    }
    assertThat(inside).isGreaterThan(5);
    assertThat(outside).isGreaterThan(5);
  }

  @Test
  void theDistanceDefaultsToTheCategorysAndMistakesAreNamed() throws Exception {
    JsonNode feature = RunningApp.json(app.get("/api/facilities/" + siteId + "/service-area"));
    assertThat(feature.at("/properties/distance_m").asDouble()).isEqualTo(1000.0);
    assertThat(feature.at("/properties/category").asText()).isEqualTo("science_site");
    assertThat(feature.at("/properties/name").asText()).as("UTF-8").isEqualTo("科普馆");
    assertThat(app.get("/api/facilities/999999/service-area").statusCode()).isEqualTo(404);
    assertField(app.get("/api/facilities/x/service-area"), "id");
    assertField(app.get("/api/facilities/" + siteId + "/service-area?distance=0"), "distance");
    assertField(app.get("/api/facilities/" + siteId + "/service-area?mode=bike"), "mode");
    assertThat(app.get("/api/facilities/999999/service-area?mode=network").statusCode()).isEqualTo(404);
    assertField(app.get("/api/facilities/" + siteId + "/service-area?mode=network&distance=-3"), "distance");
    assertField(app.get("/api/facilities/" + siteId + "/service-area?mode=network&distance=5001"), "distance");
  }

  @Test
  void aDefaultDistanceBeyondTheRoadLimitIsRefusedNotDrawn(Database db) throws Exception {
    try (var c = db.dataSource().getConnection(); var s = c.createStatement()) {
      s.execute("UPDATE category SET default_distance_m = 6000 WHERE code = 'science_site'");
      try {
        assertField(app.get("/api/facilities/" + siteId + "/service-area?mode=network"), "distance");
        assertThat(app.get("/api/facilities/" + siteId + "/service-area").statusCode()).as("straight has no such limit")
            .isEqualTo(200);
      } finally {
        s.execute("UPDATE category SET default_distance_m = 1000 WHERE code = 'science_site'");
      }
    }
  }

  @Test
  void alongTheRoadsEveryCoveredCommunityLiesInsideAndTheAreaInsideTheCircle() throws Exception {
    int coveredInside = 0;
    int notCovered = 0;
    for (double d : new double[] {400, 800, 1_300, 2_100}) {
      HttpResponse<String> r = app.get("/api/facilities/" + siteId + "/service-area?mode=network&distance=" + d);
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
      JsonNode feature = RunningApp.json(r);
      assertThat(feature.at("/properties/mode").asText()).isEqualTo("network");
      assertThat(feature.at("/properties/shape").asText()).isEqualTo("tight");
      assertThat(feature.at("/properties/errs").asText()).isEqualTo("within_tolerance");
      double tolerance = feature.at("/properties/tolerance_m").asDouble();
      assertThat(tolerance).isPositive().isLessThanOrEqualTo(5.05);
      assertThat(feature.at("/properties/reached_roads/type").asText()).isEqualTo("MultiLineString");
      assertThat(feature.at("/properties/reached_roads/coordinates").size()).isPositive();
      JsonNode geometry = feature.get("geometry");
      assertThat(geometry.get("type").asText()).isEqualTo("MultiPolygon");
      List<Polygon> parts = new ArrayList<>();
      for (JsonNode polygon : geometry.get("coordinates")) {
        // With its holes: where a block's points are nearer to a road that does not bring them in reach.
        Polygon shell = ring(polygon.get(0));
        org.locationtech.jts.geom.LinearRing[] holes = new org.locationtech.jts.geom.LinearRing[polygon.size() - 1];
        for (int h = 1; h < polygon.size(); h++) {
          holes[h - 1] = ring(polygon.get(h)).getExteriorRing();
        }
        parts.add(FixtureCity.GEOMETRY.createPolygon(shell.getExteriorRing(), holes));
      }
      // Walking is never shorter than the straight line: the area lies in the circle, up to the
      // discs drawn around their circles (1/cos(π/64)).
      for (Polygon part : parts) {
        for (Coordinate c : part.getCoordinates()) {
          assertThat(FixtureCity.distance(SITE, FixtureCity.point(c.x, c.y))).isLessThan(d / Math.cos(Math.PI / 64));
        }
      }
      for (JsonNode f : RunningApp.json(app.get("/api/coverage/communities?category=science_site&mode=network"
          + "&distance=" + d)).get("features")) {
        String code = f.at("/properties/code").asText();
        int i = Integer.parseInt(code.substring(code.length() - 3)) - 1;
        // The tight area holds exactly the covered communities, but within its tolerance of the outline.
        boolean inside = parts.stream().anyMatch(p -> p.covers(anchor(i)));
        double fromOutline = parts.stream().mapToDouble(p -> p.getBoundary().distance(anchor(i))).min().orElseThrow()
            * FixtureCity.distance(anchor(i), FixtureCity.point(anchor(i).getX() + 1e-5, anchor(i).getY())) / 1e-5;
        boolean covered = f.at("/properties/covered").asBoolean();
        assertThat(inside == covered || fromOutline <= tolerance).as("%s at %s m: covered %s, inside %s, %s m from"
            + " the outline", code, d, covered, inside, fromOutline).isTrue();
        if (covered) {
          coveredInside++;
        } else {
          notCovered++;
        }
      }
    }
    assertThat(coveredInside).isGreaterThan(3);
    assertThat(notCovered).isGreaterThan(3);
    // The outward area stays available; it holds every covered community and says it errs outward.
    JsonNode outward = RunningApp.json(app.get("/api/facilities/" + siteId
        + "/service-area?mode=network&distance=800&shape=outward"));
    assertThat(outward.at("/properties/shape").asText()).isEqualTo("outward");
    assertThat(outward.at("/properties/errs").asText()).isEqualTo("outward");
    assertThat(outward.at("/properties").has("tolerance_m")).isFalse();
    assertField(app.get("/api/facilities/" + siteId + "/service-area?mode=network&shape=round"), "shape");
  }

  @Test
  void aProposedSiteWhereTheFacilityStandsHasTheFacilitysArea() throws Exception {
    String site = "lon=" + SITE.getX() + "&lat=" + SITE.getY() + "&category=science_site";
    for (String mode : new String[] {"straight", "network"}) {
      for (String distance : new String[] {"", "&distance=700", "&distance=2100"}) {
        JsonNode facility = RunningApp.json(app.get("/api/facilities/" + siteId + "/service-area?mode=" + mode
            + distance));
        HttpResponse<String> r = app.get("/api/service-area?" + site + "&mode=" + mode + distance);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/geo+json");
        JsonNode proposed = RunningApp.json(r);
        assertThat(proposed.get("geometry")).as("%s%s", mode, distance).isEqualTo(facility.get("geometry"));
        assertThat(proposed.at("/properties/reached_roads")).isEqualTo(facility.at("/properties/reached_roads"));
        for (String same : new String[] {"category", "distance_m", "mode", "errs", "site"}) {
          assertThat(proposed.at("/properties/" + same)).as(same).isEqualTo(facility.at("/properties/" + same));
        }
        assertThat(proposed.at("/properties/facility_id").isNull()).isTrue();
        assertThat(proposed.has("id")).isFalse();
      }
    }
    assertThat(RunningApp.json(app.get("/api/service-area?" + site)).at("/geometry/type").asText())
        .as("straight by default").isEqualTo("Polygon");
  }

  @Test
  void aProposedSitesMistakesAreNamed() throws Exception {
    String site = "lon=" + SITE.getX() + "&lat=" + SITE.getY();
    assertField(app.get("/api/service-area?lat=36&category=science_site"), "lon");
    assertField(app.get("/api/service-area?lon=181&lat=36&category=science_site"), "lon");
    assertField(app.get("/api/service-area?lon=120&lat=-90.5&category=science_site"), "lat");
    assertField(app.get("/api/service-area?lon=120&lat=abc&category=science_site"), "lat");
    assertField(app.get("/api/service-area?" + site), "category");
    assertField(app.get("/api/service-area?" + site + "&category=nope"), "category");
    assertField(app.get("/api/service-area?" + site + "&category=science_site&mode=bike"), "mode");
    assertField(app.get("/api/service-area?" + site + "&category=science_site&distance=0"), "distance");
    assertField(app.get("/api/service-area?" + site + "&category=science_site&distance=50001"), "distance");
    assertField(app.get("/api/service-area?" + site + "&category=science_site&mode=network&distance=5001"), "distance");
    assertThat(app.get("/api/service-area?" + site + "&category=science_site&distance=5001").statusCode())
        .as("straight has no road limit").isEqualTo(200);
  }

  private static Polygon polygon(JsonNode geometry) {
    assertThat(geometry.get("type").asText()).isEqualTo("Polygon");
    assertThat(geometry.has("crs")).as("RFC 7946 GeoJSON has no crs member").isFalse();
    return ring(geometry.at("/coordinates/0"));
  }

  private static Polygon ring(JsonNode ring) {
    Coordinate[] coordinates = new Coordinate[ring.size()];
    for (int i = 0; i < ring.size(); i++) {
      coordinates[i] = new Coordinate(ring.get(i).get(0).asDouble(), ring.get(i).get(1).asDouble());
    }
    return FixtureCity.GEOMETRY.createPolygon(coordinates);
  }

  private static void assertField(HttpResponse<String> r, String field) throws Exception {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
    assertThat(RunningApp.json(r).at("/errors/0/field").asText()).isEqualTo(field);
  }
}
