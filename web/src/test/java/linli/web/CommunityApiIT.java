package linli.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import linli.registry.Database;
import linli.registry.city.CityLoader;
import linli.registry.testing.FixtureCity;
import linli.registry.testing.PostgisExtension;
import linli.registry.transfer.read.GeoJsonGeometry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.locationtech.jts.algorithm.Orientation;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.Polygon;

@ExtendWith(PostgisExtension.class)
class CommunityApiIT {
  private static RunningApp app;
  private static Database database;

  @BeforeAll
  static void start(Database db) throws Exception {
    new CityLoader(db.dataSource()).load(FixtureCity.build());
    database = db;
    app = new RunningApp(db);
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  @Test
  void findsACommunityByPartOfItsNameWhateverTheLatinCase() throws Exception {
    String code = FixtureCity.communityCode(5);
    try (var c = database.dataSource().getConnection(); var ps = c.prepareStatement(
        "UPDATE community SET name = 'Haier 工业园社区' WHERE code = ?")) {
      ps.setString(1, code);
      assertThat(ps.executeUpdate()).isEqualTo(1);
    }
    for (String q : new String[] {"haier", "HAIER", "Haier 工业", "工业园"}) {
      JsonNode fc = RunningApp.json(app.get("/api/communities?q=" + java.net.URLEncoder.encode(q, "UTF-8")));
      assertThat(fc.get("numberMatched").asInt()).as(q).isEqualTo(1);
      assertThat(fc.at("/features/0/properties/code").asText()).as(q).isEqualTo(code);
    }
    assertThat(RunningApp.json(app.get("/api/communities?q=haier%25")).get("numberMatched").asInt())
        .as("% is text, not a wildcard").isZero();
  }

  @Test
  void listsCommunitiesWithTheirStreetAndDistrict() throws Exception {
    JsonNode fc = RunningApp.json(app.get("/api/communities?district=" + java.net.URLEncoder.encode("市北区", "UTF-8")));
    assertThat(fc.get("numberMatched").asInt()).isEqualTo(3);
    JsonNode p = fc.at("/features/0/properties");
    assertThat(p.get("code").asText()).isEqualTo(FixtureCity.communityCode(3));
    assertThat(p.get("street_name").asText()).isEqualTo("乙街道");
    assertThat(p.get("district_code").asText()).isEqualTo("370203");
    assertThat(p.get("population").asInt()).isEqualTo(4000);
    assertThat(p.get("ref_lon").asDouble()).isEqualTo(FixtureCity.anchor(3).getX());
  }

  @Test
  void pagesWithANextLink() throws Exception {
    JsonNode first = RunningApp.json(app.get("/api/communities?limit=4"));
    assertThat(first.get("numberReturned").asInt()).isEqualTo(4);
    JsonNode second = RunningApp.json(app.get(first.at("/links/0/href").asText()));
    assertThat(second.get("numberReturned").asInt()).isEqualTo(2);
  }

  @Test
  void readsOneByCode() throws Exception {
    var r = app.get("/api/communities/" + FixtureCity.communityCode(5));
    assertThat(r.statusCode()).isEqualTo(200);
    JsonNode f = RunningApp.json(r);
    assertThat(f.get("type").asText()).isEqualTo("Feature");
    assertThat(f.at("/properties/ref_lon").isNull()).isTrue();
    assertThat(app.get("/api/communities/370202001999").statusCode()).isEqualTo(404);
    assertThat(app.get("/api/communities/abc").statusCode()).isEqualTo(400);
  }

  @Test
  void districtOutlinesAreGeoJsonWithTheDistrictsShapes() throws Exception {
    var r = app.get("/api/districts/outlines");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/geo+json");
    JsonNode fc = RunningApp.json(r);
    assertThat(fc.get("type").asText()).isEqualTo("FeatureCollection");
    assertThat(fc.get("features")).hasSize(2);
    for (JsonNode f : fc.get("features")) {
      String code = f.at("/properties/code").asText();
      // The fixture's districts are rectangles of three community squares each: the outline keeps them.
      Geometry expected = FixtureCity.square(code.equals("370202") ? 0 : 3, 3);
      Geometry got = GeoJsonGeometry.toJts(f.get("geometry"), new GeometryFactory());
      assertThat(got.getEnvelopeInternal().getMinX()).isCloseTo(expected.getEnvelopeInternal().getMinX(), within(1e-6));
      assertThat(got.getArea()).isCloseTo(expected.getArea(), within(expected.getArea() * 1e-6));
      assertThat(Orientation.isCCW(((Polygon) got.getGeometryN(0)).getExteriorRing().getCoordinates()))
          .as("RFC 7946 winding").isTrue();
    }
  }
}
