package linli.web;

import static linli.web.RunningApp.admin;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import linli.registry.Database;
import linli.registry.testing.Gdal;
import linli.registry.testing.PostgisExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Districts and streets over HTTP, from an empty registry: a community file that names its streets
 * and districts registers them (before, every row was rejected), district and street files import,
 * and both layers are OGC collections, exports GDAL reads, and lists.
 */
@ExtendWith(PostgisExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DivisionApiIT {
  private static final List<String> FORMATS = List.of("geojson", "csv", "shp.zip", "gpkg", "kml", "xlsx");
  private static RunningApp app;
  @TempDir
  static Path dir;

  @BeforeAll
  static void start(Database database) throws Exception {
    app = new RunningApp(database);
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  private static JsonNode upload(String query, String body) throws Exception {
    HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
            URI.create(app.url("/api/imports?" + query)))
        .headers(admin("Content-Type", "application/octet-stream"))
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return RunningApp.json(r);
  }

  private static String square(double x0, double y0) {
    return "{\"type\":\"Polygon\",\"coordinates\":[[[%s,%s],[%s,%s],[%s,%s],[%s,%s],[%s,%s]]]}".formatted(x0, y0,
        x0 + 0.01, y0, x0 + 0.01, y0 + 0.01, x0, y0 + 0.01, x0, y0);
  }

  @Test
  @Order(1)
  void aCommunityGeoJsonWithDistrictAndStreetNamesFillsAnEmptyRegistry() throws Exception {
    assertThat(RunningApp.json(app.get("/api/districts"))).isEmpty();
    String names = "\"街道代码\":\"370281001\",\"街道名称\":\"阜安街道\",\"区县代码\":\"370281\",\"区县名称\":\"胶州市\"";
    String geojson = "{\"type\":\"FeatureCollection\",\"features\":["
        + "{\"type\":\"Feature\",\"properties\":{\"社区代码\":\"370281001001\",\"名称\":\"福州路社区\",\"常住人口\":3000,"
        + names + "},\"geometry\":" + square(120.00, 36.28) + "},"
        + "{\"type\":\"Feature\",\"properties\":{\"社区代码\":\"370281001002\",\"名称\":\"兰州路社区\",\"常住人口\":2000,"
        + names + "},\"geometry\":" + square(120.01, 36.28) + "}]}";
    JsonNode job = upload("layer=communities", geojson);
    assertThat(job.at("/report/inserted").asInt()).as(job.toString()).isEqualTo(2);
    assertThat(job.at("/report/facilities_moved").isIntegralNumber()).as(job.toString()).isTrue();
    assertThat(job.at("/report/created_divisions/districts/0/code").asText()).isEqualTo("370281");
    assertThat(job.at("/report/created_divisions/districts/0/name").asText()).isEqualTo("胶州市");
    assertThat(job.at("/report/created_divisions/streets/0/code").asText()).isEqualTo("370281001");

    JsonNode districts = RunningApp.json(app.get("/api/districts"));
    assertThat(districts.at("/0/code").asText()).isEqualTo("370281");
    assertThat(districts.at("/0/communities").asInt()).isEqualTo(2);
    assertThat(districts.at("/0/population").asLong()).isEqualTo(5000);
    JsonNode streets = RunningApp.json(app.get("/api/streets?district=胶州市"));
    assertThat(streets.at("/0/name").asText()).isEqualTo("阜安街道");
    assertThat(streets.at("/0/district_code").asText()).isEqualTo("370281");
    assertThat(app.get("/api/streets?district=999999").statusCode()).isEqualTo(400);

    // The district has no boundary of its own: its communities' union, 0.02° by 0.01°.
    JsonNode district = RunningApp.json(app.get("/ogc/collections/districts/items/370281?f=json"));
    assertThat(district.at("/properties/boundary_derived").asBoolean()).isTrue();
    assertThat(district.at("/geometry/type").asText()).isEqualTo("MultiPolygon");
    JsonNode bbox = RunningApp.json(app.get("/ogc/collections/districts?f=json")).at("/extent/spatial/bbox/0");
    assertThat(bbox.get(2).asDouble() - bbox.get(0).asDouble()).isCloseTo(0.02, org.assertj.core.data.Offset.offset(1e-6));
  }

  @Test
  @Order(2)
  void aMissingStreetWithoutANameIsRejectedSayingWhichColumnToAdd() throws Exception {
    JsonNode job = upload("layer=communities", "社区代码,名称,wkt\n"
        + "370282001001,无名街道社区,\"POLYGON((120.1 36.3, 120.11 36.3, 120.11 36.31, 120.1 36.3))\"\n");
    assertThat(job.at("/report/committed").asBoolean()).isFalse();
    assertThat(job.at("/report/errors/0/field").asText()).isEqualTo("street_code");
    assertThat(job.at("/report/errors/0/message").asText()).contains("370282001").contains("street_name");
  }

  @Test
  @Order(3)
  void districtsAndStreetsImportFromGeoJsonAndCsvAndAreServedAndExported() throws Exception {
    JsonNode d = upload("layer=districts", "{\"type\":\"FeatureCollection\",\"features\":["
        + "{\"type\":\"Feature\",\"properties\":{\"code\":\"370202\",\"name\":\"市南区\"},\"geometry\":"
        + square(120.30, 36.05) + "}]}");
    assertThat(d.at("/report/inserted").asInt()).as(d.toString()).isEqualTo(1);
    JsonNode s = upload("layer=streets&format=csv", """
        街道代码,街道名称,区县代码,区县名称,wkt
        370202001,八大峡街道,370202,,"POLYGON((120.30 36.05, 120.31 36.05, 120.31 36.06, 120.30 36.05))"
        370211001,黄岛街道,370211,黄岛区,
        """);
    assertThat(s.at("/report/inserted").asInt()).as(s.toString()).isEqualTo(2);
    assertThat(s.at("/report/created_divisions/districts/0/code").asText()).isEqualTo("370211");

    List<String> ids = new ArrayList<>();
    RunningApp.json(app.get("/ogc/collections")).get("collections").forEach(c -> ids.add(c.get("id").asText()));
    assertThat(ids).contains("districts", "streets");
    JsonNode streetItems = RunningApp.json(app.get("/ogc/collections/streets/items?f=json&filter="
        + java.net.URLEncoder.encode("district_name = '黄岛区'", StandardCharsets.UTF_8)));
    assertThat(streetItems.get("features")).hasSize(1);
    assertThat(streetItems.at("/features/0/id").asText()).isEqualTo("370211001");
    JsonNode queryables = RunningApp.json(app.get("/ogc/collections/districts/queryables?f=json"));
    assertThat(queryables.at("/properties/name/type").asText()).isEqualTo("string");

    for (String layer : List.of("districts", "streets")) {
      for (String format : FORMATS) {
        HttpResponse<byte[]> r = HttpClient.newHttpClient().send(
            HttpRequest.newBuilder(URI.create(app.url("/api/export/" + layer + "." + format))).build(),
            HttpResponse.BodyHandlers.ofByteArray());
        assertThat(r.statusCode()).as("%s.%s", layer, format).isEqualTo(200);
        Path file = Files.write(dir.resolve(layer + "." + format), r.body());
        String source = format.equals("shp.zip") ? "/vsizip/" + file + "/" + layer + ".shp" : file.toString();
        // Three each, one of them without a boundary (no communities yet): written with no geometry.
        assertThat(Gdal.summary(source).featureCount()).as("%s.%s", layer, format).isEqualTo(3);
      }
    }
    HttpResponse<String> oneDistrict = app.get("/api/export/streets.geojson?district=370211");
    assertThat(RunningApp.json(oneDistrict).get("features")).hasSize(1);
  }
}
