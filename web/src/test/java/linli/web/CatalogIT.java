package linli.web;

import static linli.web.RunningApp.admin;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import linli.registry.Database;
import linli.registry.catalog.Catalog;
import linli.registry.catalog.Layer;
import linli.registry.catalog.Property;
import linli.registry.catalog.ValueType;
import linli.registry.ogc.OgcCollection;
import linli.registry.testing.Gdal;
import linli.registry.testing.PostgisExtension;
import linli.tiles.TileCoord;
import linli.tiles.TileLayer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * What holds the catalogue together: every property of a layer is a queryable of its OGC
 * collection, a field of every export format (as GDAL reads it back), an attribute of its tiles
 * where declared, a property of the REST lists with the same value as in OGC, and a column an
 * import reads. The contact phone goes through all of them as the one property added end to end;
 * districts and streets are layers like the others (their imports: DivisionApiIT, DivisionImportIT).
 */
@ExtendWith(PostgisExtension.class)
class CatalogIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> FORMATS = List.of("geojson", "csv", "shp.zip", "gpkg", "kml", "xlsx");
  private static OgcFixture fx;
  private static Database db;
  @TempDir
  static Path dir;

  @BeforeAll
  static void load(Database database) throws Exception {
    db = database;
    fx = OgcFixture.load(database);
    // Values for the properties the fixture leaves empty, and a road to export.
    sql("UPDATE facility SET phone = '0532-8' || lpad(id::text, 7, '0'),"
        + " extra = jsonb_build_object('管理单位', '街道办事处', 'floors', id % 5), version = version + 1"
        + " WHERE id % 3 = 0");
    sql("INSERT INTO road (highway, walkable, source, geom) VALUES ('footway', true, 'catalog-test',"
        + " ST_GeomFromText('LINESTRING(120.31 36.10, 120.32 36.101)', 4490))");
  }

  @AfterAll
  static void stop() {
    fx.close();
  }

  private static void sql(String statement) throws Exception {
    try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
      s.execute(statement);
    }
  }

  private static List<String> names(Layer layer) {
    return layer.properties().stream().map(Property::name).toList();
  }

  @Test
  void everyPropertyIsAQueryableOfItsCollection() throws Exception {
    for (OgcCollection c : OgcCollection.values()) {
      JsonNode schema = fx.json("/ogc/collections/" + c.id() + "/queryables?f=json");
      Set<String> queryables = new TreeSet<>();
      schema.get("properties").fieldNames().forEachRemaining(queryables::add);
      Set<String> expected = new TreeSet<>(c.layer().properties().stream()
          .filter(p -> p.type() != ValueType.JSON).map(Property::name).toList());
      expected.add("geometry");
      assertThat(queryables).as(c.id()).isEqualTo(expected);
    }
  }

  @Test
  void ogcItemsAndTheRestListsCarryTheSamePropertiesWithTheSameValues() throws Exception {
    assertSameFeatures("/ogc/collections/facilities/items?limit=200", "/api/facilities?limit=200", Catalog.FACILITIES);
    assertSameFeatures("/ogc/collections/communities/items?limit=200", "/api/communities?limit=200",
        Catalog.COMMUNITIES);
  }

  private static void assertSameFeatures(String ogcPath, String restPath, Layer layer) throws Exception {
    JsonNode ogc = fx.json(ogcPath).get("features");
    JsonNode rest = fx.json(restPath).get("features");
    assertThat(ogc.size()).isPositive().isEqualTo(rest.size());
    boolean sawExtraObject = false;
    for (int i = 0; i < ogc.size(); i++) {
      JsonNode o = ogc.get(i);
      JsonNode r = rest.get(i);
      assertThat(o.get("id").asText()).isEqualTo(r.get("id").asText());
      List<String> keys = new ArrayList<>();
      o.get("properties").fieldNames().forEachRemaining(keys::add);
      assertThat(new LinkedHashSet<>(keys)).as(layer.id()).containsExactlyInAnyOrderElementsOf(names(layer));
      assertThat(o.get("properties")).as("%s %s", layer.id(), o.get("id")).isEqualTo(r.get("properties"));
      JsonNode extra = o.get("properties").get("extra");
      if (extra != null && extra.size() > 0) {
        // extra is a JSON object in both, never the object's text.
        assertThat(extra.isObject()).isTrue();
        assertThat(extra.get("管理单位").asText()).isEqualTo("街道办事处");
        sawExtraObject = true;
      }
    }
    if (layer == Catalog.FACILITIES) {
      assertThat(sawExtraObject).as("the fixture gave some facilities an extra object").isTrue();
    }
  }

  @Test
  void everyPropertyIsAFieldOfEveryExportFormat() throws Exception {
    for (Layer layer : Catalog.layers()) {
      for (String format : FORMATS) {
        HttpResponse<byte[]> r = HttpClient.newHttpClient().send(
            HttpRequest.newBuilder(URI.create(fx.app.url("/api/export/" + layer.id() + "." + format))).build(),
            HttpResponse.BodyHandlers.ofByteArray());
        assertThat(r.statusCode()).as("%s.%s", layer.id(), format).isEqualTo(200);
        Path file = Files.write(dir.resolve(layer.id() + "." + format), r.body());
        String source = format.equals("shp.zip") ? "/vsizip/" + file + "/" + layer.id() + ".shp" : file.toString();
        Set<String> fields = Gdal.summary(source).fieldTypes().keySet();
        List<String> expected = layer.properties().stream()
            .map(p -> format.equals("shp.zip") ? p.exportName()
                // KML's own <name> element carries the name; GDAL (LIBKML) reads it as "Name".
                : format.equals("kml") && p.name().equals("name") ? "Name" : p.name()).toList();
        assertThat(fields).as("%s.%s", layer.id(), format).containsAll(expected);
      }
    }
  }

  @Test
  void tilesCarryTheDeclaredAttributes() throws Exception {
    OgcFixture.Fac some = fx.facilities.get(0);
    double lon = some.data().geom().getX();
    double lat = some.data().geom().getY();
    TileCoord at = TileCoord.containing(lon, lat, 14);
    // The fixture has no roads: one walkable footway through the facility, for the roads tile (road
    // tiles are not cached), removed again after.
    long road;
    try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
        var rs = s.executeQuery("INSERT INTO road (highway, walkable, geom) VALUES ('footway', true,"
            + " ST_SetSRID(ST_MakeLine(ST_MakePoint(" + (lon - 0.001) + ", " + lat + "), ST_MakePoint(" + (lon + 0.001)
            + ", " + lat + ")), 4490)) RETURNING id")) {
      rs.next();
      road = rs.getLong(1);
    }
    try {
      tilesOfEveryLayerCarryTheirAttributes(at);
    } finally {
      try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
        s.executeUpdate("DELETE FROM road WHERE id = " + road);
      }
    }
  }

  private void tilesOfEveryLayerCarryTheirAttributes(TileCoord at) throws Exception {
    for (TileLayer layer : TileLayer.values()) {
      String path = "/tiles/" + layer.id() + "/" + at.z() + "/" + at.x() + "/" + at.y() + ".mvt"
          + (layer == TileLayer.COMMUNITIES ? "?category=emergency_shelter" : "");
      HttpResponse<byte[]> r = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(URI.create(fx.app.url(path))).build(), HttpResponse.BodyHandlers.ofByteArray());
      assertThat(r.statusCode()).as(path).isEqualTo(200);
      Path tile = Files.write(dir.resolve(layer.id() + ".mvt"), r.body());
      Set<String> fields = Gdal.summary(tile.toString(), "-oo", "X=" + at.x(), "-oo", "Y=" + at.y(),
          "-oo", "Z=" + at.z()).fieldTypes().keySet();
      List<String> declared = layer.layer().tileAttributes().stream().map(Property::name).toList();
      assertThat(declared).as(layer.id()).isNotEmpty();
      assertThat(fields).as(layer.id()).containsAll(declared).containsAll(layer.fields().stream()
          .filter(f -> !f.equals("id")).toList());
    }
  }

  @Test
  void everyPropertyAnImportReadsIsAColumnItReads() throws Exception {
    // One row with every property the import reads, each under its Chinese label.
    List<Property> read = Catalog.FACILITIES.properties().stream()
        .filter(p -> p.importRole() == Property.ImportRole.READ).toList();
    List<String> header = new ArrayList<>(read.stream().map(Property::labelZh).toList());
    header.addAll(List.of("经度", "纬度"));
    List<String> values = new ArrayList<>();
    for (Property p : read) {
      values.add(switch (p.name()) {
        case "category" -> "emergency_shelter";
        case "status" -> "building";
        case "capacity" -> "321";
        case "area_m2" -> "456.5";
        case "opened_on" -> "2021-06-30";
        case "community_code" -> fx.communities.get(0).code();
        case "source_id" -> "CAT-1";
        case "extra" -> "{\"\"楼层\"\": 3}";
        case "phone" -> "0532-88886666 转 12";
        default -> p.name() + "的值";
      });
    }
    values.addAll(List.of("120.3168", "36.1045"));
    String csv = String.join(",", header) + "\n" + String.join(",", values.stream().map(v -> "\"" + v + "\"").toList())
        + "\n";
    HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
            URI.create(fx.app.url("/api/imports?layer=facilities&source=catalog")))
        .headers(admin("Content-Type", "text/csv")).POST(HttpRequest.BodyPublishers.ofString(csv)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(RunningApp.json(r).at("/report/inserted").asInt()).as(r.body()).isEqualTo(1);

    JsonNode props = fx.json("/ogc/collections/facilities/items?filter="
        + OgcFixture.enc("source = 'catalog' AND source_id = 'CAT-1'")).at("/features/0/properties");
    for (Property p : read) {
      JsonNode v = props.get(p.name());
      assertThat(v).as(p.name()).isNotNull();
      assertThat(v.isNull()).as(p.name()).isFalse();
    }
    assertThat(props.get("phone").asText()).isEqualTo("0532-88886666 转 12");
    assertThat(props.get("name").asText()).isEqualTo("name的值");
    assertThat(props.get("address").asText()).isEqualTo("address的值");
    assertThat(props.get("capacity").asInt()).isEqualTo(321);
    assertThat(props.at("/extra/楼层").asInt()).isEqualTo(3);

    // A re-import with another phone changes only that (the staged path compares every property).
    HttpResponse<String> again = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
            URI.create(fx.app.url("/api/imports?layer=facilities&source=catalog")))
        .headers(admin("Content-Type", "text/csv"))
        .POST(HttpRequest.BodyPublishers.ofString(csv.replace("0532-88886666 转 12", "0532-80000000"))).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(RunningApp.json(again).at("/report/updated").asInt()).as(again.body()).isEqualTo(1);
    JsonNode after = fx.json("/ogc/collections/facilities/items?filter="
        + OgcFixture.enc("phone = '0532-80000000'")).get("features");
    assertThat(after.size()).isEqualTo(1);
    assertThat(after.at("/0/properties/source_id").asText()).isEqualTo("CAT-1");
  }

  @Test
  void everyPropertyAStreetImportReadsIsAColumnItReads() throws Exception {
    List<Property> read = Catalog.STREETS.properties().stream()
        .filter(p -> p.importRole() == Property.ImportRole.READ).toList();
    String district = fx.communities.get(0).code().substring(0, 6);
    List<String> values = read.stream().map(p -> switch (p.name()) {
      case "code" -> district + "099";
      case "kind" -> "镇";
      case "district_code" -> district;
      case "district_name" -> "";
      case "boundary_derived" -> "true";
      default -> p.name() + "的值";
    }).toList();
    String csv = String.join(",", read.stream().map(Property::labelZh).toList()) + "\n" + String.join(",", values) + "\n";
    HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
            URI.create(fx.app.url("/api/imports?layer=streets&format=csv")))
        .headers(admin("Content-Type", "text/csv")).POST(HttpRequest.BodyPublishers.ofString(csv)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(RunningApp.json(r).at("/report/inserted").asInt()).as(r.body()).isEqualTo(1);
    JsonNode props = fx.json("/ogc/collections/streets/items/" + district + "099?f=json").get("properties");
    assertThat(props.get("name").asText()).isEqualTo("name的值");
    assertThat(props.get("kind").asText()).isEqualTo("镇");
    assertThat(props.get("district_code").asText()).isEqualTo(district);
    assertThat(props.get("district_name").asText()).isNotBlank();
    assertThat(props.get("boundary_derived").asBoolean()).isTrue();
  }

  @Test
  void thePhoneIsWrittenThroughTheApiKeptInTheHistoryAndReportedToTheProvince() throws Exception {
    String body = """
        {"type": "Feature", "geometry": {"type": "Point", "coordinates": [120.3171, 36.1049]},
         "properties": {"category": "emergency_shelter", "name": "电话测试避难场所", "phone": "0532-12345678",
                        "capacity": 50}}""";
    HttpResponse<String> created = fx.app.post("/api/facilities", body, admin("Content-Type", "application/geo+json"));
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    JsonNode feature = JSON.readTree(created.body());
    assertThat(feature.at("/properties/phone").asText()).isEqualTo("0532-12345678");
    assertThat(feature.at("/properties/extra").has("phone")).as("a property, not an extra").isFalse();
    long id = feature.get("id").asLong();

    HttpResponse<String> replaced = fx.app.put("/api/facilities/" + id, body.replace("0532-12345678", "0532-87654321"),
        admin("Content-Type", "application/geo+json", "If-Match", "\"1\""));
    assertThat(replaced.statusCode()).as(replaced.body()).isEqualTo(200);
    JsonNode history = fx.json("/api/facilities/" + id + "/history");
    assertThat(history.toString()).contains("0532-12345678").contains("0532-87654321");

    HttpResponse<String> tooLong = fx.app.post("/api/facilities", body.replace("0532-12345678", "1".repeat(51)),
        admin("Content-Type", "application/geo+json"));
    assertThat(tooLong.statusCode()).isEqualTo(400);
    assertThat(tooLong.body()).contains("phone");

    HttpResponse<byte[]> csv = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create(fx.app.url("/api/export/shelters-province.csv"))).build(),
        HttpResponse.BodyHandlers.ofByteArray());
    String text = new String(csv.body(), StandardCharsets.UTF_8);
    assertThat(text).contains("电话测试避难场所").contains("0532-87654321");
  }

  /** A value of the property's type within its declared limits; {@code variant} makes another one. */
  private static String jsonValue(Property p, int variant) {
    return switch (p.type()) {
      case INTEGER -> String.valueOf(40 + variant);
      case REAL -> String.valueOf(120.5 + variant);
      case DATE -> "\"2021-06-" + (10 + variant) + "\"";
      default -> "\"" + (p.name() + "值" + variant) + "\"";
    };
  }

  private static String facilityBody(int variant) {
    StringBuilder props = new StringBuilder("\"category\": \"emergency_shelter\"");
    for (Property p : Catalog.FACILITIES.written()) {
      props.append(", \"").append(p.name()).append("\": ").append(jsonValue(p, variant));
    }
    return "{\"type\": \"Feature\", \"geometry\": {\"type\": \"Point\", \"coordinates\": [120.3172, 36.1048]},"
        + " \"properties\": {" + props + "}}";
  }

  @Test
  void everyPropertyWrittenAsGivenIsCreatedReplacedRestoredAndCheckedThroughTheApi() throws Exception {
    HttpResponse<String> created = fx.app.post("/api/facilities", facilityBody(1),
        admin("Content-Type", "application/geo+json"));
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    long id = JSON.readTree(created.body()).get("id").asLong();
    HttpResponse<String> replaced = fx.app.put("/api/facilities/" + id, facilityBody(2),
        admin("Content-Type", "application/geo+json", "If-Match", "\"1\""));
    assertThat(replaced.statusCode()).as(replaced.body()).isEqualTo(200);
    assertWritten(JSON.readTree(replaced.body()).get("properties"), 2);
    HttpResponse<String> restored = fx.app.post("/api/facilities/" + id + "/restore?version=1", "",
        admin("If-Match", "\"2\""));
    assertThat(restored.statusCode()).as(restored.body()).isEqualTo(200);
    assertWritten(JSON.readTree(restored.body()).get("properties"), 1);
    // ... and as OGC serves it.
    assertWritten(fx.json("/ogc/collections/facilities/items/" + id + "?f=json").get("properties"), 1);
    // The provincial shelter template reports the management unit from the property, before extra.
    HttpResponse<byte[]> template = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create(fx.app.url("/api/export/shelters-province.csv"))).build(),
        HttpResponse.BodyHandlers.ofByteArray());
    assertThat(new String(template.body(), StandardCharsets.UTF_8)).contains("management_unit值1");

    for (Property p : Catalog.FACILITIES.written()) {
      String bad = p.written().maxLength() > 0 ? "\"" + "长".repeat(p.written().maxLength() + 1) + "\""
          : p.written().nonNegative() ? "-1" : null;
      if (bad == null) {
        continue;
      }
      String body = facilityBody(3).replace("\"" + p.name() + "\": " + jsonValue(p, 3), "\"" + p.name() + "\": " + bad);
      HttpResponse<String> refused = fx.app.post("/api/facilities", body, admin("Content-Type", "application/geo+json"));
      assertThat(refused.statusCode()).as(p.name()).isEqualTo(400);
      assertThat(JSON.readTree(refused.body()).at("/errors/0/field").asText()).as(refused.body()).isEqualTo(p.name());
    }
  }

  private static void assertWritten(JsonNode props, int variant) throws Exception {
    for (Property p : Catalog.FACILITIES.written()) {
      assertThat(props.get(p.name())).as(p.name()).isEqualTo(JSON.readTree(jsonValue(p, variant)));
    }
  }
}
